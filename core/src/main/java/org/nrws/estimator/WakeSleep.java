package org.nrws.estimator;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.model.Trace;

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
    protected INDArray logWeights(Trace wake) {
        return wake.logP().sub(wake.logQ());
    }

    @Override
    protected INDArray pRowWeights(INDArray normalised, int b, int k) {
        return Nd4j.valueArrayOf(new long[] {(long) b * k}, 1.0 / ((double) b * k), normalised.dataType());
    }

    @Override
    protected INDArray qWakeRowWeights(INDArray normalised, int b, int k) {
        return null;
    }

    @Override
    protected double sleepWeight() {
        return options.sleepWeight() > 0 ? 1.0 : 0.0;
    }
}
