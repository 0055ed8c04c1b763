package org.nrws.cuda;

import static org.bytedeco.cuda.global.cublas.CUBLAS_POINTER_MODE_HOST;
import static org.bytedeco.cuda.global.cublas.cublasDtrsmBatched;
import static org.bytedeco.cuda.global.cublas.cublasSetPointerMode_v2;
import static org.bytedeco.cuda.global.cublas.cublasSetStream_v2;
import static org.bytedeco.cuda.global.cublas.cublasStrsmBatched;
import static org.bytedeco.cuda.global.cudart.cudaStreamSynchronize;
import static org.bytedeco.cuda.global.cusolver.cusolverDnDpotrfBatched;
import static org.bytedeco.cuda.global.cusolver.cusolverDnSetStream;
import static org.bytedeco.cuda.global.cusolver.cusolverDnSpotrfBatched;

import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.cusolver.cusolverDnContext;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.nd4j.jita.allocator.impl.AtomicAllocator;
import org.nd4j.jita.allocator.pointers.CudaPointer;
import org.nd4j.jita.allocator.pointers.cuda.cublasHandle_t;
import org.nd4j.jita.allocator.pointers.cuda.cusolverDnHandle_t;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.jcublas.context.CudaContext;
import org.nrws.cuda.BatchLayout.Dims;
import org.nrws.cuda.ColumnMajorPlan.TrsmCall;
import org.nrws.cuda.CudaStatus.Library;
import org.nrws.linalg.BatchedCholesky;

/**
 * {@link BatchedCholesky} on the GPU: {@code cusolverDn{S,D}potrfBatched} to factor,
 * {@code cublas{S,D}trsmBatched} twice to solve (see {@link ColumnMajorPlan} for the layout and
 * for why trsm), in place on the device buffers of nd4j-cuda arrays.
 *
 * <p>Per call: the arrays are made current on the device (ND4J copies them only if the host copy
 * is newer), the per-slice device addresses {@code base + i * n * n * elementSize} are computed
 * in Java ({@link SlicePointers}) and uploaded as a small LONG array (8 bytes per slice; the
 * matrices themselves never leave the device), the routine runs on the thread's ND4J CUDA stream
 * with ND4J's own cuSOLVER/cuBLAS handles, the stream is synchronised and every status is
 * checked, and the written arrays are marked as written on the device
 * ({@code AllocationPoint.tickDeviceWrite} through the flow controller), so that a later host read
 * copies them back. {@code factor} then reads cuSOLVER's info array (4 bytes per slice) and the
 * factors' diagonals (one [m, n] gather) and throws a
 * {@link org.nrws.linalg.NotPositiveDefiniteException} naming the context and the neuron.
 *
 * <p>Views (arrays that share a larger buffer) are factored through a contiguous device copy,
 * which is assigned back. Instances are stateless and thread-safe: handles are taken from the
 * calling thread's ND4J context and used under its lock, as ND4J does.
 */
final class CudaBatchedCholesky implements BatchedCholesky {

    /** The implementation's name. */
    static final String NAME = "cusolver-batched";

    @Override
    public void factor(INDArray a, String context) {
        Dims d = BatchLayout.factor(a, context);
        if (d.m() == 0) {
            return;
        }
        boolean dbl = d.dtype() == DataType.DOUBLE;
        String routine = dbl ? "cusolverDnDpotrfBatched" : "cusolverDnSpotrfBatched";
        INDArray work = a.isView() ? a.dup('c') : a;
        AtomicAllocator alloc = AtomicAllocator.getInstance();

        Nd4j.getExecutioner().push();
        INDArray info = scratchInts(d.m());
        onDevice(work, info);
        CudaContext ctx = alloc.getFlowController().prepareActionAllWrite(work, info);
        long[] slices = SlicePointers.offsets(address(alloc.getPointer(work, ctx)), d.m(), d.n(), d.elementSize());
        INDArray ptrs = scratchLongs(slices);
        onDevice(ptrs);
        Pointer ptrsDev = alloc.getPointer(ptrs, ctx);
        Pointer infoDev = alloc.getPointer(info, ctx);

        cusolverDnHandle_t handle = ctx.getSolverHandle();
        synchronized (handle) {
            cusolverDnContext solver = new cusolverDnContext(handle);
            CUstream_st stream = new CUstream_st(ctx.getCublasStream());
            CudaStatus.check(Library.CUSOLVER, cusolverDnSetStream(solver, stream), "cusolverDnSetStream", context);
            PointerPointer<?> matrices = new PointerPointer<>(new CudaPointer(address(ptrsDev)));
            IntPointer infos = new IntPointer(new CudaPointer(address(infoDev)));
            int lda = ColumnMajorPlan.lda(d.n());
            int status = dbl
                    ? cusolverDnDpotrfBatched(solver, ColumnMajorPlan.POTRF_UPLO, d.n(), matrices, lda, infos, d.m())
                    : cusolverDnSpotrfBatched(solver, ColumnMajorPlan.POTRF_UPLO, d.n(), matrices, lda, infos, d.m());
            CudaStatus.check(Library.CUSOLVER, status, routine, context);
            synchronize(stream, routine, context);
        }
        alloc.getFlowController().registerActionAllWrite(ctx, work, info);
        alloc.registerAction(ctx, ptrs);

        FactorCheck.info(info.toIntVector(), routine, context);
        FactorCheck.diagonals(diagonals(work, d), routine, context);
        if (work != a) {
            a.assign(work);
        }
    }

