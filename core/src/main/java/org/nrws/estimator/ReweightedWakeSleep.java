package org.nrws.estimator;

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
    protected void logWeights(double[] logP, double[] logQ, int n, double[] out) {
        for (int i = 0; i < n; i++) {
            out[i] = logP[i] - logQ[i];
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
        if (options.wakeWeight() == 0) {
            return false;
        }
        double scale = options.wakeWeight() / b;
        double base = options.baseline() ? 1.0 / k : 0.0;
        for (int i = 0; i < b * k; i++) {
            out[i] = (normalised[i] - base) * scale;
        }
        return true;
    }

    @Override
    protected double sleepWeight() {
        return options.sleepWeight();
    }
}
