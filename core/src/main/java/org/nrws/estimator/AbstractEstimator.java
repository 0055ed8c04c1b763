package org.nrws.estimator;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.SigmoidLayer;
import org.nrws.model.Trace;
import org.nrws.random.RandomSource;

/**
 * Owns the step of every estimator of spec section 2: replicate the minibatch K times
 * (row {@code k*B + b} holds data point b), the wake pass, the per-data-point normalised
 * importance weights, the optional sleep pass, and one weighted matrix product per layer.
 * Subclasses only say how rows are weighted:
 * <ul>
 *   <li>{@link #logWeights(Trace)}: the log importance weights;</li>
 *   <li>{@link #pRowWeights(INDArray, int, int)}: the row weights of p's gradient;</li>
 *   <li>{@link #qWakeRowWeights(INDArray, int, int)}: the row weights of q's wake gradient;</li>
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
     * @param wake the wake trace
     * @return [N] log importance weights, e.g. log p(x,h) - log q(h|x)
     */
    protected abstract INDArray logWeights(Trace wake);

    /**
     * @param normalised [K, B] weights normalised over k for each data point
     * @param b          B
     * @param k          K
     * @return [N] row weights of p's gradient, row {@code k*B + b}
     */
    protected abstract INDArray pRowWeights(INDArray normalised, int b, int k);

    /**
     * @param normalised [K, B] normalised weights
     * @param b          B
     * @param k          K
     * @return [N] row weights of q's wake gradient, or null when q has no wake part
     */
    protected abstract INDArray qWakeRowWeights(INDArray normalised, int b, int k);

    /** @return the weight of q's sleep gradient (0: no sleep phase) */
    protected abstract double sleepWeight();

    @Override
    public final StepResult estimate(HelmholtzMachine machine, INDArray x, RandomSource rng, long step) {
        machine.validateData(x);
        int b = (int) x.rows();
        int k = options.samples();
        INDArray xr = k == 1 ? x : Nd4j.tile(x, k, 1);
        Trace wake = machine.wake(xr, rng);

        INDArray normalised = normalise(logWeights(wake), b, k);
        INDArray logRatio = wake.logP().sub(wake.logQ()).reshape(k, b);
        double batchLl = logMeanExp(logRatio).meanNumber().doubleValue();

        int L = machine.depth();
        INDArray[] pg = new INDArray[L + 1];
        INDArray pRows = pRowWeights(normalised, b, k);
        for (int l = 0; l <= L; l++) {
            pg[l] = SigmoidLayer.gradient(wake.pInput(l), wake.state(l), wake.pProbabilities(l), pRows);
        }

        INDArray qRows = qWakeRowWeights(normalised, b, k);
        boolean sleeping = sleepWeight() > 0 && step % options.sleepInterval() == 0;
        Trace sleep = sleeping ? machine.dream((long) b * k, rng) : null;
        INDArray sleepRows = sleeping ? Nd4j.valueArrayOf(new long[] {(long) b * k}, sleepWeight() / ((double) b * k),
                machine.dataType()) : null;
        INDArray[] qg = new INDArray[L];
        for (int l = 0; l < L; l++) {
            INDArray g = null;
            if (qRows != null) {
                g = SigmoidLayer.gradient(wake.qInput(l), wake.state(l + 1), wake.qProbabilities(l), qRows);
            }
            if (sleeping) {
                INDArray s = SigmoidLayer.gradient(sleep.qInput(l), sleep.state(l + 1), sleep.qProbabilities(l), sleepRows);
                g = g == null ? s : g.addi(s);
            }
            qg[l] = g != null ? g : Nd4j.zeros(machine.dataType(), machine.q().layer(l).blockSize(),
                    machine.q().layer(l).nOut());
        }
        return new StepResult(new Gradients(pg, qg), wake, sleep, batchLl, b, k);
    }

    /**
     * Weights normalised over the K samples of each data point.
     *
     * @param logW [N] log weights, row {@code k*B + b}
     * @param b    B
     * @param k    K
     * @return a new [K, B] array whose columns sum to one
     */
    public static INDArray normalise(INDArray logW, int b, int k) {
        INDArray lw = logW.reshape(k, b);
        INDArray max = lw.max(0);
        INDArray w = Transforms.exp(lw.subRowVector(max), false);
        return w.diviRowVector(w.sum(0));
    }

    /**
     * {@code logsumexp_k v[k, b] - log K} per column.
     *
     * @param v [K, B] log values (not modified)
     * @return a new [B] vector
     */
    public static INDArray logMeanExp(INDArray v) {
        INDArray max = v.max(0);
        INDArray s = Transforms.exp(v.subRowVector(max), false).sum(0);
        return Transforms.log(s, false).addi(max).subi(Math.log(v.rows()));
    }

    /**
     * @param normalised [K, B]
     * @return [N] view of the weights in row order {@code k*B + b}
     */
    protected static INDArray rows(INDArray normalised) {
        return normalised.reshape(normalised.length());
    }
}
