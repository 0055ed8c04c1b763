package org.nrws.cuda;

/**
 * {@link DeviceOps} on Java arrays with cuBLAS's and cuSOLVER's semantics (column-major, offsets
 * and increments in elements, lower Cholesky), in float64 or float32 (every stored value and every
 * operation rounded to float), so that {@link FisherAlgorithm} runs without a device: its layouts,
 * strides, formulas and memory are checked by the default build's tests and by the GPU bundle's
 * CPU-only self-test. It mirrors what {@code CudaOps} does on the device:
 * <ul>
 *   <li>the dual build runs the kernel's arithmetic element by element (tests check it bit for bit
 *       against the text of {@link Kernels} compiled for the host), or, without the kernel, the
 *       same {@link CublasDualBuild} as the device;</li>
 *   <li>blocks of order above {@link MemoryPlan#LARGE_ORDER} are factored one at a time with a
 *       transient workspace, smaller ones in a batch with held pointer arrays;</li>
 *   <li>a pivot is rejected only when {@code <= 0}, as cuSOLVER does: a NaN pivot passes and
 *       leaves NaN in the factor ({@link FactorCheck#diagonals} catches it);</li>
 *   <li>{@code potrsBatched} checks its arguments as cuSOLVER does ({@code -i} for argument i);</li>
 *   <li>every allocation is counted in a {@link EmulatedMemory} (live and peak bytes, an optional capacity
 *       that makes {@link #freeBytes} finite and an allocation beyond it fail).</li>
 * </ul>
 * Slow (plain loops): for small layers only.
 */
public final class HostOps implements DeviceOps {

    /** A buffer: a Java array. */
    static final class Buf implements Buffer {
        final double[] a;
        final long bytes;
        boolean freed;

        Buf(long n, int elementBytes) {
            a = new double[(int) n];
            bytes = Math.max(1, n) * elementBytes;
        }

        @Override
        public long elements() {
            return a.length;
        }
    }

    private final boolean f64;
    private final boolean kernel;
    private final EmulatedMemory memory;
    /** The held pointer arrays and info, as CudaOps holds them: elements, 0 when none. */
    private int blockPointers;
    private int rhsPointers;
    private int info;
    /** When not 0, the next potrsBatched reports this argument as invalid (fault injection for tests). */
    int rejectArgument;
    /** Whether {@link #close} was called. */
    boolean closed;

    /** A float64 emulation with the NVRTC kernel and its own unbounded memory. */
    public HostOps() {
        this(true, true, new EmulatedMemory());
    }

    /**
     * @param f64    float64, else float32
     * @param kernel whether the NVRTC kernel is available (else the cuBLAS dual build)
     * @param memory the device memory it allocates from
     */
    public HostOps(boolean f64, boolean kernel, EmulatedMemory memory) {
        this.f64 = f64;
        this.kernel = kernel;
        this.memory = memory;
    }

    /** @return the memory it allocates from */
    public EmulatedMemory memory() {
        return memory;
    }

    private static double[] a(Buffer b) {
        return ((Buf) b).a;
    }

    /** Rounds to the precision (float32: to the nearest float). */
    private double r(double v) {
        return f64 ? v : (float) v;
    }

    @Override
    public void bind() {
        if (closed) {
            throw new IllegalStateException("host emulation: used after close");
        }
    }

    @Override
    public int elementBytes() {
        return f64 ? 8 : 4;
    }

    @Override
    public long freeBytes() {
        return memory.free();
    }

    @Override
    public String deviceName() {
        return "host emulation";
    }

    @Override
    public long heldBytes() {
        return 8L * (blockPointers + rhsPointers) + 4L * info;
    }

    @Override
    public boolean hasDualKernel() {
        return kernel;
    }

    @Override
    public Buffer allocate(long elements, String context) {
        Buf b = new Buf(elements, elementBytes());
        memory.allocate(b.bytes, elements + " elements", context);
        return b;
    }

    @Override
    public void free(Buffer b) {
        Buf x = (Buf) b;
        if (x.freed) {
            throw new IllegalStateException("host emulation: buffer freed twice");
        }
        x.freed = true;
        memory.free(x.bytes);
    }

