package org.nrws.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.random.RandomSource;

/**
 * The 3x3 "lines" toy distribution: the 6 images with one full line (3 rows, 3 columns) have
 * probability 2/18 each, the 6 images with two parallel full lines (2 of the 3 rows, or 2 of the
 * 3 columns) have probability 1/18 each; every other image has probability 0. It is small enough
 * (9 pixels) for the exact KL(data || model) to be computed by enumeration.
 */
public final class LinesToy {

    /** Number of pixels. */
    public static final int PIXELS = 9;

    private LinesToy() {
    }

    /** @return the 12 patterns, [12, 9], rows 0-5 single lines, 6-11 pairs */
    public static double[][] patterns() {
        double[][] p = new double[12][PIXELS];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                p[r][3 * r + c] = 1;      // row r
                p[3 + c][3 * r + c] = 1;  // column c
            }
        }
        int[][] pairs = {{0, 1}, {0, 2}, {1, 2}};
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < PIXELS; j++) {
                p[6 + i][j] = Math.max(p[pairs[i][0]][j], p[pairs[i][1]][j]);
                p[9 + i][j] = Math.max(p[3 + pairs[i][0]][j], p[3 + pairs[i][1]][j]);
            }
        }
        return p;
    }

    /** @return the probabilities of {@link #patterns()}: 2/18 for the first 6, 1/18 for the rest */
    public static double[] probabilities() {
        double[] w = new double[12];
        for (int i = 0; i < 12; i++) {
            w[i] = (i < 6 ? 2.0 : 1.0) / 18.0;
        }
        return w;
    }

    /**
     * The exact distribution over all 2^9 images, indexed by the image's bits (pixel j is bit j).
     *
     * @return 512 probabilities summing to one
     */
    public static double[] distribution() {
        double[] pd = new double[1 << PIXELS];
        double[][] pat = patterns();
        double[] w = probabilities();
        for (int i = 0; i < pat.length; i++) {
            int idx = 0;
            for (int j = 0; j < PIXELS; j++) {
                if (pat[i][j] == 1) {
                    idx |= 1 << j;
                }
            }
            pd[idx] += w[i];
        }
        return pd;
    }

    /**
     * Draws a data set from the distribution.
     *
     * @param n     number of rows
     * @param dtype FLOAT or DOUBLE
     * @param rng   the source
     * @return a new [n, 9] binary matrix
     */
    public static INDArray sample(int n, DataType dtype, RandomSource rng) {
        double[][] pat = patterns();
        double[] w = probabilities();
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            double u = rng.nextDouble();
            int k = 0;
            double acc = w[0];
            while (u >= acc && k < w.length - 1) {
                acc += w[++k];
            }
            rows[i] = pat[k].clone();
        }
        return Nd4j.createFromArray(rows).castTo(dtype);
    }
}
