package org.nrws.reference;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.solver.FisherBlocks;
import org.nrws.solver.PathRule;
import org.nrws.solver.SolverPath;
import org.nrws.linalg.BatchedCholesky;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.SigmoidLayer;
import org.nrws.random.RandomSource;
import org.nrws.train.Algorithm;
import org.nrws.train.NaturalGradientOptions;

/**
 * The engine's original training step, kept as the oracle of the fast path: every formula as the
 * ND4J operations of the first implementation (commit be3eb14) computed it, one allocating
 * operation after another: the passes ({@code x.mmul(W) + b}, {@code Transforms.sigmoid},
 * {@code u < clip(p)} (the one change since: samples come from the clipped Bernoulli), clipped
 * logarithms), the weights, the gradients {@code U^T delta} (q's wake and
 * sleep parts as two products), the natural-gradient solve with the [m, k, k] tensors of
 * {@link FisherBlocks} (no merging of q0's repeated rows), and the optimisers. Test code only.
 */
public final class ReferenceEngine {

    private final HelmholtzMachine machine;
    private final Algorithm algorithm;
    private final EstimatorOptions options;
    private final NaturalGradientOptions natural;
    private final BatchedCholesky cholesky;
    private final String optimizer;
    private final INDArray[][] state;
    private long t;

    /**
     * @param machine   the model, trained in place
     * @param algorithm the algorithm
     * @param options   the estimator options
     * @param natural   the natural-gradient options (used by the natural algorithms)
     * @param cholesky  the batched Cholesky of the natural algorithms
     * @param optimizer sgd, momentum or adam
     */
    public ReferenceEngine(HelmholtzMachine machine, Algorithm algorithm, EstimatorOptions options,
                           NaturalGradientOptions natural, BatchedCholesky cholesky, String optimizer) {
        this.machine = machine;
        this.algorithm = algorithm;
        this.options = options;
        this.natural = natural;
        this.cholesky = cholesky;
        this.optimizer = optimizer;
        this.state = new INDArray[machine.layers().size()][];
    }

    /** One pass's arrays, as the original Trace held them. */
    public static final class Pass {
        /** States h^0..h^L. */
        public INDArray[] h;
        /** p's unclipped probabilities. */
        public INDArray[] p;
        /** q's unclipped probabilities. */
        public INDArray[] q;
        /** log p(x, h). */
        public INDArray logP;
        /** log q(h | x). */
        public INDArray logQ;
    }

    static INDArray probabilities(SigmoidLayer layer, INDArray input, long rows) {
        INDArray theta = layer.theta();
        INDArray bias = theta.getRow(layer.nIn(), true);
        INDArray a;
        if (layer.nIn() == 0) {
            a = Nd4j.zeros(layer.dataType(), rows, layer.nOut()).addiRowVector(bias);
        } else {
            INDArray w = theta.get(NDArrayIndex.interval(0, layer.nIn()), NDArrayIndex.all());
            a = input.mmul(w).addiRowVector(bias);
        }
        return Transforms.sigmoid(a, false);
    }

    /** The Bernoulli draw from the clipped probabilities (issue 11: sample what is scored). */
    static INDArray sample(INDArray probabilities, RandomSource rng, double clip) {
        INDArray u = rng.uniform(probabilities.dataType(), probabilities.rows(), probabilities.columns());
        INDArray pc = clip == 0.0 ? probabilities
                : Transforms.min(Transforms.max(probabilities, clip, true), 1.0 - clip, false);
        return u.lt(pc).castTo(probabilities.dataType());
    }

    static INDArray logProbability(INDArray states, INDArray probabilities, double clip) {
        INDArray pc = clip == 0.0 ? probabilities.dup()
                : Transforms.min(Transforms.max(probabilities, clip, true), 1.0 - clip, false);
        INDArray log1m = Transforms.log(pc.rsub(1.0), false);
        INDArray logp = Transforms.log(pc, false);
        return logp.subi(log1m).muli(states).addi(log1m).sum(1);
    }

    static INDArray augmented(INDArray input, long rows, DataType type) {
        INDArray ones = Nd4j.ones(type, rows, 1);
        return input == null ? ones : Nd4j.hstack(input, ones);
    }

