package org.nrws.cuda.device;

import static org.bytedeco.cuda.global.cublas.CUBLAS_FILL_MODE_LOWER;
import static org.bytedeco.cuda.global.cublas.cublasCreate_v2;
import static org.bytedeco.cuda.global.cublas.cublasDaxpy_v2;
import static org.bytedeco.cuda.global.cublas.cublasDdgmm;
import static org.bytedeco.cuda.global.cublas.cublasDestroy_v2;
import static org.bytedeco.cuda.global.cublas.cublasDgemmStridedBatched;
import static org.bytedeco.cuda.global.cublas.cublasDgemm_v2;
import static org.bytedeco.cuda.global.cublas.cublasSaxpy_v2;
import static org.bytedeco.cuda.global.cublas.cublasSdgmm;
import static org.bytedeco.cuda.global.cublas.cublasSgemmStridedBatched;
import static org.bytedeco.cuda.global.cublas.cublasSgemm_v2;
import static org.bytedeco.cuda.global.cusolver.cusolverDnCreate;
import static org.bytedeco.cuda.global.cusolver.cusolverDnDestroy;
import static org.bytedeco.cuda.global.cusolver.cusolverDnDpotrf;
import static org.bytedeco.cuda.global.cusolver.cusolverDnDpotrfBatched;
import static org.bytedeco.cuda.global.cusolver.cusolverDnDpotrf_bufferSize;
import static org.bytedeco.cuda.global.cusolver.cusolverDnDpotrs;
import static org.bytedeco.cuda.global.cusolver.cusolverDnSpotrf;
import static org.bytedeco.cuda.global.cusolver.cusolverDnSpotrf_bufferSize;
import static org.bytedeco.cuda.global.cusolver.cusolverDnSpotrs;
import static org.bytedeco.cuda.global.cusolver.cusolverDnDpotrsBatched;
import static org.bytedeco.cuda.global.cusolver.cusolverDnSpotrfBatched;
import static org.bytedeco.cuda.global.cusolver.cusolverDnSpotrsBatched;

import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.cuda.cusolver.cusolverDnContext;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nrws.cuda.CudaStatus;
import org.nrws.cuda.CudaStatus.Library;

/**
 * The cuBLAS and cuSOLVER calls of the solver, in one precision, on the default stream, with every
 * status checked. Matrices are column-major (cuBLAS's convention); offsets are in elements.
 */
final class DeviceMath implements AutoCloseable {

    private final boolean f64;
    private final cublasContext blas = new cublasContext();
    private final cusolverDnContext solver = new cusolverDnContext();
    private final DoublePointer d1 = new DoublePointer(1);
    private final DoublePointer d2 = new DoublePointer(1);
    private final FloatPointer f1 = new FloatPointer(1);
    private final FloatPointer f2 = new FloatPointer(1);

    /**
     * @param f64     float64 (else float32)
     * @param context for messages
     */
    DeviceMath(boolean f64, String context) {
        this.f64 = f64;
        CudaStatus.check(Library.CUBLAS, cublasCreate_v2(blas), "cublasCreate", context);
        CudaStatus.check(Library.CUSOLVER, cusolverDnCreate(solver), "cusolverDnCreate", context);
    }

    /** @return true in float64 */
    boolean f64() {
        return f64;
    }

    /** {@code C = alpha op(A) op(B) + beta C}. */
    void gemm(int opA, int opB, int m, int n, int k, double alpha, DeviceBuffer a, long aOff, int lda, DeviceBuffer b,
              long bOff, int ldb, double beta, DeviceBuffer c, long cOff, int ldc, String context) {
        int st = f64 ? cublasDgemm_v2(blas, opA, opB, m, n, k, d1.put(alpha), a.d(aOff), lda, b.d(bOff), ldb, d2.put(beta),
                c.d(cOff), ldc)
                : cublasSgemm_v2(blas, opA, opB, m, n, k, f1.put((float) alpha), a.f(aOff), lda, b.f(bOff), ldb,
                f2.put((float) beta), c.f(cOff), ldc);
        CudaStatus.check(Library.CUBLAS, st, f64 ? "cublasDgemm" : "cublasSgemm", context);
    }

