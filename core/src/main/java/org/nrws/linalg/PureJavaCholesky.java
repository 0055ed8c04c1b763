package org.nrws.linalg;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reference {@link BatchedCholesky}: a textbook Cholesky-Banachiewicz factorisation and two
 * triangular substitutions per slice, in plain sequential Java. It is the oracle of the tests and
 * the fallback when no native provider is available; it is slow (about 1 GFLOP/s).
 *
 * <p>Both FLOAT and DOUBLE tensors are accepted; the arithmetic is always done in double and the
 * result rounded to the tensor's type once, so for FLOAT it is a slightly more accurate reference
 * than single-precision LAPACK. A pivot that is not positive (or not finite, e.g. NaN) raises
 * {@link NotPositiveDefiniteException} naming the slice and the leading minor. The tensors are
 * copied to Java arrays and written back, so any layout of the contract works.
 */
public final class PureJavaCholesky implements BatchedCholesky {

    /** {@inheritDoc} Modifies {@code a}: its lower triangle holds L, its strict upper triangle is zeroed. */
    @Override
    public void factor(INDArray a, String context) {
        int n = BatchLayout.checkSquare(a, context);
        long m = a.size(0);
        double[] all = a.dup('c').data().asDouble();
        int nn = n * n;
        for (int s = 0; s < m; s++) {
            int base = s * nn;
            for (int j = 0; j < n; j++) {
                int rj = base + j * n;
                for (int i = j; i < n; i++) {
                    int ri = base + i * n;
                    double v = all[ri + j];
                    for (int k = 0; k < j; k++) {
                        v -= all[ri + k] * all[rj + k];
                    }
                    if (i == j) {
                        if (!(v > 0) || Double.isInfinite(v)) {
                            throw new NotPositiveDefiniteException(context, s, "leading minor " + (j + 1)
                                    + (Double.isNaN(v) ? " is NaN: the input holds NaN" : " has pivot " + v));
                        }
                        all[rj + j] = Math.sqrt(v);
                    } else {
                        all[ri + j] = v / all[rj + j];
                    }
                }
                for (int k = j + 1; k < n; k++) {
                    all[rj + k] = 0;
                }
            }
        }
        writeBack(a, all);
    }

    /** {@inheritDoc} Modifies {@code b} (the solutions); {@code factored} is only read. */
    @Override
    public void solve(INDArray factored, INDArray b, String context) {
        int r = BatchLayout.checkRhs(factored, b, context);
        int n = (int) factored.size(1);
        long m = factored.size(0);
        double[] l = factored.dup('c').data().asDouble();
        double[] x = b.dup('c').data().asDouble();
        int nn = n * n;
        int nr = n * r;
        for (int s = 0; s < m; s++) {
            int lb = s * nn;
            int xb = s * nr;
            for (int c = 0; c < r; c++) {
                for (int i = 0; i < n; i++) {          // L y = b
                    double v = x[xb + i * r + c];
                    for (int k = 0; k < i; k++) {
                        v -= l[lb + i * n + k] * x[xb + k * r + c];
                    }
                    x[xb + i * r + c] = v / l[lb + i * n + i];
                }
                for (int i = n - 1; i >= 0; i--) {     // L^T x = y
                    double v = x[xb + i * r + c];
                    for (int k = i + 1; k < n; k++) {
                        v -= l[lb + k * n + i] * x[xb + k * r + c];
                    }
                    x[xb + i * r + c] = v / l[lb + i * n + i];
                }
            }
            for (int i = 0; i < nr; i++) {
                if (!Double.isFinite(x[xb + i])) {
                    throw new NotPositiveDefiniteException(context, s, "the solution is not finite: the right-hand side holds"
                            + " NaN or infinity, or the block is numerically singular");
                }
            }
        }
        writeBack(b, x);
    }

    private static void writeBack(INDArray target, double[] values) {
        INDArray src = Nd4j.createFromArray(values).reshape('c', target.shape());
        target.assign(target.dataType() == DataType.DOUBLE ? src : src.castTo(target.dataType()));
    }

    @Override
    public String name() {
        return "pure-java";
    }
}
