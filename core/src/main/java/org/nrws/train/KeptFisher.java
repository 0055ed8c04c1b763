package org.nrws.train;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a natural-gradient run with factor reuse ({@code --refresh k}, k &gt; 1) needs to continue
 * exactly after a checkpoint: the Fisher samples of every layer at the last refresh, from which
 * its kept factors were built, and the damping they were built with. Rebuilding the factors from
 * these samples gives the same factors bit for bit, so a run resumed between two refreshes solves
 * the same systems as an uninterrupted one (docs/math.md section 4.6).
 *
 * @param update      the update of the last refresh
 * @param alpha       the damping of that refresh
 * @param inputs      per layer in parameter order, U [N, d]: the augmented inputs (last column ones)
 * @param curvatures  per layer in parameter order, C [N, m]: the weighted curvatures
 */
public record KeptFisher(long update, double alpha, List<INDArray> inputs, List<INDArray> curvatures) {

    /** Checks that every layer has both arrays with the same number of rows. */
    public KeptFisher {
        if (update < 0 || !(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("kept Fisher needs an update >= 0 and a finite damping > 0, got update "
                    + update + ", alpha " + alpha);
        }
        if (inputs.size() != curvatures.size() || inputs.isEmpty()) {
            throw new IllegalArgumentException("kept Fisher needs U and C for every layer, got " + inputs.size() + " and "
                    + curvatures.size());
        }
        for (int i = 0; i < inputs.size(); i++) {
            INDArray u = inputs.get(i);
            INDArray c = curvatures.get(i);
            if (u.rank() != 2 || c.rank() != 2 || u.rows() != c.rows()) {
                throw new IllegalArgumentException("kept Fisher of layer " + i + ": U " + java.util.Arrays.toString(u.shape())
                        + " and C " + java.util.Arrays.toString(c.shape()) + " need the same rows");
            }
        }
        inputs = List.copyOf(inputs);
        curvatures = List.copyOf(curvatures);
    }
}
