package org.nrws.estimator;

/**
 * Wake-Sleep (WS): p ascends the mean of grad log p(x,h) over the wake samples (K = 1 in the
 * classical algorithm; with K &gt; 1 the K samples are averaged uniformly), and q ascends
 * grad log q(h|x) on dreams (weight {@link EstimatorOptions#sleepWeight()}; wake weight unused).
 * The sleep interval applies: on updates without a sleep phase q does not move.
 */
public final class WakeSleep extends AbstractEstimator {

    /** @param options the options; K = 1 is the classical algorithm */
    public WakeSleep(EstimatorOptions options) {
        super(options);
    }

    @Override
    public String name() {
        return "ws";
    }

    @Override
    protected void logWeights(double[] logP, double[] logQ, int n, double[] out) {
        for (int i = 0; i < n; i++) {
            out[i] = logP[i] - logQ[i];
        }
    }

    @Override
    protected void pRowWeights(double[] normalised, int b, int k, double[] out) {
        double w = 1.0 / ((double) b * k);
        for (int i = 0; i < b * k; i++) {
            out[i] = w;
        }
    }

    @Override
    protected boolean qWakeRowWeights(double[] normalised, int b, int k, double[] out) {
        return false;
    }

    @Override
    protected double sleepWeight() {
        return options.sleepWeight() > 0 ? 1.0 : 0.0;
    }
}
