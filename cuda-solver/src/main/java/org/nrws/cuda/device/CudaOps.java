package org.nrws.cuda.device;

import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_N;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_T;
import static org.bytedeco.cuda.global.cublas.CUBLAS_SIDE_LEFT;
import static org.bytedeco.cuda.global.cublas.CUBLAS_SIDE_RIGHT;
import static org.bytedeco.cuda.global.cudart.cudaDeviceSynchronize;

import org.nrws.cuda.DeviceLayout;
import org.nrws.cuda.CublasDualBuild;
import org.nrws.cuda.DeviceOps;
import org.nrws.cuda.MemoryPlan;

/**
 * {@link DeviceOps} on cuBLAS, cuSOLVER and the NVRTC kernel of {@link DualKernel}, on the default
 * stream of device 0, every status checked ({@link org.nrws.cuda.CudaStatus}). The batched
 * cuSOLVER calls get device arrays of the members' addresses ({@link DeviceLayout#addresses}).
 */
final class CudaOps implements DeviceOps {

    /** Blocks of a larger order are factored and solved one at a time ({@link MemoryPlan#LARGE_ORDER}). */
    static final int LARGE_ORDER = MemoryPlan.LARGE_ORDER;

    private final boolean f64;
    private final boolean kernelAllowed;
    private final CudaRuntime.Probe device;
    private final DeviceMath math;
    private DeviceBuffer blockPointers;
    private DeviceBuffer rhsPointers;
    private DeviceBuffer info;

    /**
     * @param f64     float64 (else float32)
     * @param device  the probe of device 0 (available)
     * @param context for messages
     */
    CudaOps(boolean f64, CudaRuntime.Probe device, String context) {
        this(f64, device, context, true);
    }

    /**
     * @param f64           float64 (else float32)
     * @param device        the probe of device 0 (available)
     * @param context       for messages
     * @param kernelAllowed false to build the dual blocks with cuBLAS even when NVRTC works (the
     *                      device check of that route)
     */
    CudaOps(boolean f64, CudaRuntime.Probe device, String context, boolean kernelAllowed) {
        this.f64 = f64;
        this.device = device;
        this.kernelAllowed = kernelAllowed;
        org.bytedeco.cuda.global.cudart.cudaSetDevice(0);
        this.math = new DeviceMath(f64, context);
    }

    private static DeviceBuffer b(Buffer x) {
        return (DeviceBuffer) x;
    }

    @Override
    public void bind() {
        DeviceBuffer.check(org.bytedeco.cuda.global.cudart.cudaSetDevice(0), "cudaSetDevice(0)", "CUDA device 0");
    }

    @Override
    public int elementBytes() {
        return f64 ? 8 : 4;
    }

    @Override
    public long freeBytes() {
        return CudaRuntime.freeBytes();
    }

    @Override
    public String deviceName() {
        return device.device();
    }

    @Override
    public long heldBytes() {
        long b = 0;
        for (DeviceBuffer p : new DeviceBuffer[] {blockPointers, rhsPointers, info}) {
            b += p == null ? 0 : Math.max(1, p.elements) * p.kind.bytes;
        }
        return b;
    }

    @Override
    public boolean hasDualKernel() {
        return kernelAllowed && DualKernel.get(device.major(), device.minor()).reason() == null;
    }

    @Override
    public Buffer allocate(long elements, String context) {
        return DeviceBuffer.allocate(f64 ? DeviceBuffer.Kind.F64 : DeviceBuffer.Kind.F32, elements, context);
    }

    @Override
    public void free(Buffer x) {
        b(x).close();
    }

    @Override
    public void upload(Buffer dst, double[] src, String context) {
        b(dst).upload(src, context);
    }

    @Override
    public void download(Buffer src, double[] dst, String context) {
        b(src).download(dst, context);
    }

    @Override
    public void copy(Buffer dst, Buffer src, long count, String context) {
        b(dst).copyFrom(b(src), count, context);
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, Buffer a, long aOff, int lda,
                     Buffer bb, long bOff, int ldb, double beta, Buffer c, long cOff, int ldc, String context) {
        math.gemm(op(transA), op(transB), m, n, k, alpha, b(a), aOff, lda, b(bb), bOff, ldb, beta, b(c), cOff, ldc, context);
    }

    @Override
    public void gemmStridedBatched(boolean transA, boolean transB, int m, int n, int k, double alpha, Buffer a, long aOff,
                                   int lda, long strideA, Buffer bb, long bOff, int ldb, long strideB, double beta,
                                   Buffer c, long cOff, int ldc, long strideC, int batch, String context) {
        math.gemmStridedBatched(op(transA), op(transB), m, n, k, alpha, b(a), aOff, lda, strideA, b(bb), bOff, ldb, strideB,
                beta, b(c), cOff, ldc, strideC, batch, context);
    }