    static INDArray gradient(INDArray u, INDArray states, INDArray probabilities, INDArray rowWeights) {
        INDArray delta = states.sub(probabilities).muliColumnVector(rowWeights.reshape(rowWeights.length(), 1));
        return u.transpose().mmul(delta);
    }

    /**
     * @param x   [N, n0] data, already replicated
     * @param rng the stream
     * @return the wake pass
     */
    public Pass wake(INDArray x, RandomSource rng) {
        int depth = machine.depth();
        long n = x.rows();
        Pass s = new Pass();
        s.h = new INDArray[depth + 1];
        s.q = new INDArray[depth];
        s.h[0] = x.castTo(machine.dataType());
        for (int l = 0; l < depth; l++) {
            s.q[l] = probabilities(machine.q().layer(l), s.h[l], n);
            s.h[l + 1] = sample(s.q[l], rng, machine.clip());
        }
        s.p = new INDArray[depth + 1];
        for (int l = 0; l <= depth; l++) {
            s.p[l] = probabilities(machine.p().layer(l), l == depth ? null : s.h[l + 1], n);
        }
        score(s);
        return s;
    }

    /**
     * @param n   dreams
     * @param rng the stream
     * @return the sleep pass
     */
    public Pass dream(long n, RandomSource rng) {
        int depth = machine.depth();
        Pass s = new Pass();
        s.h = new INDArray[depth + 1];
        s.p = new INDArray[depth + 1];
        for (int l = depth; l >= 0; l--) {
            s.p[l] = probabilities(machine.p().layer(l), l == depth ? null : s.h[l + 1], n);
            s.h[l] = sample(s.p[l], rng, machine.clip());
        }
        s.q = new INDArray[depth];
        for (int l = 0; l < depth; l++) {
            s.q[l] = probabilities(machine.q().layer(l), s.h[l], n);
        }
        score(s);
        return s;
    }

    private void score(Pass s) {
        for (int l = 0; l < s.p.length; l++) {
            INDArray lp = logProbability(s.h[l], s.p[l], machine.clip());
            s.logP = s.logP == null ? lp : s.logP.addi(lp);
        }
        for (int l = 0; l < s.q.length; l++) {
            INDArray lq = logProbability(s.h[l + 1], s.q[l], machine.clip());
            s.logQ = s.logQ == null ? lq : s.logQ.addi(lq);
        }
    }

