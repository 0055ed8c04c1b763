package org.nrws.solver;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.nrws.host.Blas;
import org.nrws.host.HostMatrix;
import org.nrws.host.Lapack;
import org.nrws.host.Phases;
import org.nrws.host.Precision;
import org.nrws.host.ThreadPlan;
import org.nrws.host.WorkerPool;
import org.nrws.linalg.NotPositiveDefiniteException;

/**
 * The CPU solver: per neuron, build, factor and solve in the scratch of the thread that handles the
 * neuron, so the [m, k, k] tensor of a layer's systems is never materialised (memory
 * O(threads k^2), or O(m k^2) only when the factors are kept for a refresh interval above 1).
 *
 * <ul>
 *   <li>Dual (Woodbury, docs/math.md section 4.3): one Gram matrix {@code G = U U^T} (SYRK) and
 *       {@code R = U g} (GEMM) shared by the layer; per neuron
 *       {@code M_i = alpha I + S_i G S_i}, Cholesky, {@code y = M_i^{-1} S_i R_i}; then one GEMM
 *       {@code g - U^T S y} for all neurons, times {@code (1 + alpha) / alpha}
 *       ({@link DualSystems}).</li>
 *   <li>Primal: per neuron {@code F_i = alpha I + V_i^T V_i} with {@code V_i = S_i U} (SYRK),
 *       Cholesky, {@code (1 + alpha) F_i^{-1} g_i} ({@link PrimalSystems}).</li>
 *   <li>The path is {@link PathRule}'s unless the options force one.</li>
 *   <li>Precision: float64; float32 (everything in float); or mixed (float32 factors, float64
 *       right-hand sides, one step of iterative refinement with the float64 system).</li>
 * </ul>
 * The systems are factored by {@link Lapack#potrf}; the neurons are handed out to the
 * pool's threads one at a time. The lowest failing neuron is reported, whatever the scheduling.
 */
public final class CpuFusedSolver implements NaturalGradientSolver {

    private final String layer;
    private final SolverOptions options;
    private final WorkerPool pool;
    private final Precision algebra;
    private final Scratch[] scratch;
    private final Map<String, HostMatrix> buffers = new HashMap<>();
    private final DualSystems dual;
    private final PrimalSystems primal;
    private UnitSystems kept;
    private SolverPath lastPath;

    /**
     * @param layer   the layer's name, for messages
     * @param options precision, kept factors, forced path
     * @param pool    the threads that share the neurons
     */
    public CpuFusedSolver(String layer, SolverOptions options, WorkerPool pool) {
        this.layer = layer;
        this.options = options;
        this.pool = pool;
        this.algebra = options.refine() ? Precision.F64 : options.precision();
        this.scratch = new Scratch[pool.threads()];
        this.dual = new DualSystems(this);
        this.primal = new PrimalSystems(this);
    }