    /** Holds an array of {@code count} elements of {@code bytes} each, reallocated as CudaOps does. */
    private int hold(int held, int count, int bytes, boolean exact, String context) {
        if (held == 0 || (exact ? held != count : held < count)) {
            if (held != 0) {
                memory.free((long) held * bytes);
            }
            memory.allocate((long) count * bytes, "a held array", context);
            return count;
        }
        return held;
    }

    @Override
    public void upload(Buffer dst, double[] src, String context) {
        double[] x = a(dst);
        for (int i = 0; i < src.length; i++) {
            x[i] = r(src[i]);
        }
    }

    @Override
    public void download(Buffer src, double[] dst, String context) {
        System.arraycopy(a(src), 0, dst, 0, dst.length);
    }

    @Override
    public void copy(Buffer dst, Buffer src, long count, String context) {
        System.arraycopy(a(src), 0, a(dst), 0, (int) count);
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, Buffer a, long aOff, int lda,
                     Buffer b, long bOff, int ldb, double beta, Buffer c, long cOff, int ldc, String context) {
        double[] x = a(a);
        double[] y = a(b);
        double[] z = a(c);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = transA ? x[(int) (aOff + p + (long) i * lda)] : x[(int) (aOff + i + (long) p * lda)];
                    double bv = transB ? y[(int) (bOff + j + (long) p * ldb)] : y[(int) (bOff + p + (long) j * ldb)];
                    s = r(s + r(av * bv));
                }
                int ci = (int) (cOff + i + (long) j * ldc);
                z[ci] = r(r(alpha * s) + (beta == 0 ? 0 : r(beta * z[ci])));
            }
        }
    }

    @Override
    public void gemmStridedBatched(boolean transA, boolean transB, int m, int n, int k, double alpha, Buffer a, long aOff,
                                   int lda, long strideA, Buffer b, long bOff, int ldb, long strideB, double beta, Buffer c,
                                   long cOff, int ldc, long strideC, int batch, String context) {
        for (int j = 0; j < batch; j++) {
            gemm(transA, transB, m, n, k, alpha, a, aOff + j * strideA, lda, b, bOff + j * strideB, ldb, beta, c,
                    cOff + j * strideC, ldc, context);
        }
    }

    @Override
    public void dgmm(boolean right, int m, int n, Buffer a, long aOff, int lda, Buffer x, long xOff, int incx, Buffer c,
                     long cOff, int ldc, String context) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = a(x)[(int) (xOff + (long) (right ? j : i) * incx)];
                a(c)[(int) (cOff + i + (long) j * ldc)] = r(a(a)[(int) (aOff + i + (long) j * lda)] * s);
            }
        }
    }

    @Override
    public void axpy(int n, double alpha, Buffer x, long xOff, int incx, Buffer y, long yOff, int incy, String context) {
        for (int i = 0; i < n; i++) {
            int yi = (int) (yOff + (long) i * incy);
            a(y)[yi] = r(a(y)[yi] + r(r(alpha) * a(x)[(int) (xOff + (long) i * incx)]));
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>With the kernel: the arithmetic of {@code nrws_dual_build_<t>} element by element,
     * {@code (s_a s_b) G_ab}, plus alpha rounded to the precision on the diagonal.
     */
    @Override
    public String dualBuild(Buffer gram, Buffer s, Buffer out, int n, int m, double alpha, String context) {
        if (!kernel) {
            return CublasDualBuild.build(this, gram, s, out, n, m, alpha, "no NVRTC in the emulation", context);
        }
        long nn = (long) n * n;
        double[] sv = a(s);
        double[] g = a(gram);
        double[] o = a(out);
        double al = r(alpha);
        for (int i = 0; i < m; i++) {
            for (long e = 0; e < nn; e++) {
                int ra = (int) (e % n);
                int cb = (int) (e / n);
                double v = r(r(sv[i * n + ra] * sv[i * n + cb]) * g[(int) e]);
                o[(int) (i * nn + e)] = ra == cb ? r(v + al) : v;
            }
        }
        return "host-kernel";
    }

    @Override
    public int[] potrfBatched(Buffer blocks, int k, int m, String context) {
        int[] result = new int[m];
        Buf work = null;
        if (k > MemoryPlan.LARGE_ORDER) {
            info = hold(info, m, 4, false, context);
            work = (Buf) allocate(MemoryPlan.workspaceElements(k), context);
        } else {
            blockPointers = hold(blockPointers, m, 8, true, context);
            info = hold(info, m, 4, false, context);
        }
        try {
            double[] x = a(blocks);
            for (int b = 0; b < m; b++) {
                result[b] = factor(x, b * k * k, k);
            }
        } finally {
            if (work != null) {
                free(work);
            }
        }
        return result;
    }

    /** Lower Cholesky in place; a pivot {@code <= 0} stops it (cuSOLVER's test: a NaN pivot passes). */
    private int factor(double[] x, int o, int k) {
        for (int j = 0; j < k; j++) {
            double v = x[o + j + j * k];
            for (int p = 0; p < j; p++) {
                v = r(v - r(x[o + j + p * k] * x[o + j + p * k]));
            }
            if (v <= 0) {
                return j + 1;
            }
            double l = r(Math.sqrt(v));
            x[o + j + j * k] = l;
            for (int i = j + 1; i < k; i++) {
                double w = x[o + i + j * k];
                for (int p = 0; p < j; p++) {
                    w = r(w - r(x[o + i + p * k] * x[o + j + p * k]));
                }
                x[o + i + j * k] = r(w / l);
            }
        }
        return 0;
    }

    @Override
    public String potrfName() {
        return f64 ? "hostDpotrf(Batched)" : "hostSpotrf(Batched)";
    }

    /**
     * {@inheritDoc}
     *
     * <p>Checks the arguments in cuSOLVER's order {@code (uplo, n, nrhs, A, lda, B, ldb, info,
     * batchSize)}: n &lt; 0 is -2, lda or ldb (both k) below max(1, k) -5, a batch below 0 -9; and
     * the argument set by a test's fault injection.
     */
    @Override
    public int potrsBatched(Buffer blocks, int k, int m, Buffer rhs, int stride, String context) {
        if (k > MemoryPlan.LARGE_ORDER) {
            info = hold(info, m, 4, false, context);
        } else {
            blockPointers = hold(blockPointers, m, 8, true, context);
            rhsPointers = hold(rhsPointers, m, 8, true, context);
            info = hold(info, m, 4, false, context);
        }
        if (rejectArgument != 0) {
            int bad = rejectArgument;
            rejectArgument = 0;
            return -bad;
        }
        if (k < 0) {
            return -2;
        }
        if (k < 1) {
            return -5;
        }
        if (m < 0) {
            return -9;
        }
        double[] l = a(blocks);
        double[] y = a(rhs);
        for (int b = 0; b < m; b++) {
            int o = b * k * k;
            int r0 = b * stride;
            for (int i = 0; i < k; i++) {                       // L z = y
                double v = y[r0 + i];
                for (int p = 0; p < i; p++) {
                    v = r(v - r(l[o + i + p * k] * y[r0 + p]));
                }
                y[r0 + i] = r(v / l[o + i + i * k]);
            }
            for (int i = k - 1; i >= 0; i--) {                  // L^T x = z
                double v = y[r0 + i];
                for (int p = i + 1; p < k; p++) {
                    v = r(v - r(l[o + p + i * k] * y[r0 + p]));
                }
                y[r0 + i] = r(v / l[o + i + i * k]);
            }
        }
        return 0;
    }

    @Override
    public void sync(String context) {
    }

    @Override
    public void close() {
        if (!closed) {
            for (long held : new long[] {8L * blockPointers, 8L * rhsPointers, 4L * info}) {
                if (held > 0) {
                    memory.free(held);
                }
            }
            blockPointers = 0;
            rhsPointers = 0;
            info = 0;
            closed = true;
        }
    }
}