    @Override
    public void solve(INDArray factored, INDArray b, String context) {
        Dims d = BatchLayout.solve(factored, b, context);
        if (d.m() == 0) {
            return;
        }
        boolean dbl = d.dtype() == DataType.DOUBLE;
        String routine = dbl ? "cublasDtrsmBatched" : "cublasStrsmBatched";
        INDArray f = factored.isView() ? factored.dup('c') : factored;
        INDArray x = b.isView() ? b.dup('c') : b;
        AtomicAllocator alloc = AtomicAllocator.getInstance();

        Nd4j.getExecutioner().push();
        onDevice(f, x);
        CudaContext ctx = alloc.getFlowController().prepareAction(x, f);
        long[] fs = SlicePointers.offsets(address(alloc.getPointer(f, ctx)), d.m(), d.n(), d.n(), d.elementSize());
        long[] xs = SlicePointers.offsets(address(alloc.getPointer(x, ctx)), d.m(), d.n(), d.r(), d.elementSize());
        long[] both = new long[2 * d.m()];
        System.arraycopy(fs, 0, both, 0, d.m());
        System.arraycopy(xs, 0, both, d.m(), d.m());
        INDArray ptrs = scratchLongs(both);
        onDevice(ptrs);
        long ptrsDev = address(alloc.getPointer(ptrs, ctx));

        cublasHandle_t handle = ctx.getCublasHandle();
        synchronized (handle) {
            cublasContext blas = new cublasContext(handle);
            CUstream_st stream = new CUstream_st(ctx.getCublasStream());
            CudaStatus.check(Library.CUBLAS, cublasSetStream_v2(blas, stream), "cublasSetStream_v2", context);
            CudaStatus.check(Library.CUBLAS, cublasSetPointerMode_v2(blas, CUBLAS_POINTER_MODE_HOST),
                    "cublasSetPointerMode_v2", context);
            PointerPointer<?> aArray = new PointerPointer<>(new CudaPointer(ptrsDev));
            PointerPointer<?> bArray = new PointerPointer<>(new CudaPointer(ptrsDev + 8L * d.m()));
            try (DoublePointer oneD = new DoublePointer(1.0); FloatPointer oneF = new FloatPointer(1.0f)) {
                for (TrsmCall c : ColumnMajorPlan.solve(d.n(), d.r())) {
                    int status = dbl
                            ? cublasDtrsmBatched(blas, c.side(), c.uplo(), c.trans(), c.diag(), c.m(), c.n(), oneD, aArray,
                                    c.lda(), bArray, c.ldb(), d.m())
                            : cublasStrsmBatched(blas, c.side(), c.uplo(), c.trans(), c.diag(), c.m(), c.n(), oneF, aArray,
                                    c.lda(), bArray, c.ldb(), d.m());
                    CudaStatus.check(Library.CUBLAS, status, routine, context);
                }
            }
            synchronize(stream, routine, context);
        }
        alloc.registerAction(ctx, x, f, ptrs);
        if (x != b) {
            b.assign(x);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Device address of element 0 of a pointer from the allocator. */
    private static long address(Pointer p) {
        return p.address() + p.position() * p.sizeof();
    }

    private static void onDevice(INDArray... arrays) {
        AffinityManager am = Nd4j.getAffinityManager();
        for (INDArray x : arrays) {
            am.ensureLocation(x, AffinityManager.Location.DEVICE);
        }
    }

    private static INDArray scratchInts(int m) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.create(DataType.INT, m);
        }
    }

    private static INDArray scratchLongs(long[] values) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.createFromArray(values);
        }
    }

    /** Waits for the stream; asynchronous kernel failures surface here. */
    private static void synchronize(CUstream_st stream, String routine, String context) {
        int s = cudaStreamSynchronize(stream);
        if (s != 0) {
            throw new CudaException(CudaStatus.message(Library.CUDART, s, "cudaStreamSynchronize after " + routine, context,
                    CudaDevice.errorString(s)));
        }
    }

    /** The [m, n] diagonals of the factors, gathered on the device and copied to the host. */
    private static double[][] diagonals(INDArray factors, Dims d) {
        long nn = (long) d.n() * d.n();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray flat = factors.reshape('c', d.m(), nn);
            return flat.get(NDArrayIndex.all(), NDArrayIndex.interval(0, d.n() + 1, nn)).dup('c').toDoubleMatrix();
        }
    }
}
