package org.nrws.optim;

import org.nrws.host.Scratch;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.host.HostMatrix;
import org.nrws.host.Nd4jHost;

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
        HostMatrix v = Nd4jHost.wrap(states.get(0));
        HostMatrix p = Nd4jHost.wrap(parameter);
        HostMatrix g = Nd4jHost.wrap(direction);
        int n = p.cols();
        double[] pr = Scratch.row(0, n);
        double[] vr = Scratch.row(1, n);
        double[] gr = Scratch.row(2, n);
        for (int r = 0; r < p.rows(); r++) {
            p.getRow(r, pr);
            v.getRow(r, vr);
            g.getRow(r, gr);
            for (int c = 0; c < n; c++) {
                vr[c] = vr[c] * mu + gr[c];                            // v = mu v + g
                pr[c] += vr[c] * lr;                                   // theta += lr v
            }
            v.setRow(r, vr);
            p.setRow(r, pr);
        }
    }

    @Override
    public String name() {
        return "momentum";
    }
}
