package org.nrws.estimator;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.model.Trace;

/**
 * Reweighted Wake-Sleep (RWS, Bornschein and Bengio 2015). With normalised weights
 * {@code w~_k} of {@code log w_k = log p(x,h_k) - log q(h_k|x)}:
 * p ascends {@code (1/B) sum_b sum_k w~_k grad log p(x,h_k)};
 * q ascends {@code wakeWeight * (1/B) sum_b sum_k (w~_k - 1/K) grad log q(h_k|x)}
 * (the 1/K baseline is optional) {@code + sleepWeight * } the WS sleep gradient.
 */
public final class ReweightedWakeSleep extends AbstractEstimator {

    /** @param options the options (K, baseline, mix, sleep interval) */
    public ReweightedWakeSleep(EstimatorOptions options) {
        super(options);
    }

    @Override
    public String name() {
        return "rws";
    }

    @Override
    protected INDArray logWeights(Trace wake) {
        return wake.logP().sub(wake.logQ());
    }

    @Override
    protected INDArray pRowWeights(INDArray normalised, int b, int k) {
        return rows(normalised).div(b);
    }

    @Override
    protected INDArray qWakeRowWeights(INDArray normalised, int b, int k) {
        if (options.wakeWeight() == 0) {
            return null;
        }
        INDArray w = options.baseline() ? rows(normalised).sub(1.0 / k) : rows(normalised).dup();
        return w.muli(options.wakeWeight() / b);
    }

    @Override
    protected double sleepWeight() {
        return options.sleepWeight();
    }
}
