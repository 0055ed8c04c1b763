package org.nrws.model;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.host.Blas;
import org.nrws.host.HostMatrix;
import org.nrws.host.Nd4jHost;
import org.nrws.host.ThreadPlan;
import org.nrws.host.WorkerPool;
import org.nrws.model.kernels.Draws;
import org.nrws.model.kernels.SigmoidKernels;
import org.nrws.random.RandomSource;

/**
 * The passes through a Helmholtz machine on a {@link StepWorkspace}: per layer one GEMM
 * {@code [N, d] x [d, m]} of the augmented states with the layer's parameters into the
 * probability block, then one fused kernel of {@link SigmoidKernels} over the rows, shared by the
 * pool's threads. The draws come from {@link Draws}, so the result does not depend on the split.
 */
final class Passes {

    private Passes() {
    }

    /**
     * Wake pass on rows [0, n) of the trace: h ~ q(.|x) bottom-up, then p's probabilities of the
     * states, log q(h|x) and log p(x,h).
     *
     * @param m        the machine
     * @param t        the pass; its visible states must be filled (the ones column is always set)
     * @param n        the rows
     * @param distinct when below n, rows {@code k*distinct + b} repeat row b (the data replicated K
     *                 times): q's first layer is then computed on the distinct rows only
     * @param draws    the uniforms of the q layers, in order 0..L-1
     */
    static void wake(HelmholtzMachine m, Trace t, int n, int distinct, Draws draws) {
        t.written(n, false, false);
        WorkerPool pool = t.workspace().pool();
        int depth = m.depth();
        double clip = m.clip();
        for (int l = 0; l < depth; l++) {
            SigmoidLayer layer = m.q().layer(l);
            HostMatrix act = t.hostQProbabilities(l);
            HostMatrix in = t.hostQInput(l);
            if (l == 0 && distinct < n) {
                Blas.gemm(pool, false, false, 1.0, in.rowBlock(0, distinct), layer.host(), 0.0, act.rowBlock(0, distinct));
                replicate(act, distinct, n);
            } else {
                Blas.gemm(pool, false, false, 1.0, in, layer.host(), 0.0, act);
            }
            HostMatrix states = t.hostState(l + 1);
            HostMatrix logQ = t.hostLogQ();
            int drawLayer = l;
            boolean accumulate = l > 0;
            Nan nan = new Nan();
            double off = m.units().off();
            pool.forRange(n, (r0, r1, th) -> nan.see(0, SigmoidKernels.sample(act, states, r0, r1, draws, drawLayer, clip,
                    logQ, accumulate, off)));
            nan.check(layer);
        }
        scoreP(m, t, n);
        t.written(n, true, true);
    }

    /**
     * Sleep pass on the rows of the trace: (x, h) ~ p ancestrally from the top prior down, then q's
     * probabilities of the dreams; with {@code score}, also log p(x,h) and log q(h|x).
     *
     * @param m     the machine
     * @param t     the pass
     * @param n     the rows
     * @param draws the uniforms of the p layers, in order L, L-1, .., 0
     * @param score compute the log-probabilities (the training step does not need them)
     */
    static void dream(HelmholtzMachine m, Trace t, int n, Draws draws, boolean score) {
        t.written(n, false, false);
        WorkerPool pool = t.workspace().pool();
        int depth = m.depth();
        double clip = m.clip();
        HostMatrix logP = score ? t.hostLogP() : null;
        for (int l = depth; l >= 0; l--) {
            SigmoidLayer layer = m.p().layer(l);
            HostMatrix act = t.hostPProbabilities(l);
            if (l == depth) {
                HostMatrix bias = layer.hostBias();
                pool.forRange(n, (r0, r1, th) -> SigmoidKernels.broadcastRow(bias, act, r0, r1));
            } else {
                Blas.gemm(pool, false, false, 1.0, t.hostPInput(l), layer.host(), 0.0, act);
            }
            HostMatrix states = t.hostState(l);
            int drawLayer = depth - l;
            boolean accumulate = l < depth;
            Nan nan = new Nan();
            double off = m.units().off();
            pool.forRange(n, (r0, r1, th) -> nan.see(0, SigmoidKernels.sample(act, states, r0, r1, draws, drawLayer, clip,
                    logP, accumulate, off)));
            nan.check(layer);
        }
        for (int l = 0; l < depth; l++) {
            Blas.gemm(pool, false, false, 1.0, t.hostQInput(l), m.q().layer(l).host(), 0.0, t.hostQProbabilities(l));
        }
        HostMatrix logQ = t.hostLogQ();
        Nan nan = new Nan();
        pool.forRange(n, (r0, r1, th) -> {
            for (int l = 0; l < depth; l++) {
                nan.see(l, score ? SigmoidKernels.score(t.hostQProbabilities(l), t.hostState(l + 1), r0, r1, clip, logQ, l > 0)
                        : SigmoidKernels.sigmoid(t.hostQProbabilities(l), r0, r1));
            }
        });
        nan.check(m.q().layers());
        t.written(n, score, score);
    }

