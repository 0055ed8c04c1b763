package org.nrws.testing;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.random.RandomSource;

/**
 * Plain-Java dense linear algebra for test oracles, independent of ND4J and LAPACK: Gaussian
 * elimination with partial pivoting, random SPD matrices, conversions and error measures.
 */
public final class Dense {

    private Dense() {
    }

    /**
     * Solves {@code A X = B} by Gaussian elimination with partial pivoting.
     *
     * @param a [n][n] matrix (not modified)
     * @param b [n][r] right-hand sides (not modified)
     * @return X, [n][r]
     */
    public static double[][] solve(double[][] a, double[][] b) {
        int n = a.length;
        int r = b[0].length;
        double[][] m = new double[n][];
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = a[i].clone();
            x[i] = b[i].clone();
        }
        for (int k = 0; k < n; k++) {
            int piv = k;
            for (int i = k + 1; i < n; i++) {
                if (Math.abs(m[i][k]) > Math.abs(m[piv][k])) {
                    piv = i;
                }
            }
            double[] t = m[k];
            m[k] = m[piv];
            m[piv] = t;
            t = x[k];
            x[k] = x[piv];
            x[piv] = t;
            for (int i = k + 1; i < n; i++) {
                double f = m[i][k] / m[k][k];
                if (f == 0) {
                    continue;
                }
                for (int j = k; j < n; j++) {
                    m[i][j] -= f * m[k][j];
                }
                for (int j = 0; j < r; j++) {
                    x[i][j] -= f * x[k][j];
                }
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            for (int j = 0; j < r; j++) {
                double v = x[i][j];
                for (int k = i + 1; k < n; k++) {
                    v -= m[i][k] * x[k][j];
                }
                x[i][j] = v / m[i][i];
            }
        }
        return x;
    }

    /**
     * Solves {@code A x = b} for one vector.
     *
     * @param a [n][n]
     * @param b [n]
     * @return x
     */
    public static double[] solve(double[][] a, double[] b) {
        double[][] bb = new double[b.length][1];
        for (int i = 0; i < b.length; i++) {
            bb[i][0] = b[i];
        }
        double[][] x = solve(a, bb);
        double[] out = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = x[i][0];
        }
        return out;
    }

    /**
     * A random SPD matrix {@code B B^T / n + shift I} with standard normal B [n, n].
     *
     * @param n     size
     * @param shift the added multiple of the identity (&gt; 0)
     * @param rng   the source
     * @return [n][n]
     */
    public static double[][] randomSpd(int n, double shift, RandomSource rng) {
        double[][] b = gaussian(n, n, rng);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += b[i][k] * b[j][k];
                }
                a[i][j] = s / n + (i == j ? shift : 0);
                a[j][i] = a[i][j];
            }
        }
        return a;
    }

    /**
     * @param rows rows
     * @param cols columns
     * @param rng  the source
     * @return standard normal entries
     */
    public static double[][] gaussian(int rows, int cols, RandomSource rng) {
        double[][] a = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                a[i][j] = rng.nextGaussian();
            }
        }
        return a;
    }

    /**
     * @param slices [m][n][k] values
     * @param dtype  FLOAT or DOUBLE
     * @return a new c-order [m, n, k] tensor
     */
    public static INDArray tensor(double[][][] slices, DataType dtype) {
        INDArray t = Nd4j.createFromArray(slices);
        return dtype == DataType.DOUBLE ? t : t.castTo(dtype);
    }

    /**
     * @param t a rank-3 tensor (not modified)
     * @return its values in double
     */
    public static double[][][] slices(INDArray t) {
        INDArray d = t.castTo(DataType.DOUBLE).dup('c');
        double[][][] out = new double[(int) t.size(0)][][];
        for (int i = 0; i < out.length; i++) {
            out[i] = d.slice(i).toDoubleMatrix();
        }
        return out;
    }

    /**
     * The largest relative error, {@code max |a - b| / max |b|}, over all entries.
     *
     * @param a values
     * @param b reference values
     * @return the relative error
     */
    public static double relativeError(INDArray a, INDArray b) {
        INDArray ad = a.castTo(DataType.DOUBLE);
        INDArray bd = b.castTo(DataType.DOUBLE);
        double scale = bd.amaxNumber().doubleValue();
        return ad.sub(bd).amaxNumber().doubleValue() / scale;
    }

    /**
     * @param a values [n][k]
     * @param b reference [n][k]
     * @return {@code max |a - b| / max |b|}
     */
    public static double relativeError(double[][] a, double[][] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                num = Math.max(num, Math.abs(a[i][j] - b[i][j]));
                den = Math.max(den, Math.abs(b[i][j]));
            }
        }
        return num / den;
    }
}
