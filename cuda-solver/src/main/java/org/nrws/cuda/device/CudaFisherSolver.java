package org.nrws.cuda.device;

import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_N;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_T;
import static org.bytedeco.cuda.global.cublas.CUBLAS_SIDE_LEFT;
import static org.bytedeco.cuda.global.cublas.CUBLAS_SIDE_RIGHT;
import static org.bytedeco.cuda.global.cudart.cudaDeviceSynchronize;
import static org.bytedeco.cuda.global.cudart.cudaSetDevice;

import java.util.HashMap;
import java.util.Map;
import org.nrws.cuda.DeviceLayout;
import org.nrws.cuda.FactorCheck;
import org.nrws.cuda.MemoryPlan;
import org.nrws.linalg.NotPositiveDefiniteException;
import org.nrws.solver.SolverPath;

/**
 * One layer's damped natural-gradient solve on the GPU, on raw host arrays (no ND4J class):
 * {@code direction_i = (1 + alpha) (alpha I + F_i)^{-1} g_i}, {@code F_i = sum_n c_{n,i} u_n u_n^T},
 * the formulas of the CPU's {@link org.nrws.solver.CpuFusedSolver}, with the column-major mapping of
 * {@link DeviceLayout}.
 * <ul>
 *   <li>Primal (N &ge; d): per chunk of units {@code W_j = U^T diag(c_i)} (cublas dgmm), then one
 *       strided-batched GEMM {@code F_i = W_j U} (the DGEMM-class build, 2 N d^2 flops a unit), alpha
 *       on the diagonals (axpy); potrfBatched; potrsBatched with {@code g_i}; times {@code 1 + alpha}.</li>
 *   <li>Dual (N &lt; d, Woodbury): {@code G = U U^T} (GEMM), {@code M_i = alpha I + S_i G S_i} for
 *       all units in one NVRTC kernel ({@link DualKernel}; cuBLAS dgmm when NVRTC is unavailable);
 *       potrfBatched; {@code R = U g}, {@code Y = S R}, potrsBatched, {@code X = S Y},
 *       {@code direction = (1 + alpha)/alpha (g - U^T X)}.</li>
 * </ul>
 * Every status and every cuSOLVER info is checked: a block that cannot be factored, or a solution
 * that is not finite, is a {@link NotPositiveDefiniteException} naming the layer, path and neuron,
 * as on the CPU. The memory is planned before anything is allocated ({@link MemoryPlan}). With
 * {@code keepFactors} the factors stay on the device for {@link #solve}. Used by one thread at a time.
 */
public final class CudaFisherSolver implements AutoCloseable {

    private final String layer;
    private final boolean f64;
    private final boolean keepFactors;
    private final SolverPath forced;
    private final CudaRuntime.Probe device;
    private final Map<String, DeviceBuffer> buffers = new HashMap<>();
    private DeviceMath math;
    private SolverPath path;
    private int n;
    private int d;
    private int m;
    private double alpha;
    private boolean factored;
    private Timings timings;
    private String buildRoute;

    /**
     * The times of the last refresh or solve, in nanoseconds, each phase ended by a device
     * synchronisation.
     *
     * @param upload   host-to-device copies of U and C (and the scales)
     * @param build    the blocks
     * @param factor   potrfBatched and its info check
     * @param solve    the right-hand sides, potrsBatched, the direction, its copy back and check
     * @param total    the whole call
     */
    public record Timings(long upload, long build, long factor, long solve, long total) {
    }

    /**
     * @param layer       the layer's name, for messages
     * @param f64         float64 (else float32)
     * @param keepFactors keep the factors on the device for {@link #solve}
     * @param path        a forced path, or null for {@link #choosePath}
     * @throws IllegalStateException when no CUDA device can be used (the probe's reason)
     */
    public CudaFisherSolver(String layer, boolean f64, boolean keepFactors, SolverPath path) {
        this.layer = layer;
        this.f64 = f64;
        this.keepFactors = keepFactors;
        this.forced = path;
        this.device = CudaRuntime.probe();
        if (!device.available()) {
            throw new IllegalStateException("layer " + layer + ": " + device.reason());
        }
    }

