package org.nrws.host;

import static org.bytedeco.openblas.global.openblas.CblasLower;
import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.CblasUpper;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;

/**
 * Level-3 BLAS from the OpenBLAS that nd4j-native ships, called directly on {@link HostMatrix}
 * blocks in row-major layout: one JNI call per product, no ND4J dispatch, outputs written in
 * place. With a {@link WorkerPool}, {@link #gemm(WorkerPool, boolean, boolean, double, HostMatrix,
 * HostMatrix, double, HostMatrix)} splits the rows of the output over the pool's threads, each
 * calling a single-threaded GEMM (the thread plan of {@link ThreadPlan}).
 */
public final class Blas {

    private Blas() {
    }

    /**
     * {@code C = alpha op(A) op(B) + beta C}, op being the transpose when asked.
     *
     * @param transA use A^T
     * @param transB use B^T
     * @param alpha  scale of the product
     * @param a      A (not modified)
     * @param b      B (not modified)
     * @param beta   scale of C's old value (0: C is only written)
     * @param c      C [M, N] (modified)
     */
    public static void gemm(boolean transA, boolean transB, double alpha, HostMatrix a, HostMatrix b, double beta,
                            HostMatrix c) {
        int m = c.rows();
        int n = c.cols();
        int k = transA ? a.rows() : a.cols();
        int am = transA ? a.cols() : a.rows();
        int bk = transB ? b.cols() : b.rows();
        int bn = transB ? b.rows() : b.cols();
        if (am != m || bk != k || bn != n) {
            throw new IllegalArgumentException("gemm: op(A) is [" + am + ", " + k + "], op(B) [" + bk + ", " + bn
                    + "], C [" + m + ", " + n + "]");
        }
        Precision p = c.precision();
        if (a.precision() != p || b.precision() != p) {
            throw new IllegalArgumentException("gemm: operands of different precisions (" + a.precision() + ", "
                    + b.precision() + ", " + p + ")");
        }
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            scale(c, beta);
            return;
        }
        int ta = transA ? CblasTrans : CblasNoTrans;
        int tb = transB ? CblasTrans : CblasNoTrans;
        if (p == Precision.F64) {
            openblas.cblas_dgemm(CblasRowMajor, ta, tb, m, n, k, alpha, (DoublePointer) a.pointer(), a.ld(),
                    (DoublePointer) b.pointer(), b.ld(), beta, (DoublePointer) c.pointer(), c.ld());
        } else {
            openblas.cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, (float) alpha, (FloatPointer) a.pointer(), a.ld(),
                    (FloatPointer) b.pointer(), b.ld(), (float) beta, (FloatPointer) c.pointer(), c.ld());
        }
    }

    /**
     * As {@link #gemm(boolean, boolean, double, HostMatrix, HostMatrix, double, HostMatrix)}, with the
     * rows of C split over the pool's threads (one single-threaded GEMM each; results identical to a
     * serial call with the same split).
     *
     * @param pool   the threads, or null for one call
     * @param transA use A^T
     * @param transB use B^T
     * @param alpha  scale of the product
     * @param a      A (not modified)
     * @param b      B (not modified)
     * @param beta   scale of C's old value
     * @param c      C (modified)
     */
    public static void gemm(WorkerPool pool, boolean transA, boolean transB, double alpha, HostMatrix a, HostMatrix b,
                            double beta, HostMatrix c) {
        int m = c.rows();
        if (!split || pool == null || pool.threads() == 1 || m < 2 * MIN_ROWS_PER_THREAD) {
            gemm(transA, transB, alpha, a, b, beta, c);
            return;
        }
        pool.forRange(m, (r0, r1, t) -> gemm(transA, transB, alpha,
                transA ? a.columnBlock(r0, r1) : a.rowBlock(r0, r1), b, beta, c.rowBlock(r0, r1)));
    }

    /** Below this many output rows per thread a GEMM is not split. */
    public static final int MIN_ROWS_PER_THREAD = 8;

    private static volatile boolean split = true;

    /**
     * @param on split GEMMs over the pool (the thread plan's {@code SPLIT} mode) or leave them to
     *           OpenBLAS's own threads
     */
    static void splitGemms(boolean on) {
        split = on;
    }

    /**
     * One triangle (row-major view) of {@code C = alpha A A^T + beta C} ({@code trans} false,
     * A [n, k]) or {@code C = alpha A^T A + beta C} ({@code trans} true, A [k, n]); the other
     * triangle of C is not touched.
     *
     * @param upper  write the upper triangle (else the lower)
     * @param trans  use A^T A
     * @param alpha  scale of the product
     * @param a      A (not modified)
     * @param beta   scale of C's old triangle
     * @param c      C [n, n] (modified: one triangle)
     */
    public static void syrk(boolean upper, boolean trans, double alpha, HostMatrix a, double beta, HostMatrix c) {
        int n = c.rows();
        int k = trans ? a.rows() : a.cols();
        if (c.cols() != n || (trans ? a.cols() : a.rows()) != n || a.precision() != c.precision()) {
            throw new IllegalArgumentException("syrk: C [" + c.rows() + ", " + c.cols() + "] does not fit A [" + a.rows()
                    + ", " + a.cols() + "]" + (trans ? "^T A" : " A^T"));
        }
        if (n == 0) {
            return;
        }
        int t = trans ? CblasTrans : CblasNoTrans;
        int uplo = upper ? CblasUpper : CblasLower;
        if (c.precision() == Precision.F64) {
            openblas.cblas_dsyrk(CblasRowMajor, uplo, t, n, k, alpha, (DoublePointer) a.pointer(), a.ld(), beta,
                    (DoublePointer) c.pointer(), c.ld());
        } else {
            openblas.cblas_ssyrk(CblasRowMajor, uplo, t, n, k, (float) alpha, (FloatPointer) a.pointer(), a.ld(),
                    (float) beta, (FloatPointer) c.pointer(), c.ld());
        }
    }

    /**
     * {@code y = alpha A x + beta y} for a symmetric A of which only the upper triangle (row-major
     * view) is read.
     *
     * @param alpha scale of the product
     * @param a     [n, n] (not modified)
     * @param x     [n, 1] contiguous column (not modified)
     * @param beta  scale of y's old value
     * @param y     [n, 1] contiguous column (modified)
     */
    public static void symvUpper(double alpha, HostMatrix a, HostMatrix x, double beta, HostMatrix y) {
        int n = a.rows();
        if (a.cols() != n || x.rows() != n || y.rows() != n || x.cols() != 1 || y.cols() != 1) {
            throw new IllegalArgumentException("symv: shapes do not fit");
        }
        if (a.precision() == Precision.F64) {
            openblas.cblas_dsymv(CblasRowMajor, CblasUpper, n, alpha, (DoublePointer) a.pointer(), a.ld(),
                    (DoublePointer) x.pointer(), x.ld(), beta, (DoublePointer) y.pointer(), y.ld());
        } else {
            openblas.cblas_ssymv(CblasRowMajor, CblasUpper, n, (float) alpha, (FloatPointer) a.pointer(), a.ld(),
                    (FloatPointer) x.pointer(), x.ld(), (float) beta, (FloatPointer) y.pointer(), y.ld());
        }
    }

    private static void scale(HostMatrix c, double beta) {
        for (int r = 0; r < c.rows(); r++) {
            for (int j = 0; j < c.cols(); j++) {
                int i = r * c.ld() + j;
                c.set(i, beta == 0 ? 0 : beta * c.get(i));
            }
        }
    }
}