    /** {@code C_j = alpha op(A_j) op(B_j) + beta C_j} for j &lt; batch, the members {@code stride} elements apart. */
    void gemmStridedBatched(int opA, int opB, int m, int n, int k, double alpha, DeviceBuffer a, long aOff, int lda,
                            long strideA, DeviceBuffer b, long bOff, int ldb, long strideB, double beta, DeviceBuffer c,
                            long cOff, int ldc, long strideC, int batch, String context) {
        int st = f64 ? cublasDgemmStridedBatched(blas, opA, opB, m, n, k, d1.put(alpha), a.d(aOff), lda, strideA, b.d(bOff),
                ldb, strideB, d2.put(beta), c.d(cOff), ldc, strideC, batch)
                : cublasSgemmStridedBatched(blas, opA, opB, m, n, k, f1.put((float) alpha), a.f(aOff), lda, strideA,
                b.f(bOff), ldb, strideB, f2.put((float) beta), c.f(cOff), ldc, strideC, batch);
        CudaStatus.check(Library.CUBLAS, st, f64 ? "cublasDgemmStridedBatched" : "cublasSgemmStridedBatched", context);
    }

    /** {@code C = A diag(x)} (side right) or {@code diag(x) A} (side left); A is m x n. */
    void dgmm(int side, int m, int n, DeviceBuffer a, long aOff, int lda, DeviceBuffer x, long xOff, int incx,
              DeviceBuffer c, long cOff, int ldc, String context) {
        int st = f64 ? cublasDdgmm(blas, side, m, n, a.d(aOff), lda, x.d(xOff), incx, c.d(cOff), ldc)
                : cublasSdgmm(blas, side, m, n, a.f(aOff), lda, x.f(xOff), incx, c.f(cOff), ldc);
        CudaStatus.check(Library.CUBLAS, st, f64 ? "cublasDdgmm" : "cublasSdgmm", context);
    }

    /** {@code y = alpha x + y} over n elements with increments. */
    void axpy(int n, double alpha, DeviceBuffer x, long xOff, int incx, DeviceBuffer y, long yOff, int incy, String context) {
        int st = f64 ? cublasDaxpy_v2(blas, n, d1.put(alpha), x.d(xOff), incx, y.d(yOff), incy)
                : cublasSaxpy_v2(blas, n, f1.put((float) alpha), x.f(xOff), incx, y.f(yOff), incy);
        CudaStatus.check(Library.CUBLAS, st, f64 ? "cublasDaxpy" : "cublasSaxpy", context);
    }

    /**
     * Cholesky factors (lower) of a batch of n x n matrices, in place.
     *
     * @param n        the order
     * @param pointers a device array of the matrices' addresses
     * @param lda      their leading dimension
     * @param info     a device int array of {@code batch} entries (modified)
     * @param batch    how many
     * @param context  for messages
     * @return the routine's name (for the info check)
     */
    String potrfBatched(int n, DeviceBuffer pointers, int lda, DeviceBuffer info, int batch, String context) {
        String name = f64 ? "cusolverDnDpotrfBatched" : "cusolverDnSpotrfBatched";
        if (lda < n) {
            throw new IllegalArgumentException(context + ": lda " + lda + " < n " + n);
        }
        int st = f64 ? cusolverDnDpotrfBatched(solver, CUBLAS_FILL_MODE_LOWER, n, pointers.pointers(), lda, info.ints(), batch)
                : cusolverDnSpotrfBatched(solver, CUBLAS_FILL_MODE_LOWER, n, pointers.pointers(), lda, info.ints(), batch);
        CudaStatus.check(Library.CUSOLVER, st, name, context);
        return name;
    }