    /**
     * Scores given states on rows [0, n): both networks' probabilities and log-probabilities, no
     * sampling. The states of every layer must be filled.
     *
     * @param m the machine
     * @param t the pass
     * @param n the rows
     */
    static void evaluate(HelmholtzMachine m, Trace t, int n) {
        t.written(n, false, false);
        WorkerPool pool = t.workspace().pool();
        int depth = m.depth();
        double clip = m.clip();
        for (int l = 0; l < depth; l++) {
            Blas.gemm(pool, false, false, 1.0, t.hostQInput(l), m.q().layer(l).host(), 0.0, t.hostQProbabilities(l));
        }
        HostMatrix logQ = t.hostLogQ();
        Nan nan = new Nan();
        pool.forRange(n, (r0, r1, th) -> {
            for (int l = 0; l < depth; l++) {
                nan.see(l, SigmoidKernels.score(t.hostQProbabilities(l), t.hostState(l + 1), r0, r1, clip, logQ, l > 0));
            }
        });
        nan.check(m.q().layers());
        scoreP(m, t, n);
        t.written(n, true, true);
    }

    /** p's probabilities of the trace's states and log p(x, h), layers 0..L. */
    private static void scoreP(HelmholtzMachine m, Trace t, int n) {
        WorkerPool pool = t.workspace().pool();
        int depth = m.depth();
        double clip = m.clip();
        for (int l = 0; l < depth; l++) {
            Blas.gemm(pool, false, false, 1.0, t.hostPInput(l), m.p().layer(l).host(), 0.0, t.hostPProbabilities(l));
        }
        HostMatrix bias = m.p().layer(depth).hostBias();
        HostMatrix logP = t.hostLogP();
        Nan nan = new Nan();
        pool.forRange(n, (r0, r1, th) -> {
            SigmoidKernels.broadcastRow(bias, t.hostPProbabilities(depth), r0, r1);
            for (int l = 0; l <= depth; l++) {
                nan.see(l, SigmoidKernels.score(t.hostPProbabilities(l), t.hostState(l), r0, r1, clip, logP, l > 0));
            }
        });
        nan.check(m.p().layers());
    }

    /** The lowest NaN unit each layer's kernels reported, gathered across threads. */
    private static final class Nan {
        private final java.util.concurrent.ConcurrentHashMap<Integer, Integer> lowest = new java.util.concurrent.ConcurrentHashMap<>();

        void see(int layer, int unit) {
            if (unit >= 0) {
                lowest.merge(layer, unit, Math::min);
            }
        }

        void check(SigmoidLayer layer) {
            Integer u = lowest.get(0);
            if (u != null) {
                throw new NonFiniteProbabilityException(layer.name(), u);
            }
        }

        void check(java.util.List<SigmoidLayer> layers) {
            for (int l = 0; l < layers.size(); l++) {
                Integer u = lowest.get(l);
                if (u != null) {
                    throw new NonFiniteProbabilityException(layers.get(l).name(), u);
                }
            }
        }
    }

    /** Copies rows [0, distinct) of {@code a} to rows [k*distinct, (k+1)*distinct) for k &ge; 1. */
    private static void replicate(HostMatrix a, int distinct, int n) {
        HostMatrix src = a.rowBlock(0, distinct);
        for (int r0 = distinct; r0 < n; r0 += distinct) {
            a.rowBlock(r0, Math.min(n, r0 + distinct)).copyFrom(src.rowBlock(0, Math.min(distinct, n - r0)));
        }
    }

    /** A wake pass on uniforms drawn in sequence from {@code rng} (layer after layer), which is advanced by them. */
    static Trace sampleWake(HelmholtzMachine m, Trace t, int n, int distinct, RandomSource rng) {
        int[] sizes = m.sizes();
        int[] units = Arrays.copyOfRange(sizes, 1, sizes.length);
        Draws.Sequential draws = Draws.sequential(rng, n, units);
        wake(m, t, n, distinct, draws);
        rng.skip(draws.total());
        return t;
    }

    /** A dream pass on uniforms drawn in sequence from {@code rng} (top prior first), which is advanced by them. */
    static Trace sampleDreams(HelmholtzMachine m, Trace t, int n, RandomSource rng, boolean score) {
        int[] sizes = m.sizes();
        int[] units = new int[sizes.length];
        for (int l = 0; l < units.length; l++) {
            units[l] = sizes[sizes.length - 1 - l];
        }
        Draws.Sequential draws = Draws.sequential(rng, n, units);
        dream(m, t, n, draws, score);
        rng.skip(draws.total());
        return t;
    }

    /** The states' trace, on a workspace of its own: see {@link HelmholtzMachine#evaluate(INDArray[])}. */
    static Trace evaluate(HelmholtzMachine m, INDArray[] states) {
        int L = m.depth();
        if (states.length != L + 1) {
            throw new IllegalArgumentException("expected " + (L + 1) + " state matrices, got " + states.length);
        }
        int n = (int) states[0].rows();
        StepWorkspace ws = new StepWorkspace(m, n, 1, 1, ThreadPlan.shared().pool());
        Trace t = ws.wake();
        for (int l = 0; l <= L; l++) {
            if (states[l].rows() != n || states[l].columns() != m.sizes()[l]) {
                throw new IllegalArgumentException("states of layer " + l + " must be [" + n + ", " + m.sizes()[l] + "], got "
                        + Arrays.toString(states[l].shape()));
            }
            m.encode(t.hostState(l).copyFrom(Nd4jHost.wrap(states[l].castTo(m.dataType()).dup('c'))));
        }
        evaluate(m, t, n);
        return t;
    }
}
