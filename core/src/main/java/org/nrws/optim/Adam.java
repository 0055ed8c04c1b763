package org.nrws.optim;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

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
        INDArray m = states.get(0);
        INDArray v = states.get(1);
        m.muli(beta1).addi(g.mul(1 - beta1));
        v.muli(beta2).addi(g.mul(g).muli(1 - beta2));
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        INDArray denom = Transforms.sqrt(v.div(c2), false).addi(epsilon);
        parameter.addi(m.div(c1).divi(denom).muli(lr));
    }

    @Override
    public String name() {
        return "adam";
    }
}
