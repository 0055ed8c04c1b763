package org.nrws.cuda;

/**
 * {@link DeviceOps} on Java arrays with cuBLAS's and cuSOLVER's semantics (column-major, offsets
 * and increments in elements, lower Cholesky), in float64: runs {@link FisherAlgorithm} without a
 * device, so that its layouts, strides and formulas are checked by the default build's tests and by
 * the GPU bundle's CPU-only self-test. Slow (plain loops): for small layers only.
 */
public final class HostOps implements DeviceOps {

    /** A buffer: a Java array. */
    static final class Buf implements Buffer {
        final double[] a;

        Buf(long n) {
            a = new double[(int) n];
        }

        @Override
        public long elements() {
            return a.length;
        }
    }

    /** The free memory it reports (-1: unknown, no check). */
    long free = -1;
    /** Buffers allocated. */
    int allocations;
    /** Buffers freed. */
    int frees;
    /** Whether {@link #close} was called. */
    boolean closed;

    /** Creates an emulation that reports unknown free memory. */
    public HostOps() {
    }

    private static double[] a(Buffer b) {
        return ((Buf) b).a;
    }

    @Override
    public void bind() {
    }

    @Override
    public int elementBytes() {
        return 8;
    }

    @Override
    public long freeBytes() {
        return free;
    }

    @Override
    public String deviceName() {
        return "host emulation";
    }

    @Override
    public Buffer allocate(long elements, String context) {
        allocations++;
        return new Buf(elements);
    }

    @Override
    public void free(Buffer b) {
        frees++;
    }

    @Override
    public void upload(Buffer dst, double[] src, String context) {
        System.arraycopy(src, 0, a(dst), 0, src.length);
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
                    s += av * bv;
                }
                int ci = (int) (cOff + i + (long) j * ldc);
                z[ci] = alpha * s + (beta == 0 ? 0 : beta * z[ci]);
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
                a(c)[(int) (cOff + i + (long) j * ldc)] = a(a)[(int) (aOff + i + (long) j * lda)] * s;
            }
        }
    }

    @Override
    public void axpy(int n, double alpha, Buffer x, long xOff, int incx, Buffer y, long yOff, int incy, String context) {
        for (int i = 0; i < n; i++) {
            a(y)[(int) (yOff + (long) i * incy)] += alpha * a(x)[(int) (xOff + (long) i * incx)];
        }
    }

    @Override
    public String dualBuild(Buffer gram, Buffer s, Buffer out, int n, int m, double alpha, String context) {
        long nn = (long) n * n;
        for (int i = 0; i < m; i++) {
            for (long e = 0; e < nn; e++) {
                int r = (int) (e % n);
                int col = (int) (e / n);
                double v = a(s)[i * n + r] * a(s)[i * n + col] * a(gram)[(int) e];
                a(out)[(int) (i * nn + e)] = v + (r == col ? alpha : 0);
            }
        }
        return "host";
    }

    @Override
    public int[] potrfBatched(Buffer blocks, int k, int m, String context) {
        int[] info = new int[m];
        double[] x = a(blocks);
        for (int b = 0; b < m; b++) {
            int o = b * k * k;
            for (int j = 0; j < k && info[b] == 0; j++) {
                double v = x[o + j + j * k];
                for (int p = 0; p < j; p++) {
                    v -= x[o + j + p * k] * x[o + j + p * k];
                }
                if (!(v > 0)) {
                    info[b] = j + 1;
                    break;
                }
                double l = Math.sqrt(v);
                x[o + j + j * k] = l;
                for (int i = j + 1; i < k; i++) {
                    double w = x[o + i + j * k];
                    for (int p = 0; p < j; p++) {
                        w -= x[o + i + p * k] * x[o + j + p * k];
                    }
                    x[o + i + j * k] = w / l;
                }
            }
        }
        return info;
    }

    @Override
    public String potrfName() {
        return "hostPotrfBatched";
    }

    @Override
    public int potrsBatched(Buffer blocks, int k, int m, Buffer rhs, int stride, String context) {
        double[] l = a(blocks);
        double[] y = a(rhs);
        for (int b = 0; b < m; b++) {
            int o = b * k * k;
            int r = b * stride;
            for (int i = 0; i < k; i++) {                       // L z = y
                double v = y[r + i];
                for (int p = 0; p < i; p++) {
                    v -= l[o + i + p * k] * y[r + p];
                }
                y[r + i] = v / l[o + i + i * k];
            }
            for (int i = k - 1; i >= 0; i--) {                  // L^T x = z
                double v = y[r + i];
                for (int p = i + 1; p < k; p++) {
                    v -= l[o + p + i * k] * y[r + p];
                }
                y[r + i] = v / l[o + i + i * k];
            }
        }
        return 0;
    }

    @Override
    public void sync(String context) {
    }

    @Override
    public void close() {
        closed = true;
    }
}