    @Override
    public void refresh(LayerSamples samples, double alpha, HostMatrix gradient, HostMatrix direction) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("layer " + layer + ": damping alpha must be finite and > 0, got " + alpha);
        }
        int n = samples.rows();
        int d = samples.blockSize();
        int m = samples.units();
        checkGradient(gradient, direction, d, m);
        SolverPath path = PathRule.resolve(options.path(), n, d, m);
        String context = "layer " + layer + " (" + path.id() + ")";
        long t0 = Phases.start();
        HostMatrix u = convert("u", samples.inputs(), options.keepFactors());
        HostMatrix c = convert("c", samples.curvatures(), options.keepFactors());
        int k = path == SolverPath.DUAL ? n : d;
        HostMatrix factors = options.keepFactors() ? keptFactors(m, k) : null;
        kept = null;
        lastPath = path;
        UnitSystems system = path == SolverPath.DUAL ? dual : primal;
        system.prepare(u, c);
        system.alpha = alpha;
        system.factors = factors;
        system.context = context;
        AtomicInteger failed = new AtomicInteger(Integer.MAX_VALUE);
        String[] why = new String[m];
        HostMatrix g = convert("g", gradient, false);
        t0 = Phases.stop(Phases.Phase.BUILD, t0);
        HostMatrix out = system.output(g);
        t0 = Phases.stop(Phases.Phase.SOLVE, t0);
        ThreadPlan.perNeuron(() -> pool.forEach(m, (i, t) -> {
            if (i > failed.get()) {
                return;
            }
            Scratch s = scratch(t, n, d, k);
            HostMatrix f = factors != null ? slot(factors, i, k) : s.factor(k);
            String err = system.factor(i, f, s);
            if (err == null) {
                err = system.solveUnit(i, f, s, out);
            }
            if (err != null) {
                why[i] = err;
                failed.accumulateAndGet(i, Math::min);
            }
        }));
        Phases.parallelSection(t0);
        if (failed.get() != Integer.MAX_VALUE) {
            throw new NotPositiveDefiniteException(context, failed.get(), why[failed.get()]);
        }
        t0 = Phases.start();
        system.finish(g, out, direction);
        Phases.stop(Phases.Phase.SOLVE, t0);
        if (options.keepFactors()) {
            kept = system;
        }
    }

    @Override
    public void solve(HostMatrix gradient, HostMatrix direction) {
        if (kept == null) {
            throw new IllegalStateException("layer " + layer + ": no factors are kept (refresh first, with keepFactors)");
        }
        UnitSystems system = kept;
        int n = system.u.rows();
        int d = system.u.cols();
        int m = system.c.cols();
        checkGradient(gradient, direction, d, m);
        int k = system == dual ? n : d;
        HostMatrix g = convert("g", gradient, false);
        HostMatrix out = system.output(g);
        AtomicInteger failed = new AtomicInteger(Integer.MAX_VALUE);
        String[] why = new String[m];
        ThreadPlan.perNeuron(() -> pool.forEach(m, (i, t) -> {
            String err = system.solveUnit(i, slot(system.factors, i, k), scratch(t, n, d, k), out);
            if (err != null) {
                why[i] = err;
                failed.accumulateAndGet(i, Math::min);
            }
        }));
        if (failed.get() != Integer.MAX_VALUE) {
            throw new NotPositiveDefiniteException(system.context, failed.get(), why[failed.get()]);
        }
        system.finish(g, out, direction);
    }

    @Override
    public boolean hasFactors() {
        return kept != null;
    }

    @Override
    public SolverPath lastPath() {
        return lastPath;
    }

    @Override
    public String name() {
        return "cpu-fused(" + options.precisionId() + ", " + pool.threads() + " threads)";
    }

    /**
     * Counts what this solver holds now, object by object: its buffers, every thread's scratch and the
     * heap copies of the dual path (the count that {@link FusedEstimate} must predict).
     *
     * @return bytes held
     */
    public long heldBytes() {
        long b = dual.heapBytes();
        for (HostMatrix h : buffers.values()) {
            b += bytes(h);
        }
        for (Scratch s : scratch) {
            if (s != null) {
                b += bytes(s.factor) + bytes(s.wide) + bytes(s.scaled) + bytes(s.y) + bytes(s.t) + bytes(s.t2)
                        + bytes(s.t3) + bytes(s.low);
            }
        }
        return b;
    }

    private static long bytes(HostMatrix h) {
        return h == null ? 0 : (long) h.rows() * h.cols() * h.precision().bytes();
    }

    @Override
    public void close() {
        kept = null;
        Arrays.fill(scratch, null);
        buffers.clear();
    }

    private void checkGradient(HostMatrix g, HostMatrix out, int d, int m) {
        if (g.rows() != d || g.cols() != m || out.rows() != d || out.cols() != m) {
            throw new IllegalArgumentException("layer " + layer + ": gradient and direction must be [" + d + ", " + m
                    + "], got [" + g.rows() + ", " + g.cols() + "] and [" + out.rows() + ", " + out.cols() + "]");
        }
    }

    /** The matrix in the algebra's precision: itself, or a copy (always a copy when it must be kept). */
    private HostMatrix convert(String key, HostMatrix a, boolean copy) {
        return !copy && a.precision() == algebra ? a : buffer(key, algebra, a.rows(), a.cols()).copyFrom(a);
    }

    /**
     * A buffer of this solver, reused while its shape stays the same (a step allocates nothing).
     *
     * @param key       what it is for
     * @param precision its precision
     * @param rows      rows
     * @param cols      columns
     * @return the buffer (contents unspecified)
     */
    HostMatrix buffer(String key, Precision precision, int rows, int cols) {
        HostMatrix kept = buffers.get(key);
        HostMatrix b = HostMatrix.fit(kept, precision, rows, cols);
        if (b != kept) {
            buffers.put(key, b);
        }
        return b;
    }

    /** @return the precision of right-hand sides and shared products */
    Precision algebra() {
        return algebra;
    }

    /** @return the options */
    SolverOptions options() {
        return options;
    }

    /** @return the pool */
    WorkerPool pool() {
        return pool;
    }

    private HostMatrix keptFactors(int m, int k) {
        return buffer("factors", options.precision(), m, k * k);
    }

    /** Unit i's [k, k] factor inside the kept [m, k*k] storage. */
    static HostMatrix slot(HostMatrix factors, int i, int k) {
        return HostMatrix.wrap(factors.rowBlock(i, i + 1).pointer(), factors, factors.precision(), k, k, k);
    }

    private Scratch scratch(int t, int n, int d, int k) {
        Scratch s = scratch[t];
        if (s == null || !s.fits(n, d, k)) {
            s = new Scratch(options.precision(), algebra, n, d, k);
            scratch[t] = s;
        }
        return s;
    }

    /**
     * The buffers of one thread: the factor of the unit in hand and its vectors.
     */
    static final class Scratch {
        final int n;
        final int d;
        final int k;
        final HostMatrix factor;
        final HostMatrix wide;      // algebra precision: [k, k] (the float64 system under refinement)
        final HostMatrix scaled;    // algebra precision: [N, d] (V_i of the primal path)
        final HostMatrix y;         // algebra precision: [k, 1]
        final HostMatrix t;         // algebra precision: [max(N, d), 1]
        final HostMatrix t2;        // algebra precision: [max(N, d), 1]
        final HostMatrix t3;        // algebra precision: [max(N, d), 1]
        final HostMatrix low;       // factor precision: [k, 1]

        Scratch(Precision factor, Precision algebra, int n, int d, int k) {
            this.n = n;
            this.d = d;
            this.k = k;
            this.factor = HostMatrix.allocate(factor, k, k);
            this.wide = factor == algebra ? null : HostMatrix.allocate(algebra, k, k);
            this.scaled = HostMatrix.allocate(algebra, Math.max(1, n), d);
            this.y = HostMatrix.allocate(algebra, k, 1);
            this.t = HostMatrix.allocate(algebra, Math.max(n, d), 1);
            this.t2 = HostMatrix.allocate(algebra, Math.max(n, d), 1);
            this.t3 = HostMatrix.allocate(algebra, Math.max(n, d), 1);
            this.low = HostMatrix.allocate(factor, k, 1);
        }

        boolean fits(int n2, int d2, int k2) {
            return n == n2 && d == d2 && k == k2;
        }

        HostMatrix factor(int k2) {
            return factor;
        }
    }

    /**
     * Checks that a solved vector is finite.
     *
     * @param y [k, 1]
     * @return null, or what failed
     */
    static String finite(HostMatrix y) {
        for (int a = 0; a < y.rows(); a++) {
            if (!Double.isFinite(y.get(a * y.ld()))) {
                return "the solution is not finite: the gradient holds NaN or infinity, or the system is numerically"
                        + " singular";
            }
        }
        return null;
    }

    /** Writes {@code dst = scale * src}, converting precision (modified: dst). */
    static void scaleInto(HostMatrix src, double scale, HostMatrix dst) {
        for (int r = 0; r < src.rows(); r++) {
            for (int j = 0; j < src.cols(); j++) {
                dst.set(r * dst.ld() + j, scale * src.get(r * src.ld() + j));
            }
        }
    }

    /** {@code C = op(A) B} for small products inside a unit's solve (single-threaded). */
    static void product(boolean transA, HostMatrix a, HostMatrix b, HostMatrix c) {
        Blas.gemm(transA, false, 1.0, a, b, 0.0, c);
    }
}
