package org.nrws.optim;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Heavy-ball momentum: {@code v = mu v + g; theta += lr * v}. */
public final class Momentum extends AbstractOptimizer {

    private final double mu;

    /** @param mu the momentum coefficient, in [0, 1) */
    public Momentum(double mu) {
        if (!(mu >= 0 && mu < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + mu);
        }
        this.mu = mu;
    }

    @Override
    protected int statesPerParameter() {
        return 1;
    }

    @Override
    protected void update(INDArray parameter, INDArray direction, double lr, List<INDArray> states, long t) {
        INDArray v = states.get(0);
        v.muli(mu).addi(direction);
        parameter.addi(v.mul(lr));
    }

    @Override
    public String name() {
        return "momentum";
    }
}
