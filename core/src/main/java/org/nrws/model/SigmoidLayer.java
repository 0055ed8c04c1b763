package org.nrws.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.host.HostMatrix;
import org.nrws.host.Nd4jHost;

/**
 * One layer of a sigmoid belief network: {@code m} Bernoulli units whose probabilities are
 * {@code sigma(u . theta_i)} given the augmented parent vector {@code u = [parents; 1]}.
 *
 * <p>The parameters are one [d, m] matrix {@code theta} with {@code d = nIn + 1}: column
 * {@code i} is unit {@code i}'s weight vector and the last row holds the biases. A layer with
 * {@code nIn = 0} is a top prior: its units have a bias only. Gradients and Fisher blocks use the
 * same layout, so the preconditioner works on columns. The passes read {@code theta} through
 * {@link #host()}: the augmented input {@code U = [h, 1]} times {@code theta} gives the
 * pre-activations bias included, in one GEMM, so no view of {@code theta} reaches a GEMM.
 */
public final class SigmoidLayer {

    private final String name;
    private final int nIn;
    private final int nOut;
    private final INDArray theta;
    private final HostMatrix host;

    /**
     * @param name  a name used in messages, e.g. {@code "p0"}
     * @param theta the [nIn + 1, nOut] parameter matrix with contiguous rows (kept by reference, not
     *              copied: the layer and its optimiser work on this memory)
     */
    public SigmoidLayer(String name, INDArray theta) {
        if (theta.rank() != 2 || theta.rows() < 1 || theta.columns() < 1) {
            throw new IllegalArgumentException("layer " + name + ": theta must be a non-empty [nIn+1, nOut] matrix, got "
                    + java.util.Arrays.toString(theta.shape()));
        }
        this.name = name;
        this.theta = theta;
        this.host = Nd4jHost.wrap(theta);
        this.nIn = (int) theta.rows() - 1;
        this.nOut = (int) theta.columns();
    }

    /** @return the layer's name, e.g. {@code "p0"} or {@code "q1"} */
    public String name() {
        return name;
    }

    /** @return the number of parent units (0 for a top prior) */
    public int nIn() {
        return nIn;
    }

    /** @return the number of units m */
    public int nOut() {
        return nOut;
    }

    /** @return d = nIn + 1, the size of a unit's parameter vector */
    public int blockSize() {
        return nIn + 1;
    }

    /** @return the live [d, m] parameter matrix; optimisers modify it in place */
    public INDArray theta() {
        return theta;
    }

    /** @return the data type of the parameters */
    public DataType dataType() {
        return theta.dataType();
    }

    /**
     * @return a host view of {@code theta} for the fused passes (the same memory; created once)
     */
    public HostMatrix host() {
        return host;
    }

    /** @return a [1, m] host view of the biases (the last row of {@code theta}) */
    public HostMatrix hostBias() {
        return host().rowBlock(nIn, nIn + 1);
    }

}
