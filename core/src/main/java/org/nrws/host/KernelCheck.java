package org.nrws.host;

import static org.bytedeco.openblas.global.openblas.CblasLeft;
import static org.bytedeco.openblas.global.openblas.CblasLower;
import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasNonUnit;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.LAPACK_COL_MAJOR;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;

/**
 * A start-up check of the OpenBLAS kernels behind {@link Lapack} and the batched Cholesky, against
 * plain Java arithmetic: {@code ?trsm} (float64 and float32) and {@code dpotrf} on small
 * well-conditioned matrices. It exists because OpenBLAS 0.3.19 (the version nd4j-native M2.1 ships)
 * picks its SkylakeX kernels on AVX-512 CPUs, and on some of them (measured on an Intel Xeon with
 * AVX-512 and AMX, CPU model 167, on 2026-12-04) its {@code DTRSM} returns wrong solutions (errors of
 * 10^1 to 10^12 at n = 8 to 257) and {@code DPOTRF} fails on positive-definite matrices, while
 * {@code DGEMM}, {@code DSYRK}, {@code DGEMV} and {@code DDOT} are right. With the environment
 * variable {@code OPENBLAS_CORETYPE=Haswell} (set by {@code ./nrws}, {@code bench/run.sh} and the
 * test runs on AVX-512 machines) the same calls are correct to 1e-15.
 *
 * <p>The check runs once per JVM (about a millisecond) and fails fast: every solve after a wrong
 * triangular kernel would be silently wrong.
 */
public final class KernelCheck {

    private static final double TOLERANCE = 1e-9;
    private static final double TOLERANCE_F32 = 1e-3;
    private static volatile boolean verified;
    private static volatile Kernels kernels = Kernels.OPENBLAS;

    /** The kernels under check: OpenBLAS's, or (in tests) a wrapper that returns a wrong result. */
    interface Kernels {
        /** OpenBLAS's {@code cblas_?trsm} and {@code LAPACKE_dpotrf_work}. */
        Kernels OPENBLAS = new Kernels() {
        };

        /**
         * Solves L X = B in place (lower, no transpose, left, row-major).
         *
         * @param l the n x n lower triangle
         * @param b the n x cols right-hand sides, replaced by X
         */
        default void trsm(HostMatrix l, HostMatrix b) {
            int n = l.rows();
            if (l.precision() == Precision.F32) {
                openblas.cblas_strsm(CblasRowMajor, CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit, n, b.cols(), 1f,
                        (FloatPointer) l.pointer(), l.ld(), (FloatPointer) b.pointer(), b.ld());
            } else {
                openblas.cblas_dtrsm(CblasRowMajor, CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit, n, b.cols(), 1.0,
                        (DoublePointer) l.pointer(), l.ld(), (DoublePointer) b.pointer(), b.ld());
            }
        }

        /**
         * Factors a row-major n x n matrix in place; its upper triangle gets U = L^T.
         *
         * @param a the matrix, row-major, replaced by the factor
         * @param n its order
         * @return LAPACK's info
         */
        default int potrf(double[] a, int n) {
            try (DoublePointer p = new DoublePointer(a)) {
                // column-major 'L' on a row-major array: the row-major upper triangle gets U = L^T
                int info = openblas.LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, (byte) 'L', n, p, n);
                p.get(a);
                return info;
            }
        }
    }

    /**
     * Makes the next {@link #verify()} check these kernels (a test's wrong kernel, or
     * {@link Kernels#OPENBLAS} to restore).
     *
     * @param k the kernels
     */
    static void checkNext(Kernels k) {
        synchronized (KernelCheck.class) {
            kernels = k;
            verified = false;
        }
    }

    private KernelCheck() {
    }

    /**
     * Verifies the kernels once; later calls return at once.
     *
     * @throws IllegalStateException when a kernel gives a wrong answer, naming it and the remedy
     */
    public static void verify() {
        if (verified) {
            return;
        }
        synchronized (KernelCheck.class) {
            if (verified) {
                return;
            }
            check("dtrsm", trsmError(false, 40), TOLERANCE);
            check("strsm", trsmError(true, 40), TOLERANCE_F32);
            check("dpotrf", potrfError(200), TOLERANCE);
            verified = true;
        }
    }

    private static void check(String kernel, double error, double tolerance) {
        if (!(error <= tolerance)) {
            String core = System.getenv("OPENBLAS_CORETYPE");
            throw new IllegalStateException("OpenBLAS " + kernel + " gives wrong results on this CPU (relative error "
                    + String.format(java.util.Locale.ROOT, "%.1e", error) + ", OPENBLAS_CORETYPE="
                    + (core == null ? "unset" : core) + "): a known fault of OpenBLAS 0.3.19's AVX-512 (SkylakeX) kernels on"
                    + " some CPUs; start the JVM with the environment variable OPENBLAS_CORETYPE=Haswell");
        }
    }

    /** The lower-triangular test matrix: diagonal 2..3, off-diagonal entries of size 0.1 at most. */
    private static double lower(int i, int j) {
        return i == j ? 2 + (i % 7) / 7.0 : i > j ? 0.1 * Math.sin(3 * i + 7 * j) : 0;
    }

    /** Solves L X = B for a known X (|X| at most 1, attained) and returns max |X - X_true|. */
    private static double trsmError(boolean f32, int n) {
        int cols = 5;
        Precision p = f32 ? Precision.F32 : Precision.F64;
        HostMatrix l = HostMatrix.allocate(p, n, n);
        HostMatrix b = HostMatrix.allocate(p, n, cols);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                l.set(i, j, lower(i, j));
            }
            for (int c = 0; c < cols; c++) {
                double s = 0;
                for (int k = 0; k <= i; k++) {
                    s += lower(i, k) * solution(k, c);
                }
                b.set(i, c, s);
            }
        }
        kernels.trsm(l, b);
        double err = 0;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < cols; c++) {
                err = Math.max(err, Math.abs(b.get(i, c) - solution(i, c)));
            }
        }
        return err;
    }

    /** The known solution of the triangular test: cos(i + 3c), so max |X| = 1 (at i = c = 0). */
    private static double solution(int i, int c) {
        return Math.cos(i + 3 * c);
    }

    /** Factors A = L L^T (A built from the test L) and returns max |L_computed - L| / 3 (3 bounds max |L|). */
    private static double potrfError(int n) {
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k <= Math.min(i, j); k++) {
                    s += lower(i, k) * lower(j, k);
                }
                a[i * n + j] = s;
            }
        }
        double[] f = a.clone();
        int info = kernels.potrf(f, n);
        if (info != 0) {
            return Double.POSITIVE_INFINITY;
        }
        double err = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                err = Math.max(err, Math.abs(f[i * n + j] - lower(j, i)) / 3);
            }
        }
        return err;
    }
}
