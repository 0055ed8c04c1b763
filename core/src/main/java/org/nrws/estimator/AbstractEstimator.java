package org.nrws.estimator;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.eval.LogSumExp;
import org.nrws.host.Blas;
import org.nrws.host.HostMatrix;
import org.nrws.host.Nd4jHost;
import org.nrws.host.Phases;
import org.nrws.host.WorkerPool;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.ParameterLayout;
import org.nrws.model.StepWorkspace;
import org.nrws.model.Trace;
import org.nrws.model.kernels.SigmoidKernels;
import org.nrws.random.RandomSource;

/**
 * Owns the step of every estimator of docs/math.md section 2: replicate the minibatch K times
 * (row {@code k*B + b} holds data point b), the wake pass, the per-data-point normalised
 * importance weights, the optional sleep pass, and one weighted matrix product per layer
 * ({@code U^T delta}; q's wake and sleep parts are stacked rows of one product). Subclasses only
 * say how rows are weighted, on plain arrays of N entries in row order:
 * <ul>
 *   <li>{@link #logWeights}: the log importance weights;</li>
 *   <li>{@link #pRowWeights}: the row weights of p's gradient;</li>
 *   <li>{@link #qWakeRowWeights}: the row weights of q's wake gradient;</li>
 *   <li>{@link #sleepWeight()}: the weight of q's sleep gradient.</li>
 * </ul>
 */
public abstract class AbstractEstimator implements Estimator {

    /** The options. */
    protected final EstimatorOptions options;

    /** @param options the options */
    protected AbstractEstimator(EstimatorOptions options) {
        this.options = options;
    }

    @Override
    public EstimatorOptions options() {
        return options;
    }

    /**
     * @param logP [N] log p(x, h) of the wake samples (not modified)
     * @param logQ [N] log q(h | x) (not modified)
     * @param n    N, the number of rows
     * @param out  [N] log importance weights, e.g. log p - log q (written)
     */
    protected abstract void logWeights(double[] logP, double[] logQ, int n, double[] out);

    /**
     * @param normalised [N] weights normalised over k for each data point, row {@code k*B + b} (not modified)
     * @param b          B
     * @param k          K
     * @param out        [N] row weights of p's gradient (written)
     */
    protected abstract void pRowWeights(double[] normalised, int b, int k, double[] out);

    /**
     * @param normalised [N] normalised weights (not modified)
     * @param b          B
     * @param k          K
     * @param out        [N] row weights of q's wake gradient (written when this returns true)
     * @return false when q has no wake part
     */
    protected abstract boolean qWakeRowWeights(double[] normalised, int b, int k, double[] out);

    /** @return the weight of q's sleep gradient (0: no sleep phase) */
    protected abstract double sleepWeight();

    @Override
    public final StepResult estimate(HelmholtzMachine machine, INDArray x, RandomSource rng, long step) {
        machine.validateData(x);
        return estimate(machine, machine.trainingWorkspace((int) x.rows(), options.samples()), x, rng, step);
    }

