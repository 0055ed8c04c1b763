package org.nrws.train;

import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.estimator.Gradients;
import org.nrws.estimator.StepResult;
import org.nrws.fisher.FisherBlocks;
import org.nrws.fisher.FisherBlocks.Factorization;
import org.nrws.fisher.FisherBlocks.Path;
import org.nrws.linalg.BatchedCholesky;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.SigmoidLayer;
import org.nrws.model.Trace;
import org.nrws.random.RandomSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exact natural-gradient preconditioner of NWS, NRWS and NBiHM (spec sections 3 and 4): every
 * layer's direction is replaced, unit by unit, by {@code (1 + alpha) (alpha I + F_i)^{-1} g_i}.
 *
 * <ul>
 *   <li>p layers: Fisher blocks from the sleep (dream) samples of the step; when the step drew no
 *       dreams ({@link StepResult#sleep()} is null, e.g. BiHM), N = B*K dreams are drawn from the
 *       update's random stream.</li>
 *   <li>q layers: Fisher blocks from the wake samples (data replicated K times, h ~ q); one
 *       factorisation preconditions q's whole (wake + sleep) direction.</li>
 *   <li>Damping {@code alpha = options.alphaAt(update)}; when it is above
 *       {@code options.plainAbove()} the plain gradient is used (and cached factorisations are
 *       dropped).</li>
 *   <li>The factorisations are recomputed on updates whose number is a multiple of
 *       {@code options.refreshInterval()} (and whenever none is cached); in between, each layer's
 *       cached factorisation, with the samples, U, S and alpha it was built from, preconditions the
 *       current gradient. A run resumed at an update that is not a multiple of the interval starts
 *       with a fresh factorisation, so it is bit-identical to an uninterrupted run only when the
 *       interval is 1 or the resume point is a multiple of it.</li>
 *   <li>The path of each layer is {@link FisherBlocks#choosePath} unless
 *       {@link NaturalGradientOptions#path()} forces one; the algebra runs in
 *       {@link NaturalGradientOptions#fisherType()}.</li>
 * </ul>
 * Errors name the layer, the path and the unit (e.g. "layer q1 (dual): block of neuron 7 ...").
 * Not thread safe: one instance per training run.
 */
public final class NaturalGradientPreconditioner implements Preconditioner {

    private static final Logger LOG = LoggerFactory.getLogger(NaturalGradientPreconditioner.class);

    private final NaturalGradientOptions options;
    private final BatchedCholesky cholesky;
    private Factorization[] pCache;
    private Factorization[] qCache;
    private long refreshes;
    private long layerFactorizations;
    private long plainUpdates;

    /**
     * @param options  the options
     * @param cholesky the batched Cholesky (e.g. {@link org.nrws.linalg.BatchedCholeskies#best()})
     */
    public NaturalGradientPreconditioner(NaturalGradientOptions options, BatchedCholesky cholesky) {
        if (options == null || cholesky == null) {
            throw new IllegalArgumentException("natural-gradient preconditioner needs options and a batched Cholesky");
        }
        this.options = options;
        this.cholesky = cholesky;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Replaces every direction of {@code step.gradients()} (new arrays, the gradient's data
     * type). The machine and the traces are not modified; on refresh updates without a sleep trace,
     * {@code rng} is advanced by the dreams drawn for p's Fisher.
     *
     * @throws org.nrws.linalg.NotPositiveDefiniteException naming the layer, path and unit of a
     *                                                      block that cannot be factored
     */
    @Override
    public void precondition(HelmholtzMachine machine, StepResult step, RandomSource rng, long update) {
        double alpha = options.alphaAt(update);
        if (alpha > options.plainAbove()) {
            pCache = null;
            qCache = null;
            plainUpdates++;
            return;
        }
        int L = machine.depth();
        Gradients g = step.gradients();
        if (pCache == null || pCache.length != L + 1 || update % options.refreshInterval() == 0) {
            refresh(machine, step, rng, alpha);
            return;
        }
        for (int l = 0; l <= L; l++) {
            g.setP(l, pCache[l].solve(g.p(l)));
        }
        for (int l = 0; l < L; l++) {
            g.setQ(l, qCache[l].solve(g.q(l)));
        }
    }

    /** Rebuilds every layer's factorisation and preconditions the step's gradients with it. */
    private void refresh(HelmholtzMachine machine, StepResult step, RandomSource rng, double alpha) {
        int L = machine.depth();
        Gradients g = step.gradients();
        Trace wake = step.wake();
        Trace sleep = step.sleep() != null ? step.sleep() : machine.dream(wake.rows(), rng);
        // The previous factorisations are recycled: each layer's new system is built in the storage of
        // its previous one when the shapes agree (no new [m, k, k] allocation after the first refresh).
        Factorization[] oldP = pCache != null && pCache.length == L + 1 ? pCache : new Factorization[L + 1];
        Factorization[] oldQ = qCache != null && qCache.length == L ? qCache : new Factorization[L];
        pCache = null;
        qCache = null;
        Factorization[] p = new Factorization[L + 1];
        Factorization[] q = new Factorization[L];
        INDArray[] pDir = new INDArray[L + 1];
        INDArray[] qDir = new INDArray[L];
        for (int l = 0; l <= L; l++) {
            FisherBlocks.Solved s = factorAndSolve(machine.p().layer(l), sleep.pInput(l), sleep.pProbabilities(l),
                    machine.clip(), alpha, oldP[l], g.p(l));
            p[l] = s.factorization();
            pDir[l] = s.direction();
        }
        for (int l = 0; l < L; l++) {
            FisherBlocks.Solved s = factorAndSolve(machine.q().layer(l), wake.qInput(l), wake.qProbabilities(l),
                    machine.clip(), alpha, oldQ[l], g.q(l));
            q[l] = s.factorization();
            qDir[l] = s.direction();
        }
        for (int l = 0; l <= L; l++) {
            g.setP(l, pDir[l]);
        }
        for (int l = 0; l < L; l++) {
            g.setQ(l, qDir[l]);
        }
        pCache = p;
        qCache = q;
        refreshes++;
    }

    private FisherBlocks.Solved factorAndSolve(SigmoidLayer layer, INDArray u, INDArray probabilities, double clip,
                                               double alpha, Factorization recycle, INDArray gradient) {
        FisherBlocks blocks;
        try {
            blocks = FisherBlocks.ofLayer(u, probabilities, clip, null, options.fisherType());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("layer " + layer.name() + ": " + e.getMessage(), e);
        }
        Path path = path(blocks);
        if (LOG.isDebugEnabled()) {
            LOG.debug("layer {}: N={} d={} m={} -> {} path", layer.name(), blocks.rows(), blocks.blockSize(),
                    blocks.units(), path.id());
        }
        layerFactorizations++;
        return blocks.factorAndSolve(alpha, path, cholesky, "layer " + layer.name(), recycle, gradient);
    }

    private Path path(FisherBlocks blocks) {
        switch (options.path()) {
            case PRIMAL:
                return Path.PRIMAL;
            case DUAL:
                return Path.DUAL;
            default:
                return FisherBlocks.choosePath(blocks.rows(), blocks.blockSize(), blocks.units());
        }
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

    /** @return the batched Cholesky in use */
    public BatchedCholesky cholesky() {
        return cholesky;
    }

    @Override
    public String name() {
        return String.format(Locale.ROOT, "natural(alpha=%g, refresh=%d, %s, %s, %s)", options.alpha(),
                options.refreshInterval(), options.fisherType() == DataType.DOUBLE ? "float64" : "float32",
                options.path().name().toLowerCase(Locale.ROOT), cholesky.name());
    }
}
