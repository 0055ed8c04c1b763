package org.nrws.optim;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Plain stochastic gradient ascent: {@code theta += lr * g}. The default for NRWS. */
public final class Sgd extends AbstractOptimizer {

    @Override
    protected int statesPerParameter() {
        return 0;
    }

    @Override
    protected void update(INDArray parameter, INDArray direction, double lr, List<INDArray> states, long t) {
        parameter.addi(direction.mul(lr));
    }

    @Override
    public String name() {
        return "sgd";
    }
}
