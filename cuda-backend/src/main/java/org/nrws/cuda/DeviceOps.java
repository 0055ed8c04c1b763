package org.nrws.cuda;

/**
 * The device operations the Fisher solve needs, in one precision, with cuBLAS's conventions:
 * matrices column-major, offsets and increments in elements. {@code cuda-solver} implements it on
 * cuBLAS, cuSOLVER and NVRTC; the tests implement it on plain Java arrays, which checks
 * {@link FisherAlgorithm}'s layouts, strides and formulas without a device.
 */
public interface DeviceOps extends AutoCloseable {

    /** A block of device memory of the ops' precision. */
    interface Buffer {
        /** @return its size in elements */
        long elements();
    }

    /** Makes the device current on the calling thread (called at the start of every refresh and solve). */
    void bind();

    /** @return 8 for float64, 4 for float32 */
    int elementBytes();

    /** @return the device's free memory in bytes now, or -1 when unknown */
    long freeBytes();

    /** @return the device's name, for messages */
    String deviceName();

    /**
     * @return the device bytes these ops hold themselves (the batched calls' pointer arrays and
     *     info), reused by the next call and freed by {@link #close}
     */
    long heldBytes();

    /**
     * @return true when {@link #dualBuild} runs the NVRTC kernel of {@link Kernels}, false when it
     *     falls back to cuBLAS ({@link CublasDualBuild}, with an N x N temporary)
     */
    boolean hasDualKernel();

    /**
     * @param elements its size
     * @param context  for messages
     * @return a new buffer (contents undefined)
     */
    Buffer allocate(long elements, String context);

    /**
     * @param b the buffer to free
     */
    void free(Buffer b);

    /**
     * Copies host values in (rounded to the ops' precision).
     *
     * @param dst     the buffer
     * @param src     at most {@code dst.elements()} values
     * @param context for messages
     */
    void upload(Buffer dst, double[] src, String context);

    /**
     * Copies values out.
     *
     * @param src     the buffer
     * @param dst     at most {@code src.elements()} values (modified)
     * @param context for messages
     */
    void download(Buffer src, double[] dst, String context);

    /**
     * @param dst     the target
     * @param src     the source
     * @param count   elements from offset 0
     * @param context for messages
     */
    void copy(Buffer dst, Buffer src, long count, String context);

    /** {@code C = alpha op(A) op(B) + beta C}, op(A) m x k, op(B) k x n. */
    void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, Buffer a, long aOff, int lda, Buffer b,
              long bOff, int ldb, double beta, Buffer c, long cOff, int ldc, String context);

    /** {@link #gemm} for {@code batch} members, {@code stride*} elements apart. */
    void gemmStridedBatched(boolean transA, boolean transB, int m, int n, int k, double alpha, Buffer a, long aOff, int lda,
                            long strideA, Buffer b, long bOff, int ldb, long strideB, double beta, Buffer c, long cOff,
                            int ldc, long strideC, int batch, String context);

    /** {@code C = A diag(x)} when {@code right}, else {@code diag(x) A}; A is m x n. */
    void dgmm(boolean right, int m, int n, Buffer a, long aOff, int lda, Buffer x, long xOff, int incx, Buffer c, long cOff,
              int ldc, String context);

    /** {@code y = alpha x + y} over n elements. */
    void axpy(int n, double alpha, Buffer x, long xOff, int incx, Buffer y, long yOff, int incy, String context);

    /**
     * {@code out_i = alpha I + S_i G S_i} for i &lt; m (column-major N x N blocks, N^2 apart).
     *
     * @param gram    G [N, N]
     * @param s       the scales [m, N]
     * @param out     the blocks (modified)
     * @param n       N
     * @param m       m
     * @param alpha   the damping
     * @param context for messages
     * @return how it was built, e.g. {@code "nvrtc"}
     */
    String dualBuild(Buffer gram, Buffer s, Buffer out, int n, int m, double alpha, String context);

    /**
     * Lower Cholesky factors of m k x k blocks, in place, the blocks {@code k^2} apart from offset 0.
     *
     * @param blocks  the blocks (modified)
     * @param k       the order
     * @param m       how many
     * @param context for messages
     * @return the info of every block (0, or the order of the leading minor that is not positive)
     */
    int[] potrfBatched(Buffer blocks, int k, int m, String context);

    /** @return the factorisation routine's name, for messages */
    String potrfName();

    /**
     * Solves with the factors of {@link #potrfBatched}, one right-hand side per block, in place.
     *
     * @param blocks  the factors
     * @param k       the order
     * @param m       how many
     * @param rhs     the right-hand sides, block j's at offset {@code j stride}
     * @param stride  elements between two right-hand sides
     * @param context for messages
     * @return the routine's info (0, or -i for a bad argument i)
     */
    int potrsBatched(Buffer blocks, int k, int m, Buffer rhs, int stride, String context);

    /**
     * Waits for the device.
     *
     * @param context for messages
     */
    void sync(String context);

    /** Frees the handles and the ops' own buffers ({@link #heldBytes}), not the buffers it allocated for callers. */
    @Override
    void close();
}
