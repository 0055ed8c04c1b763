package org.nrws.app.run;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nrws.checkpoint.AtomicFiles;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.Trace;
import org.nrws.random.RandomSource;

/**
 * Pictures of a model ({@code samples.png}): a grid of samples from the generative network p
 * (each tile shows the Bernoulli means p(x | h1) of a dream, so it is smooth rather than
 * speckled), and below it pairs of rows: data points and their reconstructions (the means of
 * p(x | h1) with h1 ~ q(h1 | x)).
 */
public final class ImageGrid {

    private static final int GAP = 2;

    private ImageGrid() {
    }

    /**
     * Draws the samples and reconstructions of a model.
     *
     * @param machine  the model (not modified)
     * @param data     data points to reconstruct (the first {@code columns} rows are used), or null
     * @param samples  number of samples from p
     * @param shape    {height, width} of a tile
     * @param rng      the random stream of the pictures
     * @return the picture
     */
    public static BufferedImage samplesAndReconstructions(HelmholtzMachine machine, INDArray data, int samples, int[] shape,
                                                         RandomSource rng) {
        int columns = (int) Math.max(1, Math.ceil(Math.sqrt(samples)));
        Trace dream = machine.dream(machine.workspace(samples), rng, true);
        BufferedImage top = tiles(dream.pProbabilities(0), shape, columns);
        if (data == null || data.rows() == 0) {
            return top;
        }
        int n = (int) Math.min(columns, data.rows());
        INDArray x = data.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
        Trace wake = machine.wake(machine.workspace((int) x.rows()), x, rng);
        BufferedImage originals = tiles(x, shape, columns);
        BufferedImage recon = tiles(wake.pProbabilities(0), shape, columns);
        int scale = scale(shape);
        int sep = Math.max(GAP, scale * 2);
        BufferedImage all = new BufferedImage(top.getWidth(), top.getHeight() + sep + originals.getHeight() + recon.getHeight(),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        g.setColor(new Color(200, 60, 60));
        g.fillRect(0, 0, all.getWidth(), all.getHeight());
        g.drawImage(top, 0, 0, null);
        g.drawImage(originals, 0, top.getHeight() + sep, null);
        g.drawImage(recon, 0, top.getHeight() + sep + originals.getHeight(), null);
        g.dispose();
        return all;
    }

    /**
     * Tiles rows of values in [0, 1] (white = 1) into a grid.
     *
     * @param rows    [n, h*w] values in [0, 1]
     * @param shape   {h, w}
     * @param columns tiles per grid row
     * @return the picture, each pixel scaled up so that a tile is at least 28 pixels high
     */
    public static BufferedImage tiles(INDArray rows, int[] shape, int columns) {
        int h = shape[0];
        int w = shape[1];
        if ((long) h * w != rows.columns()) {
            throw new IllegalArgumentException("tile shape " + h + "x" + w + " does not match " + rows.columns() + " columns");
        }
        int n = (int) rows.rows();
        int gridRows = (n + columns - 1) / columns;
        int s = scale(shape);
        int tileW = w * s + GAP;
        int tileH = h * s + GAP;
        BufferedImage img = new BufferedImage(columns * tileW + GAP, gridRows * tileH + GAP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(60, 60, 160));
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.dispose();
        double[][] v = rows.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
        for (int i = 0; i < n; i++) {
            int ox = GAP + (i % columns) * tileW;
            int oy = GAP + (i / columns) * tileH;
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    double x = v[i][r * w + c];
                    int gray = Double.isNaN(x) ? 0 : (int) Math.round(255 * Math.max(0, Math.min(1, x)));
                    int rgb = Double.isNaN(x) ? 0xFF0000 : (gray << 16) | (gray << 8) | gray;
                    for (int dy = 0; dy < s; dy++) {
                        for (int dx = 0; dx < s; dx++) {
                            img.setRGB(ox + c * s + dx, oy + r * s + dy, rgb);
                        }
                    }
                }
            }
        }
        return img;
    }

    private static int scale(int[] shape) {
        // Tiles at least 28 pixels high, but strips of many pixels at most ~280 wide.
        return Math.max(1, Math.min((int) Math.ceil(28.0 / Math.max(shape[0], 1)), 280 / Math.max(shape[1], 1)));
    }

    /**
     * Writes a picture as PNG, atomically.
     *
     * @param image the picture
     * @param png   the file
     * @throws IOException on a write error
     */
    public static void save(BufferedImage image, Path png) throws IOException {
        AtomicFiles.write(png, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }
}
