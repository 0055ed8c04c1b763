package org.nrws.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.estimator.Gradients;
import org.nrws.estimator.StepResult;
import org.nrws.host.HostMatrix;
import org.nrws.host.Nd4jHost;
import org.nrws.host.Phases;
import org.nrws.host.Precision;
import org.nrws.host.WorkerPool;
import org.nrws.linalg.BatchedCholesky;
import org.nrws.linalg.NotPositiveDefiniteException;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.ParameterLayout;
import org.nrws.model.SigmoidLayer;
import org.nrws.model.StepWorkspace;
import org.nrws.model.Trace;
import org.nrws.model.kernels.SigmoidKernels;
import org.nrws.random.RandomSource;
import org.nrws.solver.LayerSamples;
import org.nrws.solver.NaturalGradientSolver;
import org.nrws.solver.SolverFactory;
import org.nrws.solver.SolverOptions;

/**
 * The exact natural-gradient preconditioner of NWS, NRWS and NBiHM (docs/math.md sections 3 and 4): every
 * layer's direction is replaced, unit by unit, by {@code (1 + alpha) (alpha I + F_i)^{-1} g_i},
 * computed by one {@link NaturalGradientSolver} per layer (created once by the
 * {@link SolverFactory}).
 *
 * <ul>
 *   <li>p layers: Fisher blocks from the sleep (dream) samples of the step; when the step drew no
 *       dreams ({@link StepResult#sleep()} is null, e.g. BiHM), N = B*K dreams are drawn from the
 *       update's random stream.</li>
 *   <li>q layers: Fisher blocks from the wake samples (data replicated K times, h ~ q); one
 *       factorisation preconditions q's whole (wake + sleep) direction. For q's first layer the K
 *       replicas of a data point have the same input and the same curvatures, so its blocks are
 *       built from the B distinct rows with weight 1/B each: the same F_i exactly, with
 *       B x B instead of N x N dual systems.</li>
 *   <li>Curvatures {@code c = pi (1 - pi) / N} of the clipped probabilities
 *       ({@link SigmoidKernels#curvature}); a probability that is not finite is reported, never
 *       clipped.</li>
 *   <li>Damping {@code alpha = options.alphaAt(update)}; when it is above
 *       {@code options.plainAbove()} the plain gradient is used (and kept factors are dropped).</li>
 *   <li>The factorisations are recomputed on updates whose number is a multiple of
 *       {@code options.refreshInterval()} (and whenever none is kept); in between, each layer's kept
 *       factors precondition the current gradient. With an interval above 1 the samples of the last
 *       refresh are kept too ({@link #keptFisher()}): a checkpoint holds them, and a run resumed
 *       between two refreshes rebuilds the same factors from them ({@link #restoreKeptFisher}), so
 *       it is bit-identical to an uninterrupted run.</li>
 * </ul>
 * Errors name the layer, the path and the unit (e.g. "layer q1 (dual): block of neuron 7 ...").
 * Not thread safe: one instance per training run, closed by the run's owner ({@link #close}: the
 * layers' solvers, with their device memory on a GPU).
 */
public final class NaturalGradientPreconditioner implements Preconditioner {

    private final NaturalGradientOptions options;
    private final SolverFactory factory;
    private final SolverOptions solverOptions;
    private NaturalGradientSolver[] solvers;
    private HostMatrix[] curvatures;
    private HostMatrix[] keptInputs;
    private HostMatrix[] keptCurvatures;
    private long keptUpdate;
    private double keptAlpha;
    private boolean factored;
    private long refreshes;
    private long layerFactorizations;
    private long plainUpdates;

    /**
     * @param options the options
     * @param factory creates each layer's solver (e.g. {@link SolverFactory#cpu()})
     */
    public NaturalGradientPreconditioner(NaturalGradientOptions options, SolverFactory factory) {
        if (options == null || factory == null) {
            throw new IllegalArgumentException("natural-gradient preconditioner needs options and a solver factory");
        }
        this.options = options;
        this.factory = factory;
        this.solverOptions = options.solverOptions();
    }