    /**
     * One update: estimate, precondition, optimise.
     *
     * @param x    [B, n0] minibatch
     * @param seed the run seed (update u draws from (seed, DOMAIN_TRAIN, u))
     * @return the applied directions, in parameter order
     */
    public INDArray[] step(INDArray x, long seed) {
        RandomSource rng = RandomSource.of(seed).stream(RandomSource.DOMAIN_TRAIN, t);
        int b = (int) x.rows();
        int k = options.samples();
        int depth = machine.depth();
        DataType type = machine.dataType();
        Pass wake = wake(k == 1 ? x : Nd4j.tile(x, k, 1), rng);
        INDArray lw = wake.logP.sub(wake.logQ);
        if (algorithm.base() == Algorithm.BIHM) {
            lw.muli(0.5);
        }
        INDArray w = lw.reshape(k, b);
        INDArray max = w.max(0);
        INDArray e = Transforms.exp(w.subRowVector(max), false);
        INDArray normalised = e.diviRowVector(e.sum(0)).reshape((long) b * k);
        INDArray pRows = algorithm.base() == Algorithm.WS
                ? Nd4j.valueArrayOf(new long[] {(long) b * k}, 1.0 / ((double) b * k), type) : normalised.div(b);
        INDArray[] g = new INDArray[2 * depth + 1];
        for (int l = 0; l <= depth; l++) {
            INDArray u = augmented(l == depth ? null : wake.h[l + 1], b * (long) k, type);
            g[l] = gradient(u, wake.h[l], wake.p[l], pRows);
        }
        INDArray qRows = null;
        double sleepWeight = 0;
        switch (algorithm.base()) {
            case RWS:
                if (options.wakeWeight() != 0) {
                    qRows = (options.baseline() ? normalised.sub(1.0 / k) : normalised.dup()).muli(options.wakeWeight() / b);
                }
                sleepWeight = options.sleepWeight();
                break;
            case BIHM:
                qRows = (options.baseline() ? normalised.sub(1.0 / k) : normalised.dup()).divi(b);
                break;
            default:
                sleepWeight = options.sleepWeight() > 0 ? 1.0 : 0.0;
        }
        boolean sleeping = sleepWeight > 0 && t % options.sleepInterval() == 0;
        Pass sleep = sleeping ? dream((long) b * k, rng) : null;
        INDArray sleepRows = sleeping ? Nd4j.valueArrayOf(new long[] {(long) b * k}, sleepWeight / ((double) b * k), type)
                : null;
        for (int l = 0; l < depth; l++) {
            INDArray gq = null;
            if (qRows != null) {
                gq = gradient(augmented(wake.h[l], (long) b * k, type), wake.h[l + 1], wake.q[l], qRows);
            }
            if (sleeping) {
                INDArray s = gradient(augmented(sleep.h[l], (long) b * k, type), sleep.h[l + 1], sleep.q[l], sleepRows);
                gq = gq == null ? s : gq.addi(s);
            }
            g[depth + 1 + l] = gq != null ? gq : Nd4j.zeros(type, machine.q().layer(l).blockSize(),
                    machine.q().layer(l).nOut());
        }
        if (algorithm.isNatural() && natural.alphaAt(t) <= natural.plainAbove()) {
            Pass dreams = sleep != null ? sleep : dream((long) b * k, rng);
            double alpha = natural.alphaAt(t);
            for (int l = 0; l <= depth; l++) {
                g[l] = solve(machine.p().layer(l), augmented(l == depth ? null : dreams.h[l + 1], (long) b * k, type),
                        dreams.p[l], alpha, g[l]);
            }
            for (int l = 0; l < depth; l++) {
                g[depth + 1 + l] = solve(machine.q().layer(l), augmented(wake.h[l], (long) b * k, type), wake.q[l],
                        alpha, g[depth + 1 + l]);
            }
        }
        optimise(g);
        t++;
        return g;
    }

    private INDArray solve(SigmoidLayer layer, INDArray u, INDArray probabilities, double alpha, INDArray g) {
        FisherBlocks blocks = FisherBlocks.ofLayer(u, probabilities, machine.clip(), null, natural.fisherType());
        SolverPath path = PathRule.resolve(natural.path(), blocks.rows(), blocks.blockSize(), blocks.units());
        return blocks.factorAndSolve(alpha, path, cholesky, "layer " + layer.name(), null, g).direction();
    }

    private void optimise(INDArray[] g) {
        java.util.List<INDArray> params = machine.parameters();
        double lr = 0.01;
        for (int i = 0; i < params.size(); i++) {
            INDArray p = params.get(i);
            switch (optimizer) {
                case "sgd":
                    p.addi(g[i].mul(lr));
                    break;
                case "momentum": {
                    if (state[i] == null) {
                        state[i] = new INDArray[] {p.ulike().assign(0)};
                    }
                    INDArray v = state[i][0];
                    v.muli(0.9).addi(g[i]);
                    p.addi(v.mul(lr));
                    break;
                }
                default: {
                    if (state[i] == null) {
                        state[i] = new INDArray[] {p.ulike().assign(0), p.ulike().assign(0)};
                    }
                    INDArray m = state[i][0];
                    INDArray v = state[i][1];
                    m.muli(0.9).addi(g[i].mul(1 - 0.9));
                    v.muli(0.999).addi(g[i].mul(g[i]).muli(1 - 0.999));
                    double c1 = 1 - Math.pow(0.9, t + 1);
                    double c2 = 1 - Math.pow(0.999, t + 1);
                    INDArray denom = Transforms.sqrt(v.div(c2), false).addi(1e-8);
                    p.addi(m.div(c1).divi(denom).muli(lr));
                }
            }
        }
    }
}