    /**
     * The GPU's path rule: the dual (Woodbury) system is smaller exactly when N &lt; d.
     *
     * @param n N
     * @param d d
     * @return the path
     */
    public static SolverPath choosePath(int n, int d) {
        return n < d ? SolverPath.DUAL : SolverPath.PRIMAL;
    }

    /**
     * Builds, factors and solves.
     *
     * @param n         N
     * @param d         d
     * @param m         m
     * @param u         U [N, d] row-major (not modified)
     * @param c         C [N, m] row-major, the weighted curvatures (not modified)
     * @param alpha     the damping, finite and &gt; 0
     * @param g         the gradient [d, m] row-major (not modified)
     * @param direction [d, m] row-major (modified)
     * @throws NotPositiveDefiniteException naming the layer, path and neuron of a block that cannot be factored
     */
    public void refresh(int n, int d, int m, double[] u, double[] c, double alpha, double[] g, double[] direction) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("layer " + layer + ": damping alpha must be finite and > 0, got " + alpha);
        }
        if (u.length < (long) n * d || c.length < (long) n * m || g.length < (long) d * m || direction.length < (long) d * m) {
            throw new IllegalArgumentException("layer " + layer + ": arrays too short for N=" + n + ", d=" + d + ", m=" + m);
        }
        long t0 = System.nanoTime();
        cudaSetDevice(0);
        factored = false;
        this.path = forced != null ? forced : choosePath(n, d);
        this.n = n;
        this.d = d;
        this.m = m;
        this.alpha = alpha;
        String ctx = context();
        MemoryPlan plan = MemoryPlan.of(path, n, d, m, f64 ? 8 : 4, CudaRuntime.freeBytes() + ownedBytes(), ctx,
                device.device());
        if (math == null) {
            math = new DeviceMath(f64, ctx);
        }
        int k = path == SolverPath.PRIMAL ? d : n;
        DeviceBuffer dU = buffer("U", (long) n * d);
        dU.upload(u, ctx);
        DeviceBuffer blocks = buffer("blocks", (long) m * k * k);
        DeviceBuffer ones = buffer("ones", k);
        double[] one = new double[k];
        java.util.Arrays.fill(one, 1.0);
        ones.upload(one, ctx);
        DeviceBuffer dS = null;
        DeviceBuffer dC = null;
        if (path == SolverPath.PRIMAL) {
            dC = buffer("C", (long) n * m);
            dC.upload(c, ctx);
        } else {
            dS = buffer("S", (long) n * m);
            dS.upload(DeviceLayout.scales(c, n, m), ctx);
        }
        long t1 = sync(ctx);
        if (path == SolverPath.PRIMAL) {
            buildPrimal(dU, dC, blocks, ones, plan.chunk(), ctx);
        } else {
            buildDual(dU, dS, blocks, ones, ctx);
        }
        long t2 = sync(ctx);
        DeviceBuffer ptrs = pointers("blockPointers", blocks, 0, (long) k * k, m, ctx);
        DeviceBuffer info = ints("info", m);
        String routine = math.potrfBatched(k, ptrs, k, info, m, ctx);
        FactorCheck.info(info.downloadInts(m, ctx), routine, ctx);
        long t3 = sync(ctx);
        factored = true;
        solveInto(g, direction, ctx);
        long t4 = System.nanoTime();
        timings = new Timings(t1 - t0, t2 - t1, t3 - t2, t4 - t3, t4 - t0);
        if (!keepFactors) {
            factored = false;
        }
    }

    /**
     * Solves for a new gradient with the factors of the last refresh (kept on the device).
     *
     * @param g         [d, m] row-major (not modified)
     * @param direction [d, m] row-major (modified)
     * @throws IllegalStateException when no factors are kept
     */
    public void solve(double[] g, double[] direction) {
        if (!factored) {
            throw new IllegalStateException("layer " + layer + ": no factors are kept on the device (refresh first, with "
                    + "keepFactors)");
        }
        cudaSetDevice(0);
        long t0 = System.nanoTime();
        solveInto(g, direction, context());
        long t1 = System.nanoTime();
        timings = new Timings(0, 0, 0, t1 - t0, t1 - t0);
    }

    private void buildPrimal(DeviceBuffer dU, DeviceBuffer dC, DeviceBuffer blocks, DeviceBuffer ones, int chunk,
                             String ctx) {
        DeviceBuffer w = buffer("W", (long) chunk * n * d);
        long nd = (long) n * d;
        long dd = (long) d * d;
        for (int i0 = 0; i0 < m; i0 += chunk) {
            int count = Math.min(chunk, m - i0);
            for (int j = 0; j < count; j++) {
                // W_j = U^T diag(c_{., i0+j}): the d x N column-major U^T with column a scaled by c_{a, i}
                math.dgmm(CUBLAS_SIDE_RIGHT, d, n, dU, 0, d, dC, i0 + j, m, w, j * nd, d, ctx);
            }
            // F_i = W_j (U^T)^T = U^T diag(c_i) U, d x d
            math.gemmStridedBatched(CUBLAS_OP_N, CUBLAS_OP_T, d, d, n, 1.0, w, 0, d, nd, dU, 0, d, 0, 0.0, blocks,
                    i0 * dd, d, dd, count, ctx);
        }
        for (int i = 0; i < m; i++) {
            math.axpy(d, alpha, ones, 0, 1, blocks, i * dd, d + 1, ctx);
        }
        buildRoute = "cublas-gemm";
    }

    private void buildDual(DeviceBuffer dU, DeviceBuffer dS, DeviceBuffer blocks, DeviceBuffer ones, String ctx) {
        DeviceBuffer gram = buffer("G", (long) n * n);
        // G = (U^T)^T U^T = U U^T, N x N
        math.gemm(CUBLAS_OP_T, CUBLAS_OP_N, n, n, d, 1.0, dU, 0, d, dU, 0, d, 0.0, gram, 0, n, ctx);
        DualKernel kernel = DualKernel.get(device.major(), device.minor());
        long nn = (long) n * n;
        if (kernel.reason() == null) {
            kernel.launch(f64, gram, dS, blocks, n, m, alpha, ctx);
            buildRoute = "nvrtc";
        } else {
            DeviceBuffer t = buffer("T", nn);
            for (int i = 0; i < m; i++) {
                math.dgmm(CUBLAS_SIDE_LEFT, n, n, gram, 0, n, dS, (long) i * n, 1, t, 0, n, ctx);
                math.dgmm(CUBLAS_SIDE_RIGHT, n, n, t, 0, n, dS, (long) i * n, 1, blocks, i * nn, n, ctx);
                math.axpy(n, alpha, ones, 0, 1, blocks, i * nn, n + 1, ctx);
            }
            buildRoute = "cublas-dgmm (" + kernel.reason() + ")";
        }
    }

    private void solveInto(double[] g, double[] direction, String ctx) {
        int k = path == SolverPath.PRIMAL ? d : n;
        double[] gt = new double[d * m];
        DeviceLayout.transpose(g, d, m, 1.0, gt);                 // [m, d]: g_i contiguous
        DeviceBuffer blocks = buffers.get("blocks");
        DeviceBuffer ptrs = buffers.get("blockPointers");
        DeviceBuffer info = ints("solveInfo", 1);
        double[] out = new double[d * m];
        double scale;
        if (path == SolverPath.PRIMAL) {
            DeviceBuffer x = buffer("X", (long) d * m);
            x.upload(gt, ctx);
            DeviceBuffer xp = pointers("rhsPointers", x, 0, d, m, ctx);
            math.potrsBatched(k, ptrs, k, xp, d, info, m, ctx);
            x.download(out, ctx);
            scale = 1.0 + alpha;
        } else {
            DeviceBuffer dU = buffers.get("U");
            DeviceBuffer dS = buffers.get("S");
            DeviceBuffer gd = buffer("Gt", (long) d * m);
            gd.upload(gt, ctx);
            DeviceBuffer r = buffer("R", (long) n * m);
            DeviceBuffer y = buffer("Y", (long) n * m);
            DeviceBuffer x = buffer("X", (long) n * m);
            DeviceBuffer o = buffer("O", (long) d * m);
            long nm = (long) n * m;
            math.gemm(CUBLAS_OP_T, CUBLAS_OP_N, n, m, d, 1.0, dU, 0, d, gd, 0, d, 0.0, r, 0, n, ctx);   // R = U g
            math.dgmm(CUBLAS_SIDE_LEFT, (int) nm, 1, r, 0, (int) nm, dS, 0, 1, y, 0, (int) nm, ctx);    // Y = S R
            DeviceBuffer yp = pointers("rhsPointers", y, 0, n, m, ctx);
            math.potrsBatched(k, ptrs, k, yp, n, info, m, ctx);                                         // Y = M^-1 Y
            math.dgmm(CUBLAS_SIDE_LEFT, (int) nm, 1, y, 0, (int) nm, dS, 0, 1, x, 0, (int) nm, ctx);    // X = S Y
            o.copyFrom(gd, (long) d * m, ctx);
            math.gemm(CUBLAS_OP_N, CUBLAS_OP_N, d, m, n, -1.0, dU, 0, d, x, 0, n, 1.0, o, 0, d, ctx);   // g - U^T X
            o.download(out, ctx);
            scale = (1.0 + alpha) / alpha;
        }
        int bad = info.downloadInts(1, ctx)[0];
        if (bad < 0) {
            throw new org.nrws.cuda.CudaException(ctx + ": potrsBatched rejected argument " + (-bad));
        }
        DeviceLayout.transpose(out, m, d, scale, direction);      // back to [d, m]
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(direction[j * m + i])) {
                    throw new NotPositiveDefiniteException(ctx, i, "the solution is not finite: the gradient holds NaN or"
                            + " infinity, or the system is numerically singular");
                }
            }
        }
        if (blocks == null) {
            throw new IllegalStateException(ctx + ": no blocks");
        }
    }

    private String context() {
        return "layer " + layer + " (" + path.id() + ")";
    }

    private long sync(String ctx) {
        DeviceBuffer.check(cudaDeviceSynchronize(), "cudaDeviceSynchronize", ctx);
        return System.nanoTime();
    }

    /** A buffer of this solver's precision, kept while its size stays the same. */
    private DeviceBuffer buffer(String key, long elements) {
        return buffer(key, f64 ? DeviceBuffer.Kind.F64 : DeviceBuffer.Kind.F32, elements);
    }

    private DeviceBuffer ints(String key, long elements) {
        return buffer(key, DeviceBuffer.Kind.INTS, elements);
    }

    private DeviceBuffer buffer(String key, DeviceBuffer.Kind kind, long elements) {
        DeviceBuffer b = buffers.get(key);
        if (b == null || b.elements != elements || b.kind != kind) {
            if (b != null) {
                b.close();
            }
            b = DeviceBuffer.allocate(kind, elements, "layer " + layer);
            buffers.put(key, b);
        }
        return b;
    }

    private DeviceBuffer pointers(String key, DeviceBuffer of, long first, long stride, int count, String ctx) {
        DeviceBuffer p = buffer(key, DeviceBuffer.Kind.POINTERS, count);
        p.uploadAddresses(DeviceLayout.addresses(of.address(), first, stride, count, of.kind.bytes), ctx);
        return p;
    }

    /** Bytes this solver already holds (they are reused, so they count as free for its own plan). */
    private long ownedBytes() {
        long b = 0;
        for (DeviceBuffer x : buffers.values()) {
            b += x.elements * x.kind.bytes;
        }
        return b;
    }

    /** @return true when {@link #solve} can be called */
    public boolean hasFactors() {
        return factored;
    }

    /** @return the path of the last refresh, or null */
    public SolverPath lastPath() {
        return path;
    }

    /** @return the times of the last call, or null */
    public Timings lastTimings() {
        return timings;
    }

    /** @return how the last refresh built its blocks: {@code cublas-gemm}, {@code nvrtc} or {@code cublas-dgmm (why)} */
    public String buildRoute() {
        return buildRoute;
    }

    /** @return e.g. {@code "cuda(float64, NVIDIA H200, sm_90)"} */
    public String name() {
        return "cuda(" + (f64 ? "float64" : "float32") + ", " + device.device() + ", sm_" + device.major() + device.minor()
                + ")";
    }

    @Override
    public void close() {
        for (DeviceBuffer b : buffers.values()) {
            b.close();
        }
        buffers.clear();
        if (math != null) {
            math.close();
            math = null;
        }
        factored = false;
    }
}
