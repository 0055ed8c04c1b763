package org.nrws.cuda;

import java.util.HashMap;
import java.util.Map;
import org.nrws.linalg.NotPositiveDefiniteException;
import org.nrws.solver.PathRule;
import org.nrws.solver.SolverPath;

/**
 * One layer's damped natural-gradient solve on a device, written once against {@link DeviceOps}:
 * {@code direction_i = (1 + alpha) (alpha I + F_i)^{-1} g_i}, {@code F_i = sum_n c_{n,i} u_n u_n^T}
 * (the formulas of the CPU's {@link org.nrws.solver.CpuFusedSolver}), with the column-major mapping
 * of {@link DeviceLayout}.
 * <ul>
 *   <li>Primal (N &ge; d): per chunk of units {@code W_j = U^T diag(c_i)} (dgmm), then one
 *       strided-batched GEMM {@code F_i = W_j U} (2 N d^2 flops a unit), alpha on the diagonals
 *       (axpy); potrfBatched; potrsBatched with {@code g_i}; times {@code 1 + alpha}.</li>
 *   <li>Dual (N &lt; d, Woodbury): {@code G = U U^T} (GEMM), {@code M_i = alpha I + S_i G S_i}
 *       ({@link DeviceOps#dualBuild}); potrfBatched; {@code R = U g}, {@code Y = S R},
 *       potrsBatched, {@code X = S Y}, {@code direction = (1 + alpha)/alpha (g - U^T X)}.</li>
 * </ul>
 * Every cuSOLVER info is checked, and the diagonals of the factors ({@link FactorCheck#diagonals}:
 * a NaN pivot passes cuSOLVER's test): a block that cannot be factored, or a solution that is not
 * finite, is a {@link NotPositiveDefiniteException} naming the layer, path and neuron, as on the
 * CPU. The memory is planned before anything is allocated ({@link MemoryPlan}). With
 * {@code keepFactors} the factors stay on the device for {@link #solve}. One thread at a time.
 */
public final class FisherAlgorithm implements AutoCloseable {

    private final String layer;
    private final DeviceOps ops;
    private final boolean keepFactors;
    private final SolverPath forced;
    private final Map<String, DeviceOps.Buffer> buffers = new HashMap<>();
    private SolverPath path;
    private int n;
    private int d;
    private int m;
    private double alpha;
    private boolean factored;
    private Timings timings;
    private String buildRoute;
    private boolean closed;

    /**
     * The times of the last call in nanoseconds, each phase ended by a device synchronisation.
     *
     * @param upload host-to-device copies of U and C (or the scales)
     * @param build  the blocks
     * @param factor potrfBatched and its info check
     * @param solve  the right-hand sides, potrsBatched, the direction, its copy back and check
     * @param total  the whole call
     */
    public record Timings(long upload, long build, long factor, long solve, long total) {
    }

    /**
     * @param layer       the layer's name, for messages
     * @param ops         the device (owned: closed with this)
     * @param keepFactors keep the factors for {@link #solve}
     * @param path        a forced path, or null for {@link #choosePath}
     */
    public FisherAlgorithm(String layer, DeviceOps ops, boolean keepFactors, SolverPath path) {
        this.layer = layer;
        this.ops = ops;
        this.keepFactors = keepFactors;
        this.forced = path;
    }

