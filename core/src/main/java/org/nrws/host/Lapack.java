package org.nrws.host;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasNonUnit;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.CblasUpper;
import static org.bytedeco.openblas.global.openblas.LAPACK_COL_MAJOR;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;

/**
 * The Cholesky factorisation and solve of one symmetric positive-definite matrix, from the
 * OpenBLAS that nd4j-native ships, on a {@link HostMatrix}.
 *
 * <p>Convention: the caller fills the <em>upper</em> triangle of the row-major matrix (the strict
 * lower triangle is never read). A row-major matrix read as column-major is its transpose, so
 * {@code ?potrf(LAPACK_COL_MAJOR, 'L')} factors it and leaves {@code U = L^T} with
 * {@code A = U^T U} in the row-major upper triangle. This is the faster of the two layouts of
 * OpenBLAS 0.3.19 here (73-94 microseconds against 93-151 for n = 160, measured). The
 * {@code _work} variant is called, without LAPACKE's NaN scan: callers build their matrices from
 * inputs they have already checked, and a non-finite pivot is still caught by {@link #potrf}.
 * Every method first runs {@link KernelCheck#verify()} (once per JVM), which fails fast where
 * OpenBLAS's triangular kernels are wrong on the CPU.
 */
public final class Lapack {

    private Lapack() {
    }

    /**
     * Factors in place.
     *
     * @param a [n, n] with its upper triangle filled (modified: holds U on success)
     * @return 0 on success, k &gt; 0 when the leading minor of order k is not positive (or a pivot
     *     is not finite)
     */
    public static int potrf(HostMatrix a) {
        KernelCheck.verify();
        int n = a.rows();
        if (a.cols() != n) {
            throw new IllegalArgumentException("potrf needs a square matrix, got [" + a.rows() + ", " + a.cols() + "]");
        }
        if (n == 0) {
            return 0;
        }
        int info = a.precision() == Precision.F64
                ? openblas.LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, (byte) 'L', n, (DoublePointer) a.pointer(), a.ld())
                : openblas.LAPACKE_spotrf_work(LAPACK_COL_MAJOR, (byte) 'L', n, (FloatPointer) a.pointer(), a.ld());
        if (info < 0) {
            throw new IllegalStateException("?potrf rejected argument " + (-info));
        }
        if (info == 0) {
            int ld = a.ld();
            for (int k = 0; k < n; k++) {
                double pivot = a.get(k * ld + k);
                if (!(pivot > 0) || Double.isInfinite(pivot)) {
                    return k + 1;
                }
            }
        }
        return info;
    }

    /**
     * Solves {@code A x = b} with the factor from {@link #potrf}: {@code U^T z = b}, then {@code U x = z}.
     *
     * @param u the factor (not modified)
     * @param b a [1, n] row or [n, 1] column of the same precision; modified: holds x
     */
    public static void potrs(HostMatrix u, HostMatrix b) {
        KernelCheck.verify();
        int n = u.rows();
        boolean row = b.rows() == 1;
        int len = row ? b.cols() : b.rows();
        if (len != n || (!row && b.cols() != 1) || b.precision() != u.precision()) {
            throw new IllegalArgumentException("potrs: right-hand side [" + b.rows() + ", " + b.cols() + "] does not fit ["
                    + n + ", " + n + "]");
        }
        if (n == 0) {
            return;
        }
        int inc = row ? 1 : b.ld();
        if (u.precision() == Precision.F64) {
            DoublePointer up = (DoublePointer) u.pointer();
            DoublePointer bp = (DoublePointer) b.pointer();
            openblas.cblas_dtrsv(CblasRowMajor, CblasUpper, CblasTrans, CblasNonUnit, n, up, u.ld(), bp, inc);
            openblas.cblas_dtrsv(CblasRowMajor, CblasUpper, CblasNoTrans, CblasNonUnit, n, up, u.ld(), bp, inc);
        } else {
            FloatPointer up = (FloatPointer) u.pointer();
            FloatPointer bp = (FloatPointer) b.pointer();
            openblas.cblas_strsv(CblasRowMajor, CblasUpper, CblasTrans, CblasNonUnit, n, up, u.ld(), bp, inc);
            openblas.cblas_strsv(CblasRowMajor, CblasUpper, CblasNoTrans, CblasNonUnit, n, up, u.ld(), bp, inc);
        }
    }

    /**
     * Solves {@code A X = B} for many right-hand sides with the factor from {@link #potrf}.
     *
     * @param u   the [n, n] factor (not modified)
     * @param rhs [r, n]: one right-hand side per row (modified: the solutions, one per row)
     */
    public static void potrsRows(HostMatrix u, HostMatrix rhs) {
        KernelCheck.verify();
        int n = u.rows();
        if (rhs.cols() != n || rhs.precision() != u.precision()) {
            throw new IllegalArgumentException("potrs: right-hand sides [" + rhs.rows() + ", " + rhs.cols()
                    + "] do not fit [" + n + ", " + n + "]");
        }
        if (n == 0 || rhs.rows() == 0) {
            return;
        }
        // the rows of rhs are the columns of its column-major view: nrhs = rows, ldb = ld
        int info = u.precision() == Precision.F64
                ? openblas.LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, (byte) 'L', n, rhs.rows(), (DoublePointer) u.pointer(), u.ld(),
                        (DoublePointer) rhs.pointer(), rhs.ld())
                : openblas.LAPACKE_spotrs_work(LAPACK_COL_MAJOR, (byte) 'L', n, rhs.rows(), (FloatPointer) u.pointer(), u.ld(),
                        (FloatPointer) rhs.pointer(), rhs.ld());
        if (info != 0) {
            throw new IllegalStateException("?potrs rejected argument " + (-info));
        }
    }

    /**
     * The eigendecomposition of a symmetric matrix whose upper triangle (row-major) is filled:
     * {@code A = Q diag(lambda) Q^T}.
     *
     * @param a      [n, n] (modified: row j holds the j-th eigenvector, i.e. the block holds Q^T)
     * @param lambda [n, 1] (modified: the eigenvalues, ascending)
     * @throws IllegalStateException when the algorithm does not converge
     */
    public static void syevd(HostMatrix a, HostMatrix lambda) {
        KernelCheck.verify();
        int n = a.rows();
        if (a.cols() != n || lambda.rows() != n || lambda.precision() != a.precision()) {
            throw new IllegalArgumentException("syevd: shapes do not fit");
        }
        // row-major upper = column-major lower; the eigenvectors come back as columns of the
        // column-major view, which are the rows of the row-major one
        int info = a.precision() == Precision.F64
                ? openblas.LAPACKE_dsyevd(LAPACK_COL_MAJOR, (byte) 'V', (byte) 'L', n, (DoublePointer) a.pointer(), a.ld(),
                        (DoublePointer) lambda.pointer())
                : openblas.LAPACKE_ssyevd(LAPACK_COL_MAJOR, (byte) 'V', (byte) 'L', n, (FloatPointer) a.pointer(), a.ld(),
                        (FloatPointer) lambda.pointer());
        if (info != 0) {
            throw new IllegalStateException("?syevd failed (info " + info + ")");
        }
    }
}