    /**
     * Solves {@code A_j x_j = b_j} with the lower factors of {@link #potrfBatched}, one right-hand side
     * each (the only count cuSOLVER's batched solve supports), in place.
     *
     * @param n       the order
     * @param factors the factors' addresses
     * @param lda     their leading dimension
     * @param rhs     the right-hand sides' addresses (contiguous vectors)
     * @param ldb     their leading dimension
     * @param info    a device int (modified)
     * @param batch   how many
     * @param context for messages
     */
    void potrsBatched(int n, DeviceBuffer factors, int lda, DeviceBuffer rhs, int ldb, DeviceBuffer info, int batch,
                      String context) {
        int st = f64 ? cusolverDnDpotrsBatched(solver, CUBLAS_FILL_MODE_LOWER, n, 1, factors.pointers(), lda, rhs.pointers(),
                ldb, info.ints(), batch)
                : cusolverDnSpotrsBatched(solver, CUBLAS_FILL_MODE_LOWER, n, 1, factors.pointers(), lda, rhs.pointers(),
                ldb, info.ints(), batch);
        CudaStatus.check(Library.CUSOLVER, st, f64 ? "cusolverDnDpotrsBatched" : "cusolverDnSpotrsBatched", context);
    }

    /**
     * @param n       the order
     * @param a       a matrix of that order (read for the query only)
     * @param lda     its leading dimension
     * @param context for messages
     * @return the workspace of {@link #potrf}, in elements
     */
    int potrfWorkspace(int n, DeviceBuffer a, int lda, String context) {
        try (org.bytedeco.javacpp.IntPointer lw = new org.bytedeco.javacpp.IntPointer(1)) {
            int st = f64 ? cusolverDnDpotrf_bufferSize(solver, CUBLAS_FILL_MODE_LOWER, n, a.d(0), lda, lw)
                    : cusolverDnSpotrf_bufferSize(solver, CUBLAS_FILL_MODE_LOWER, n, a.f(0), lda, lw);
            CudaStatus.check(Library.CUSOLVER, st, f64 ? "cusolverDnDpotrf_bufferSize" : "cusolverDnSpotrf_bufferSize",
                    context);
            return Math.max(1, lw.get());
        }
    }

    /** One lower Cholesky factor in place at element {@code off}, its info into {@code info[infoIndex]}. */
    void potrf(int n, DeviceBuffer a, long off, int lda, DeviceBuffer work, int lwork, DeviceBuffer info, int infoIndex,
               String context) {
        int st = f64 ? cusolverDnDpotrf(solver, CUBLAS_FILL_MODE_LOWER, n, a.d(off), lda, work.d(0), lwork, info.ints(infoIndex))
                : cusolverDnSpotrf(solver, CUBLAS_FILL_MODE_LOWER, n, a.f(off), lda, work.f(0), lwork, info.ints(infoIndex));
        CudaStatus.check(Library.CUSOLVER, st, f64 ? "cusolverDnDpotrf" : "cusolverDnSpotrf", context);
    }

    /** One solve with the factor at {@code aOff}, one right-hand side at {@code bOff}, in place. */
    void potrs(int n, DeviceBuffer a, long aOff, int lda, DeviceBuffer b, long bOff, int ldb, DeviceBuffer info,
               String context) {
        int st = f64 ? cusolverDnDpotrs(solver, CUBLAS_FILL_MODE_LOWER, n, 1, a.d(aOff), lda, b.d(bOff), ldb, info.ints(0))
                : cusolverDnSpotrs(solver, CUBLAS_FILL_MODE_LOWER, n, 1, a.f(aOff), lda, b.f(bOff), ldb, info.ints(0));
        CudaStatus.check(Library.CUSOLVER, st, f64 ? "cusolverDnDpotrs" : "cusolverDnSpotrs", context);
    }

    @Override
    public void close() {
        cublasDestroy_v2(blas);
        cusolverDnDestroy(solver);
        d1.close();
        d2.close();
        f1.close();
        f2.close();
    }
}
