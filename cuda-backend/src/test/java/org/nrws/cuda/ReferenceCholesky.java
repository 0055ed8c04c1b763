package org.nrws.cuda;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.linalg.BatchedCholesky;
import org.nrws.linalg.NotPositiveDefiniteException;

/**
 * The reference for agreement tests: a textbook Cholesky in plain Java on host copies, float64
 * throughout. As a {@link BatchedCholesky} it works on any ND4J backend (slowly).
 */
final class ReferenceCholesky implements BatchedCholesky {

    /**
     * @param a       row-major [m, n, n]; only the lower triangle is read
     * @param m       slices
     * @param n       order
     * @param context for errors
     * @return row-major L in the lower triangle, zeros above
     */
    static double[] factor(double[] a, int m, int n, String context) {
        double[] l = new double[m * n * n];
        for (int s = 0; s < m; s++) {
            int o = s * n * n;
            for (int j = 0; j < n; j++) {
                double d = a[o + j * n + j];
                for (int k = 0; k < j; k++) {
                    d -= l[o + j * n + k] * l[o + j * n + k];
                }
                if (!(d > 0) || Double.isInfinite(d)) {
                    throw new NotPositiveDefiniteException(context, s, "reference pivot " + j + " = " + d);
                }
                double djj = Math.sqrt(d);
                l[o + j * n + j] = djj;
                for (int i = j + 1; i < n; i++) {
                    double v = a[o + i * n + j];
                    for (int k = 0; k < j; k++) {
                        v -= l[o + i * n + k] * l[o + j * n + k];
                    }
                    l[o + i * n + j] = v / djj;
                }
            }
        }
        return l;
    }

    /**
     * @param l row-major factors (lower triangle read)
     * @param b row-major [m, n, r]
     * @param m slices
     * @param n order
     * @param r right-hand sides
     * @return X with A X = B
     */
    static double[] solve(double[] l, double[] b, int m, int n, int r) {
        double[] x = b.clone();
        for (int s = 0; s < m; s++) {
            int lo = s * n * n;
            int bo = s * n * r;
            for (int c = 0; c < r; c++) {
                for (int i = 0; i < n; i++) {
                    double v = x[bo + i * r + c];
                    for (int k = 0; k < i; k++) {
                        v -= l[lo + i * n + k] * x[bo + k * r + c];
                    }
                    x[bo + i * r + c] = v / l[lo + i * n + i];
                }
                for (int i = n - 1; i >= 0; i--) {
                    double v = x[bo + i * r + c];
                    for (int k = i + 1; k < n; k++) {
                        v -= l[lo + k * n + i] * x[bo + k * r + c];
                    }
                    x[bo + i * r + c] = v / l[lo + i * n + i];
                }
            }
        }
        return x;
    }

    /**
     * @param x any array
     * @return its elements in c order, as doubles, on the host
     */
    static double[] host(INDArray x) {
        return x.dup('c').reshape(x.length()).toDoubleVector();
    }

    @Override
    public void factor(INDArray a, String context) {
        BatchLayout.Dims d = BatchLayout.factor(a, context);
        double[] l = factor(host(a), d.m(), d.n(), context);
        a.assign(Nd4j.createFromArray(l).reshape('c', a.shape()).castTo(a.dataType()));
    }

    @Override
    public void solve(INDArray factored, INDArray b, String context) {
        BatchLayout.Dims d = BatchLayout.solve(factored, b, context);
        double[] x = solve(host(factored), host(b), d.m(), d.n(), d.r());
        b.assign(Nd4j.createFromArray(x).reshape('c', b.shape()).castTo(b.dataType()));
    }

    @Override
    public String name() {
        return "reference-java";
    }
}