    /**
     * The tensor (reference) path on a given batched Cholesky.
     *
     * @param options  the options
     * @param cholesky the batched Cholesky
     */
    public NaturalGradientPreconditioner(NaturalGradientOptions options, BatchedCholesky cholesky) {
        this(options, SolverFactory.tensor(cholesky));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Replaces every direction of {@code step.gradients()} by an array of the step's workspace.
     * The machine is not modified; on refresh updates without a sleep trace the workspace's sleep
     * pass is filled with dreams and {@code rng} is advanced by them.
     *
     * @throws NotPositiveDefiniteException naming the layer, path and unit of a
     *                                                      block that cannot be factored
     */
    @Override
    public void precondition(HelmholtzMachine machine, StepResult step, RandomSource rng, long update) {
        double alpha = options.alphaAt(update);
        if (alpha > options.plainAbove()) {
            factored = false;
            plainUpdates++;
            return;
        }
        int depth = machine.depth();
        StepWorkspace ws = step.workspace();
        Gradients g = step.gradients();
        INDArray[] dirs = ws.directions(machine);
        boolean refresh = !factored || update % options.refreshInterval() == 0;
        if (refresh) {
            ensureSolvers(machine);
            long t0 = Phases.start();
            Trace sleep = step.sleep() != null ? step.sleep() : machine.dream(ws, rng, false);
            t0 = Phases.stop(Phases.Phase.FORWARD, t0);
            Trace wake = step.wake();
            LayerSamples[] all = new LayerSamples[ParameterLayout.count(depth)];
            int cap = options.fisherRows();
            for (int l = 0; l <= depth; l++) {
                all[l] = samples(machine.p().layer(l), l, firstRows(sleep.hostPInput(l), cap),
                        firstRows(sleep.hostPProbabilities(l), cap), machine.clip(), ws.pool());
            }
            int b = ws.batch();
            for (int l = 0; l < depth; l++) {
                HostMatrix u = wake.hostQInput(l);
                HostMatrix pr = wake.hostQProbabilities(l);
                int index = ParameterLayout.q(depth, l);
                if (ParameterLayout.distinctRows(depth, index, ws.samples())) {
                    u = u.rowBlock(0, b);            // the K replicas of the data: B distinct rows
                    pr = pr.rowBlock(0, b);
                }
                all[index] = samples(machine.q().layer(l), index, firstRows(u, cap), firstRows(pr, cap), machine.clip(),
                        ws.pool());
            }
            if (solverOptions.keepFactors()) {
                keep(all, update, alpha);
            }
            Phases.stop(Phases.Phase.BUILD, t0);
            List<INDArray> grads = g.list();
            for (int i = 0; i < all.length; i++) {
                solvers[i].refresh(all[i], alpha, Nd4jHost.wrap(grads.get(i)), Nd4jHost.wrap(dirs[i]));
            }
            factored = solverOptions.keepFactors();
            refreshes++;
            layerFactorizations += ParameterLayout.count(depth);
        } else {
            for (int l = 0; l <= depth; l++) {
                solvers[l].solve(Nd4jHost.wrap(g.p(l)), Nd4jHost.wrap(dirs[l]));
            }
            for (int l = 0; l < depth; l++) {
                int index = ParameterLayout.q(depth, l);
                solvers[index].solve(Nd4jHost.wrap(g.q(l)), Nd4jHost.wrap(dirs[index]));
            }
        }
        for (int l = 0; l <= depth; l++) {
            g.setP(l, dirs[l]);
        }
        for (int l = 0; l < depth; l++) {
            g.setQ(l, dirs[ParameterLayout.q(depth, l)]);
        }
    }

    /** Copies the samples the factors of this refresh are built from (for {@link #keptFisher()}). */
    private void keep(LayerSamples[] all, long update, double alpha) {
        if (keptInputs == null || keptInputs.length != all.length) {
            keptInputs = new HostMatrix[all.length];
            keptCurvatures = new HostMatrix[all.length];
        }
        for (int i = 0; i < all.length; i++) {
            keptInputs[i] = copyInto(keptInputs[i], all[i].inputs());
            keptCurvatures[i] = copyInto(keptCurvatures[i], all[i].curvatures());
        }
        keptUpdate = update;
        keptAlpha = alpha;
    }

    /** {@code src} copied into {@code dst}, or into a new matrix when {@code dst} does not fit. */
    private static HostMatrix copyInto(HostMatrix dst, HostMatrix src) {
        return HostMatrix.fit(dst, src.precision(), src.rows(), src.cols()).copyFrom(src);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Present while factors are kept for the coming updates ({@code --refresh} &gt; 1, after a
     * refresh and until the plain-gradient threshold or {@link #close} drops them).
     */
    @Override
    public Optional<KeptFisher> keptFisher() {
        if (!factored || !solverOptions.keepFactors() || keptInputs == null) {
            return Optional.empty();
        }
        List<INDArray> u = new ArrayList<>();
        List<INDArray> c = new ArrayList<>();
        for (int i = 0; i < keptInputs.length; i++) {
            u.add(Nd4jHost.copyOf(keptInputs[i]));
            c.add(Nd4jHost.copyOf(keptCurvatures[i]));
        }
        return Optional.of(new KeptFisher(keptUpdate, keptAlpha, u, c));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Every layer's solver refreshes from the kept samples with the kept damping (against a zero
     * gradient, whose direction is discarded); the factors are then those of the uninterrupted run.
     */
    @Override
    public void restoreKeptFisher(HelmholtzMachine machine, KeptFisher kept) {
        if (!solverOptions.keepFactors()) {
            throw new IllegalArgumentException("the checkpoint holds kept Fisher factors (--refresh > 1), but this run "
                    + "refreshes every update (" + name() + ")");
        }
        List<SigmoidLayer> layers = machine.layers();
        if (kept.inputs().size() != layers.size()) {
            throw new IllegalArgumentException("the checkpoint's kept Fisher has " + kept.inputs().size() + " layers, the "
                    + "model " + layers.size());
        }
        ensureSolvers(machine);
        List<INDArray> params = machine.parameters();
        Precision gp = Nd4jHost.precision(machine.dataType());
        LayerSamples[] all = new LayerSamples[layers.size()];
        for (int i = 0; i < all.length; i++) {
            long[] shape = params.get(i).shape();        // [d, m]
            HostMatrix u = Nd4jHost.wrap(kept.inputs().get(i));
            HostMatrix c = Nd4jHost.wrap(kept.curvatures().get(i));
            if (u.cols() != shape[0] || c.cols() != shape[1]) {
                throw new IllegalArgumentException("layer " + layers.get(i).name() + ": the checkpoint's kept Fisher has U ["
                        + u.rows() + ", " + u.cols() + "] and C [" + c.rows() + ", " + c.cols() + "], the layer needs d = "
                        + shape[0] + " and m = " + shape[1]);
            }
            all[i] = new LayerSamples(layers.get(i).name(), u, c);
        }
        keep(all, kept.update(), kept.alpha());
        for (int i = 0; i < all.length; i++) {
            HostMatrix zero = HostMatrix.allocate(gp, all[i].blockSize(), all[i].units());
            solvers[i].refresh(all[i], kept.alpha(), zero, HostMatrix.allocate(gp, all[i].blockSize(), all[i].units()));
        }
        factored = true;
    }

    /** The first {@code cap} rows of a layer's samples ({@link NaturalGradientOptions#fisherRows}), or all of them. */
    private static HostMatrix firstRows(HostMatrix rows, int cap) {
        return cap > 0 && rows.rows() > cap ? rows.rowBlock(0, cap) : rows;
    }

    private void ensureSolvers(HelmholtzMachine machine) {
        int layers = ParameterLayout.count(machine.depth());
        if (solvers == null || solvers.length != layers) {
            solvers = new NaturalGradientSolver[layers];
            curvatures = new HostMatrix[layers];
            List<SigmoidLayer> all = machine.layers();
            for (int i = 0; i < layers; i++) {
                solvers[i] = factory.create(all.get(i).name(), solverOptions);
            }
        }
    }

    /** The layer's inputs and weighted curvatures {@code pi (1 - pi) / N}, N the rows given. */
    private LayerSamples samples(SigmoidLayer layer, int index, HostMatrix u, HostMatrix probabilities, double clip,
                                 WorkerPool pool) {
        int n = probabilities.rows();
        int m = probabilities.cols();
        Precision p = solverOptions.refine() ? Precision.F64 : solverOptions.precision();
        HostMatrix c = HostMatrix.fit(curvatures[index], p, n, m);
        curvatures[index] = c;
        HostMatrix out = c;
        AtomicInteger bad = new AtomicInteger(Integer.MAX_VALUE);
        double w = 1.0 / n;
        pool.forRange(n, (r0, r1, t) -> {
            int col = SigmoidKernels.curvature(probabilities, r0, r1, clip, w, out);
            if (col >= 0) {
                bad.accumulateAndGet(col, Math::min);
            }
        });
        if (bad.get() != Integer.MAX_VALUE) {
            throw new IllegalArgumentException("layer " + layer.name() + ": the probabilities of unit " + bad.get()
                    + " are not finite or not in [0, 1]");
        }
        return new LayerSamples(layer.name(), u, c);
    }

    /** @return the number of updates on which the factorisations were recomputed */
    public long refreshes() {
        return refreshes;
    }

    /** @return the number of layer factorisations done so far (one per layer per refresh) */
    public long layerFactorizations() {
        return layerFactorizations;
    }

    /** @return the number of updates that used the plain gradient because alpha was above the threshold */
    public long plainUpdates() {
        return plainUpdates;
    }

    /** @return the options */
    public NaturalGradientOptions options() {
        return options;
    }

    /** @return the factory of the layers' solvers */
    public SolverFactory solverFactory() {
        return factory;
    }

    /**
     * @param layer a layer index in parameter order
     * @return that layer's solver, or null before the first refresh
     */
    public NaturalGradientSolver solver(int layer) {
        return solvers == null ? null : solvers[layer];
    }

    /** Closes every layer's solver (their factors, scratch and device memory); idempotent. */
    @Override
    public void close() {
        NaturalGradientSolver[] s = solvers;
        solvers = null;
        curvatures = null;
        keptInputs = null;
        keptCurvatures = null;
        factored = false;
        if (s != null) {
            RuntimeException first = null;
            for (NaturalGradientSolver x : s) {
                try {
                    x.close();
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    @Override
    public String name() {
        return String.format(Locale.ROOT, "natural(alpha=%g, refresh=%d, %s, %s, %s)", options.alpha(),
                options.refreshInterval(), options.precisionId(), options.path().name().toLowerCase(Locale.ROOT),
                factory.name());
    }
}
