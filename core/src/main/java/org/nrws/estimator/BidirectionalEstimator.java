package org.nrws.estimator;

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
    protected void logWeights(double[] logP, double[] logQ, int n, double[] out) {
        for (int i = 0; i < n; i++) {
            out[i] = (logP[i] - logQ[i]) * 0.5;
        }
    }

    @Override
    protected void pRowWeights(double[] normalised, int b, int k, double[] out) {
        for (int i = 0; i < b * k; i++) {
            out[i] = normalised[i] / b;
        }
    }

    @Override
    protected boolean qWakeRowWeights(double[] normalised, int b, int k, double[] out) {
        double base = options.baseline() ? 1.0 / k : 0.0;
        for (int i = 0; i < b * k; i++) {
            out[i] = (normalised[i] - base) / b;
        }
        return true;
    }

    @Override
    protected double sleepWeight() {
        return 0.0;
    }
}
