package org.nrws.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.random.RandomSource;

/**
 * Gray-level images with pixels in 0..255, one image per row, stored compactly as unsigned
 * bytes, and the three binarisations of the data protocol (docs/math.md section 6): fixed stochastic,
 * dynamic (see {@link DynamicBinarization}) and threshold.
 */
public final class GrayImages {

    private final byte[] pixels;
    private final int offset;
    private final int rows;
    private final int columns;

    /**
     * @param pixels  unsigned pixels, row-major (kept by reference, never modified)
     * @param rows    number of images
     * @param columns pixels per image
     */
    public GrayImages(byte[] pixels, int rows, int columns) {
        this(pixels, 0, rows, columns);
    }

    private GrayImages(byte[] pixels, int offset, int rows, int columns) {
        if (rows < 1 || columns < 1) {
            throw new IllegalArgumentException("need at least one image of at least one pixel, got " + rows + " x " + columns);
        }
        if ((long) offset + (long) rows * columns > pixels.length) {
            throw new IllegalArgumentException(rows + " images of " + columns + " pixels do not fit in " + pixels.length
                    + " bytes");
        }
        this.pixels = pixels;
        this.offset = offset;
        this.rows = rows;
        this.columns = columns;
    }

    /** @return the number of images */
    public int rows() {
        return rows;
    }

    /** @return the number of pixels per image */
    public int columns() {
        return columns;
    }

    /**
     * @param row    image index
     * @param column pixel index
     * @return the pixel, 0..255
     */
    public int pixel(int row, int column) {
        return pixels[offset + row * columns + column] & 0xFF;
    }

    /**
     * The images {@code from} (inclusive) to {@code to} (exclusive), sharing the pixels.
     *
     * @param from first image
     * @param to   end (exclusive)
     * @return the view
     */
    public GrayImages range(int from, int to) {
        if (from < 0 || to > rows || from >= to) {
            throw new IllegalArgumentException("image range [" + from + ", " + to + ") is not inside [0, " + rows + ")");
        }
        return new GrayImages(pixels, offset + from * columns, to - from, columns);
    }

    /** @return the mean intensity (pixel / 255) of every pixel position, e.g. for p's visible biases */
    public double[] means() {
        double[] m = new double[columns];
        for (int r = 0; r < rows; r++) {
            int base = offset + r * columns;
            for (int j = 0; j < columns; j++) {
                m[j] += pixels[base + j] & 0xFF;
            }
        }
        for (int j = 0; j < columns; j++) {
            m[j] /= 255.0 * rows;
        }
        return m;
    }

    /**
     * Threshold binarisation: a pixel is 1 when pixel / 255 &gt; 0.5 (no 8-bit pixel is exactly 0.5).
     *
     * @param dtype FLOAT or DOUBLE
     * @return a new [rows, columns] binary matrix
     */
    public INDArray threshold(DataType dtype) {
        float[] a = new float[rows * columns];
        for (int i = 0; i < a.length; i++) {
            a[i] = (pixels[offset + i] & 0xFF) > 127 ? 1f : 0f;
        }
        return Nd4j.createFromArray(a).reshape('c', rows, columns).castTo(dtype);
    }

    /**
     * Stochastic binarisation: pixel (r, j) is 1 with probability pixel / 255, drawn from
     * {@code rng} row by row. With the stream of a stated seed this is the "fixed" protocol; with
     * an epoch's stream it is one draw of the "dynamic" protocol.
     *
     * @param rng   the source of the uniforms
     * @param dtype FLOAT or DOUBLE
     * @return a new [rows, columns] binary matrix
     */
    public INDArray bernoulli(RandomSource rng, DataType dtype) {
        return bernoulliRows(identity(rows), 0, rows, rng, dtype);
    }

    /**
     * Stochastic binarisation of selected images, in the order given.
     *
     * @param order image indices
     * @param from  first position in {@code order}
     * @param to    end position (exclusive)
     * @param rng   the source of the uniforms (consumed in order, {@code columns} per image)
     * @param dtype FLOAT or DOUBLE
     * @return a new [to - from, columns] binary matrix
     */
    public INDArray bernoulliRows(int[] order, int from, int to, RandomSource rng, DataType dtype) {
        int n = to - from;
        float[] a = new float[n * columns];
        for (int i = 0; i < n; i++) {
            int base = offset + order[from + i] * columns;
            for (int j = 0; j < columns; j++) {
                // u < p with p = pixel/255: pixel 0 is always 0, pixel 255 always 1.
                a[i * columns + j] = rng.nextDouble() * 255.0 < (pixels[base + j] & 0xFF) ? 1f : 0f;
            }
        }
        return Nd4j.createFromArray(a).reshape('c', n, columns).castTo(dtype);
    }

    static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
