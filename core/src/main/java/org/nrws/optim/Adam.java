package org.nrws.optim;

import org.nrws.host.Precision;
import org.nrws.host.Scratch;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.host.HostMatrix;
import org.nrws.host.Nd4jHost;

/**
 * Adam (Kingma and Ba), as an ascent method:
 * {@code m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; theta += lr * mhat / (sqrt(vhat) + eps)}.
 */
public final class Adam extends AbstractOptimizer {

    private final double beta1;
    private final double beta2;
    private final double epsilon;

    /**
     * @param beta1   first-moment decay, in [0, 1)
     * @param beta2   second-moment decay, in [0, 1)
     * @param epsilon denominator offset, &gt; 0
     */
    public Adam(double beta1, double beta2, double epsilon) {
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && epsilon > 0)) {
            throw new IllegalArgumentException("Adam needs beta1, beta2 in [0,1) and epsilon > 0");
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    protected int statesPerParameter() {
        return 2;
    }

    @Override
    protected void update(INDArray parameter, INDArray g, double lr, List<INDArray> states, long t) {
        HostMatrix m = Nd4jHost.wrap(states.get(0));
        HostMatrix v = Nd4jHost.wrap(states.get(1));
        HostMatrix p = Nd4jHost.wrap(parameter);
        HostMatrix d = Nd4jHost.wrap(g);
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        int n = p.cols();
        boolean f32 = p.precision() == Precision.F32;
        double[] pr = Scratch.row(0, n);
        double[] mr = Scratch.row(1, n);
        double[] vr = Scratch.row(2, n);
        double[] gr = Scratch.row(3, n);
        for (int r = 0; r < p.rows(); r++) {
            p.getRow(r, pr);
            m.getRow(r, mr);
            v.getRow(r, vr);
            d.getRow(r, gr);
            for (int c = 0; c < n; c++) {
                double gi = gr[c];
                mr[c] = round(mr[c] * beta1 + gi * (1 - beta1), f32);          // first moment
                vr[c] = round(vr[c] * beta2 + gi * gi * (1 - beta2), f32);     // second moment
                double denom = Math.sqrt(vr[c] / c2) + epsilon;
                pr[c] += mr[c] / c1 / denom * lr;                             // theta += lr m^ / (sqrt(v^) + eps)
            }
            m.setRow(r, mr);
            v.setRow(r, vr);
            p.setRow(r, pr);
        }
    }

    /** The moments as a float32 model stores them, so the update uses the stored values. */
    private static double round(double v, boolean f32) {
        return f32 ? (float) v : v;
    }

    @Override
    public String name() {
        return "adam";
    }
}