    private static int op(boolean trans) {
        return trans ? CUBLAS_OP_T : CUBLAS_OP_N;
    }

    @Override
    public void dgmm(boolean right, int m, int n, Buffer a, long aOff, int lda, Buffer x, long xOff, int incx, Buffer c,
                     long cOff, int ldc, String context) {
        math.dgmm(right ? CUBLAS_SIDE_RIGHT : CUBLAS_SIDE_LEFT, m, n, b(a), aOff, lda, b(x), xOff, incx, b(c), cOff, ldc,
                context);
    }

    @Override
    public void axpy(int n, double alpha, Buffer x, long xOff, int incx, Buffer y, long yOff, int incy, String context) {
        math.axpy(n, alpha, b(x), xOff, incx, b(y), yOff, incy, context);
    }

    @Override
    public String dualBuild(Buffer gram, Buffer s, Buffer out, int n, int m, double alpha, String context) {
        if (!kernelAllowed) {
            return CublasDualBuild.build(this, gram, s, out, n, m, alpha, "kernel disabled", context);
        }
        DualKernel kernel = DualKernel.get(device.major(), device.minor());
        if (kernel.reason() == null) {
            kernel.launch(f64, b(gram), b(s), b(out), n, m, alpha, context);
            return "nvrtc";
        }
        return CublasDualBuild.build(this, gram, s, out, n, m, alpha, kernel.reason(), context);
    }

    @Override
    public int[] potrfBatched(Buffer blocks, int k, int m, String context) {
        if (k > LARGE_ORDER) {
            info = ints(info, m, context);
            int lwork = math.potrfWorkspace(k, b(blocks), k, context);
            try (DeviceBuffer work = DeviceBuffer.allocate(f64 ? DeviceBuffer.Kind.F64 : DeviceBuffer.Kind.F32, lwork,
                    context)) {
                for (int i = 0; i < m; i++) {
                    math.potrf(k, b(blocks), (long) i * k * k, k, work, lwork, info, i, context);
                }
                return info.downloadInts(m, context);
            }
        }
        blockPointers = pointers(blockPointers, b(blocks), (long) k * k, m, context);
        info = ints(info, m, context);
        math.potrfBatched(k, blockPointers, k, info, m, context);
        return info.downloadInts(m, context);
    }

    @Override
    public String potrfName() {
        return f64 ? "cusolverDnDpotrf(Batched)" : "cusolverDnSpotrf(Batched)";
    }

    @Override
    public int potrsBatched(Buffer blocks, int k, int m, Buffer rhs, int stride, String context) {
        if (k > LARGE_ORDER) {
            info = ints(info, m, context);
            for (int i = 0; i < m; i++) {      // info reports bad arguments only: the same for every block
                math.potrs(k, b(blocks), (long) i * k * k, k, b(rhs), (long) i * stride, k, info, context);
            }
            return info.downloadInts(1, context)[0];
        }
        blockPointers = pointers(blockPointers, b(blocks), (long) k * k, m, context);
        rhsPointers = pointers(rhsPointers, b(rhs), stride, m, context);
        info = ints(info, m, context);
        math.potrsBatched(k, blockPointers, k, rhsPointers, k, info, m, context);
        return info.downloadInts(1, context)[0];
    }

    private static DeviceBuffer pointers(DeviceBuffer p, DeviceBuffer of, long stride, int count, String context) {
        if (p == null || p.elements != count) {
            if (p != null) {
                p.close();
            }
            p = DeviceBuffer.allocate(DeviceBuffer.Kind.POINTERS, count, context);
        }
        p.uploadAddresses(DeviceLayout.addresses(of.address(), 0, stride, count, of.kind.bytes), context);
        return p;
    }

    private static DeviceBuffer ints(DeviceBuffer p, int count, String context) {
        if (p == null || p.elements < count) {
            if (p != null) {
                p.close();
            }
            p = DeviceBuffer.allocate(DeviceBuffer.Kind.INTS, count, context);
        }
        return p;
    }

    @Override
    public void sync(String context) {
        DeviceBuffer.check(cudaDeviceSynchronize(), "cudaDeviceSynchronize", context);
    }

    @Override
    public void close() {
        for (DeviceBuffer p : new DeviceBuffer[] {blockPointers, rhsPointers, info}) {
            if (p != null) {
                p.close();
            }
        }
        blockPointers = null;
        rhsPointers = null;
        info = null;
        math.close();
    }
}