    /**
     * The device's path: the engine's one rule, {@link PathRule#choose} (the CPU solvers' too, so a
     * device run takes the paths a CPU run takes).
     *
     * @param n N
     * @param d d
     * @param m m
     * @return the path
     */
    public static SolverPath choosePath(int n, int d, int m) {
        return PathRule.choose(n, d, m);
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
     * @throws DeviceMemoryException        when the layer does not fit in the device's memory
     */
    public void refresh(int n, int d, int m, double[] u, double[] c, double alpha, double[] g, double[] direction) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("layer " + layer + ": damping alpha must be finite and > 0, got " + alpha);
        }
        if (n < 1 || d < 1 || m < 1 || u.length < (long) n * d || c.length < (long) n * m || g.length < (long) d * m
                || direction.length < (long) d * m) {
            throw new IllegalArgumentException("layer " + layer + ": arrays do not hold N=" + n + ", d=" + d + ", m=" + m);
        }
        ops.bind();
        long t0 = System.nanoTime();
        factored = false;
        this.path = forced != null && forced != SolverPath.AUTO ? forced : choosePath(n, d, m);
        this.n = n;
        this.d = d;
        this.m = m;
        this.alpha = alpha;
        String ctx = context();
        long free = ops.freeBytes();
        // a second refresh reuses this layer's buffers: they count as available to its plan
        MemoryPlan plan = MemoryPlan.of(path, n, d, m, ops.elementBytes(), path == SolverPath.PRIMAL || ops.hasDualKernel(),
                free < 0 ? -1 : free + ownedBytes(), ctx, ops.deviceName());
        int k = path == SolverPath.PRIMAL ? d : n;
        DeviceOps.Buffer dU = buffer("U", (long) n * d, ctx);
        ops.upload(dU, u, ctx);
        DeviceOps.Buffer blocks = buffer("blocks", (long) m * k * k, ctx);
        DeviceOps.Buffer dC = null;
        DeviceOps.Buffer dS = null;
        if (path == SolverPath.PRIMAL) {
            dC = buffer("C", (long) n * m, ctx);
            ops.upload(dC, c, ctx);
        } else {
            dS = buffer("S", (long) n * m, ctx);
            ops.upload(dS, DeviceLayout.scales(c, n, m), ctx);
        }
        ops.sync(ctx);
        long t1 = System.nanoTime();
        if (path == SolverPath.PRIMAL) {
            buildPrimal(dU, dC, blocks, plan.chunk(), ctx);
        } else {
            DeviceOps.Buffer gram = buffer("G", (long) n * n, ctx);
            ops.gemm(true, false, n, n, d, 1.0, dU, 0, d, dU, 0, d, 0.0, gram, 0, n, ctx);      // G = U U^T
            buildRoute = ops.dualBuild(gram, dS, blocks, n, m, alpha, ctx);
        }
        ops.sync(ctx);
        long t2 = System.nanoTime();
        FactorCheck.info(ops.potrfBatched(blocks, k, m, ctx), ops.potrfName(), ctx);
        FactorCheck.diagonals(diagonals(blocks, k, ctx), ops.potrfName(), ctx);
        ops.sync(ctx);
        long t3 = System.nanoTime();
        try {
            solveInto(g, direction, ctx);
        } catch (RuntimeException e) {
            factored = false;
            throw e;
        }
        factored = keepFactors;
        long t4 = System.nanoTime();
        timings = new Timings(t1 - t0, t2 - t1, t3 - t2, t4 - t3, t4 - t0);
    }

    /**
     * Solves for a new gradient with the factors of the last refresh.
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
        ops.bind();
        long t0 = System.nanoTime();
        solveInto(g, direction, context());
        long t1 = System.nanoTime();
        timings = new Timings(0, 0, 0, t1 - t0, t1 - t0);
    }

    private void buildPrimal(DeviceOps.Buffer dU, DeviceOps.Buffer dC, DeviceOps.Buffer blocks, int chunk, String ctx) {
        DeviceOps.Buffer w = buffer("W", (long) chunk * n * d, ctx);
        long nd = (long) n * d;
        long dd = (long) d * d;
        for (int i0 = 0; i0 < m; i0 += chunk) {
            int count = Math.min(chunk, m - i0);
            for (int j = 0; j < count; j++) {
                // W_j = U^T diag(c_{., i}): the d x N column-major U^T, column a scaled by c_{a, i} (at a m + i)
                ops.dgmm(true, d, n, dU, 0, d, dC, i0 + j, m, w, j * nd, d, ctx);
            }
            // F_i = W_j (U^T)^T = U^T diag(c_i) U, d x d
            ops.gemmStridedBatched(false, true, d, d, n, 1.0, w, 0, d, nd, dU, 0, d, 0, 0.0, blocks, i0 * dd, d, dd, count,
                    ctx);
        }
        DeviceOps.Buffer ones = ones(d, ctx);
        for (int i = 0; i < m; i++) {
            ops.axpy(d, alpha, ones, 0, 1, blocks, i * dd, d + 1, ctx);
        }
        buildRoute = "cublas-gemm";
    }

    private void solveInto(double[] g, double[] direction, String ctx) {
        int k = path == SolverPath.PRIMAL ? d : n;
        double[] gt = new double[d * m];
        DeviceLayout.transpose(g, d, m, 1.0, gt);                 // [m, d] row-major: g_i contiguous
        DeviceOps.Buffer blocks = buffers.get("blocks");
        double[] out = new double[d * m];
        double scale;
        int info;
        if (path == SolverPath.PRIMAL) {
            DeviceOps.Buffer x = buffer("X", (long) d * m, ctx);
            ops.upload(x, gt, ctx);
            info = ops.potrsBatched(blocks, k, m, x, d, ctx);
            ops.download(x, out, ctx);
            scale = 1.0 + alpha;
        } else {
            DeviceOps.Buffer dU = buffers.get("U");
            DeviceOps.Buffer dS = buffers.get("S");
            DeviceOps.Buffer gd = buffer("Gt", (long) d * m, ctx);
            ops.upload(gd, gt, ctx);
            int nm = n * m;
            DeviceOps.Buffer r = buffer("R", nm, ctx);
            DeviceOps.Buffer y = buffer("Y", nm, ctx);
            DeviceOps.Buffer x = buffer("X", nm, ctx);
            DeviceOps.Buffer o = buffer("O", (long) d * m, ctx);
            ops.gemm(true, false, n, m, d, 1.0, dU, 0, d, gd, 0, d, 0.0, r, 0, n, ctx);        // R = U g, N x m
            ops.dgmm(false, nm, 1, r, 0, nm, dS, 0, 1, y, 0, nm, ctx);                         // Y = S R
            info = ops.potrsBatched(blocks, k, m, y, n, ctx);                                // Y = M^-1 Y
            ops.dgmm(false, nm, 1, y, 0, nm, dS, 0, 1, x, 0, nm, ctx);                         // X = S Y
            ops.copy(o, gd, (long) d * m, ctx);
            ops.gemm(false, false, d, m, n, -1.0, dU, 0, d, x, 0, n, 1.0, o, 0, d, ctx);       // g - U^T X
            ops.download(o, out, ctx);
            scale = (1.0 + alpha) / alpha;
        }
        if (info != 0) {
            throw new CudaException(ctx + ": the batched solve rejected argument " + (-info) + " (info=" + info + ")");
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
    }

    /**
     * The diagonals of the m factors, gathered on the device ({@code axpy} with increment k + 1 into
     * zeros) so that only m k values come back: cuSOLVER's info misses a NaN pivot.
     */
    private double[][] diagonals(DeviceOps.Buffer blocks, int k, String ctx) {
        DeviceOps.Buffer diag = buffer("diag", (long) k * m, ctx);
        double[] host = new double[k * m];
        ops.upload(diag, host, ctx);
        for (int i = 0; i < m; i++) {
            ops.axpy(k, 1.0, blocks, (long) i * k * k, k + 1, diag, (long) i * k, 1, ctx);
        }
        ops.download(diag, host, ctx);
        double[][] out = new double[m][k];
        for (int i = 0; i < m; i++) {
            System.arraycopy(host, i * k, out[i], 0, k);
        }
        return out;
    }

    private DeviceOps.Buffer ones(int k, String ctx) {
        DeviceOps.Buffer b = buffer("ones", k, ctx);
        double[] one = new double[k];
        java.util.Arrays.fill(one, 1.0);
        ops.upload(b, one, ctx);
        return b;
    }

    private String context() {
        return "layer " + layer + " (" + path.id() + ")";
    }

    /** A buffer kept while its size stays the same. */
    private DeviceOps.Buffer buffer(String key, long elements, String ctx) {
        DeviceOps.Buffer b = buffers.get(key);
        if (b == null || b.elements() != elements) {
            if (b != null) {
                ops.free(b);
            }
            b = ops.allocate(elements, ctx);
            buffers.put(key, b);
        }
        return b;
    }

    /** Bytes already held, by this algorithm and by its ops (reused, so they count as free for its own plan). */
    long ownedBytes() {
        long b = ops.heldBytes();
        for (DeviceOps.Buffer x : buffers.values()) {
            b += x.elements() * ops.elementBytes();
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

    /** @return how the last refresh built its blocks, e.g. {@code cublas-gemm} or {@code nvrtc} */
    public String buildRoute() {
        return buildRoute;
    }

    /** Frees every device buffer and closes the ops; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (DeviceOps.Buffer b : buffers.values()) {
            ops.free(b);
        }
        buffers.clear();
        factored = false;
        ops.close();
    }
}