    @Override
    public final StepResult estimate(HelmholtzMachine machine, StepWorkspace ws, INDArray x, RandomSource rng, long step) {
        int b = ws.batch();
        int k = options.samples();
        if (ws.samples() != k) {
            throw new IllegalArgumentException("workspace has K = " + ws.samples() + " but the estimator uses K = " + k);
        }
        int n = b * k;
        long t0 = Phases.start();
        Trace wake = machine.wake(ws, x, rng);
        t0 = Phases.stop(Phases.Phase.FORWARD, t0);
        double[] logP = column(wake.hostLogP(), ws.rowScratch(0));
        double[] logQ = column(wake.hostLogQ(), ws.rowScratch(1));
        double batchLl = batchLogLikelihood(logP, logQ, b, k);
        double[] normalised = ws.rowScratch(2);
        logWeights(logP, logQ, n, normalised);
        normalise(normalised, b, k);
        t0 = Phases.stop(Phases.Phase.WEIGHTS, t0);

        int depth = machine.depth();
        INDArray[] grads = ws.gradients(machine);
        WorkerPool pool = ws.pool();
        double[] pRows = ws.rowScratch(0);
        pRowWeights(normalised, b, k, pRows);
        pool.forRange(n, (r0, r1, t) -> {
            for (int l = 0; l <= depth; l++) {
                SigmoidKernels.delta(wake.hostState(l), wake.hostPProbabilities(l), pRows, 0,
                        ws.delta(l, 0, n), r0, r1);
            }
        });
        for (int l = 0; l <= depth; l++) {
            Blas.gemm(pool, true, false, 1.0, wake.hostPInput(l), ws.delta(l, 0, n), 0.0, Nd4jHost.wrap(grads[l]));
        }

        double[] qRows = ws.rowScratch(1);
        boolean wakePart = qWakeRowWeights(normalised, b, k, qRows);
        boolean sleeping = sleepWeight() > 0 && step % options.sleepInterval() == 0;
        t0 = Phases.stop(Phases.Phase.GRADIENTS, t0);
        Trace sleep = sleeping ? machine.dream(ws, rng, false) : null;
        t0 = Phases.stop(Phases.Phase.FORWARD, t0);
        double sleepRow = sleepWeight() / ((double) b * k);
        pool.forRange(n, (r0, r1, t) -> {
            for (int l = 0; l < depth; l++) {
                if (wakePart) {
                    SigmoidKernels.delta(wake.hostState(l + 1), wake.hostQProbabilities(l), qRows, 0,
                            ws.delta(l + 1, 0, n), r0, r1);
                }
                if (sleeping) {
                    SigmoidKernels.delta(sleep.hostState(l + 1), sleep.hostQProbabilities(l), null, sleepRow,
                            ws.delta(l + 1, n, 2 * n), r0, r1);
                }
            }
        });
        int from = wakePart ? 0 : n;
        int to = sleeping ? 2 * n : n;
        for (int l = 0; l < depth; l++) {
            HostMatrix g = Nd4jHost.wrap(grads[ParameterLayout.q(depth, l)]);
            if (from < to) {
                Blas.gemm(pool, true, false, 1.0, ws.augmentedRows(l, from, to), ws.delta(l + 1, from, to), 0.0, g);
            } else {
                g.fill(0.0);
            }
        }
        Phases.stop(Phases.Phase.GRADIENTS, t0);
        INDArray[] pg = new INDArray[depth + 1];
        INDArray[] qg = new INDArray[depth];
        System.arraycopy(grads, 0, pg, 0, depth + 1);
        System.arraycopy(grads, ParameterLayout.q(depth, 0), qg, 0, depth);
        return new StepResult(new Gradients(pg, qg), wake, sleep, batchLl, b, k, ws);
    }

    /**
     * Normalises weights over the K samples of each data point, in place:
     * {@code w~_k = exp(lw_k - max_j lw_j) / sum_j exp(lw_j - max_j lw_j)}.
     *
     * @param logW [N] log weights, row {@code k*B + b} (modified: the normalised weights)
     * @param b    B
     * @param k    K
     */
    public static void normalise(double[] logW, int b, int k) {
        for (int i = 0; i < b; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, logW[j * b + i]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                double e = Math.exp(logW[j * b + i] - max);
                logW[j * b + i] = e;
                sum += e;
            }
            for (int j = 0; j < k; j++) {
                logW[j * b + i] /= sum;
            }
        }
    }

    /**
     * The minibatch mean of the K-sample importance estimate
     * {@code logsumexp_k (log p - log q) - log K} of log p(x).
     *
     * @param logP [N] (not modified)
     * @param logQ [N] (not modified)
     * @param b    B
     * @param k    K
     * @return the mean over the B data points
     */
    public static double batchLogLikelihood(double[] logP, double[] logQ, int b, int k) {
        double[] logW = new double[k];
        double total = 0;
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < k; j++) {
                logW[j] = logP[j * b + i] - logQ[j * b + i];
            }
            total += LogSumExp.of(logW) - Math.log(k);
        }
        return total / b;
    }

    private static double[] column(HostMatrix c, double[] out) {
        for (int r = 0; r < c.rows(); r++) {
            out[r] = c.get(r * c.ld());
        }
        return out;
    }
}
