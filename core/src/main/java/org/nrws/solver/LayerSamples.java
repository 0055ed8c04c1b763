package org.nrws.solver;

import org.nrws.host.HostMatrix;

/**
 * The samples of one layer's Fisher blocks: {@code F_i = sum_n c_{n,i} u_n u_n^T}.
 *
 * @param layer      the layer's name, for messages (e.g. {@code "q1"})
 * @param inputs     U [N, d]: the augmented inputs, last column ones
 * @param curvatures C [N, m]: the weighted curvatures {@code w_n pi (1 - pi)} of the clipped unit
 *                   probabilities (w_n = 1/N, or a row's multiplicity over N when repeated rows were
 *                   merged); finite and non-negative
 * @param rowWeights the row weights w_n themselves (the approximations that average u u^T need
 *                   them), or null for 1/N each
 */
public record LayerSamples(String layer, HostMatrix inputs, HostMatrix curvatures, double[] rowWeights) {

    /**
     * Samples with row weights 1/N.
     *
     * @param layer      the layer's name
     * @param inputs     U [N, d]
     * @param curvatures C [N, m]
     */
    public LayerSamples(String layer, HostMatrix inputs, HostMatrix curvatures) {
        this(layer, inputs, curvatures, null);
    }

    /**
     * @param n a row
     * @return w_n
     */
    public double rowWeight(int n) {
        return rowWeights == null ? 1.0 / inputs.rows() : rowWeights[n];
    }

    /** Checks the shapes. */
    public LayerSamples {
        if (rowWeights != null && rowWeights.length < inputs.rows()) {
            throw new IllegalArgumentException("layer " + layer + ": " + rowWeights.length + " row weights for "
                    + inputs.rows() + " rows");
        }
        if (inputs.rows() != curvatures.rows() || inputs.rows() < 1 || inputs.cols() < 1 || curvatures.cols() < 1) {
            throw new IllegalArgumentException("layer " + layer + ": Fisher samples need U [N, d] and C [N, m] with the same"
                    + " N >= 1, got [" + inputs.rows() + ", " + inputs.cols() + "] and [" + curvatures.rows() + ", "
                    + curvatures.cols() + "]");
        }
    }

    /** @return N */
    public int rows() {
        return inputs.rows();
    }

    /** @return d */
    public int blockSize() {
        return inputs.cols();
    }

    /** @return m */
    public int units() {
        return curvatures.cols();
    }
}
