package org.nrws.optim;

import org.nrws.host.Scratch;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.host.HostMatrix;
import org.nrws.host.Nd4jHost;

/** Plain stochastic gradient ascent: {@code theta += lr * g}. The default for NRWS. */
public final class Sgd extends AbstractOptimizer {

    @Override
    protected int statesPerParameter() {
        return 0;
    }

    @Override
    protected void update(INDArray parameter, INDArray direction, double lr, List<INDArray> states, long t) {
        HostMatrix p = Nd4jHost.wrap(parameter);
        HostMatrix g = Nd4jHost.wrap(direction);
        double[] pr = Scratch.row(0, p.cols());
        double[] gr = Scratch.row(1, p.cols());
        for (int r = 0; r < p.rows(); r++) {
            p.getRow(r, pr);
            g.getRow(r, gr);
            for (int c = 0; c < p.cols(); c++) {
                pr[c] += gr[c] * lr;                                   // theta += lr g
            }
            p.setRow(r, pr);
        }
    }

    @Override
    public String name() {
        return "sgd";
    }
}
