package org.nrws.estimator;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.model.Trace;

/**
 * The Bidirectional Helmholtz Machine estimator (BiHM, Bornschein et al. 2016): the importance
 * weights are the square root of the ratio, {@code log w_k = 0.5 (log p(x,h_k) - log q(h_k|x))};
 * p ascends {@code (1/B) sum w~_k grad log p}; q ascends {@code (1/B) sum (w~_k - 1/K) grad log q}
 * (baseline optional); there is no sleep phase and the mixing weights are not used.
 */
public final class BidirectionalEstimator extends AbstractEstimator {

    /** @param options the options (K and the baseline are used) */
    public BidirectionalEstimator(EstimatorOptions options) {
        super(options);
    }

    @Override
    public String name() {
        return "bihm";
    }

    @Override
    protected INDArray logWeights(Trace wake) {
        return wake.logP().sub(wake.logQ()).muli(0.5);
    }

    @Override
    protected INDArray pRowWeights(INDArray normalised, int b, int k) {
        return rows(normalised).div(b);
    }

    @Override
    protected INDArray qWakeRowWeights(INDArray normalised, int b, int k) {
        INDArray w = options.baseline() ? rows(normalised).sub(1.0 / k) : rows(normalised).dup();
        return w.divi(b);
    }

    @Override
    protected double sleepWeight() {
        return 0.0;
    }
}
