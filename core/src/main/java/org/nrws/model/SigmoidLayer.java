package org.nrws.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nrws.random.RandomSource;

/**
 * One layer of a sigmoid belief network: {@code m} Bernoulli units whose probabilities are
 * {@code sigma(u . theta_i)} given the augmented parent vector {@code u = [parents; 1]}.
 *
 * <p>The parameters are one [d, m] matrix {@code theta} with {@code d = nIn + 1}: column
 * {@code i} is unit {@code i}'s weight vector and the last row holds the biases. A layer with
 * {@code nIn = 0} is a top prior: its units have a bias only. Gradients and Fisher blocks use the
 * same layout, so the preconditioner works on columns.
 */
public final class SigmoidLayer {

    private final String name;
    private final int nIn;
    private final int nOut;
    private final INDArray theta;

    /**
     * @param name  a name used in messages, e.g. {@code "p0"}
     * @param theta the [nIn + 1, nOut] parameter matrix (kept by reference, not copied)
     */
    public SigmoidLayer(String name, INDArray theta) {
        if (theta.rank() != 2 || theta.rows() < 1 || theta.columns() < 1) {
            throw new IllegalArgumentException("layer " + name + ": theta must be a non-empty [nIn+1, nOut] matrix, got "
                    + java.util.Arrays.toString(theta.shape()));
        }
        this.name = name;
        this.theta = theta;
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
     * Unit probabilities {@code sigma(a)}, not clipped.
     *
     * @param input [N, nIn] parent states (ignored, may be null, for a top prior)
     * @param rows  N, used when {@code nIn == 0}
     * @return a new [N, m] array
     */
    public INDArray probabilities(INDArray input, long rows) {
        INDArray a;
        INDArray bias = theta.getRow(nIn, true);
        if (nIn == 0) {
            a = Nd4j.zeros(dataType(), rows, nOut).addiRowVector(bias);
        } else {
            checkInput(input);
            INDArray w = theta.get(NDArrayIndex.interval(0, nIn), NDArrayIndex.all());
            a = input.mmul(w).addiRowVector(bias);
        }
        return Transforms.sigmoid(a, false);
    }

    /**
     * Draws the units' states.
     *
     * @param probabilities [N, m] probabilities
     * @param rng           the source of the uniforms
     * @return a new [N, m] array of 0/1 in the layer's data type
     */
    public INDArray sample(INDArray probabilities, RandomSource rng) {
        INDArray u = rng.uniform(dataType(), probabilities.rows(), probabilities.columns());
        return u.lt(probabilities).castTo(dataType());
    }

    /**
     * Per-row log-probability of states under Bernoulli probabilities clipped to
     * [clip, 1 - clip]: {@code sum_i y log pi + (1 - y) log(1 - pi)}.
     *
     * @param states        [N, m] 0/1 states
     * @param probabilities [N, m] unclipped probabilities (not modified)
     * @param clip          the clipping bound, in [0, 0.5)
     * @return a new [N] vector
     */
    public static INDArray logProbability(INDArray states, INDArray probabilities, double clip) {
        INDArray pc = clipped(probabilities, clip);
        INDArray log1m = Transforms.log(pc.rsub(1.0), false);
        INDArray logp = Transforms.log(pc, false);
        return logp.subi(log1m).muli(states).addi(log1m).sum(1);
    }

    /**
     * @param probabilities [N, m] probabilities (not modified)
     * @param clip          the clipping bound
     * @return a new array with every entry clipped to [clip, 1 - clip]
     */
    public static INDArray clipped(INDArray probabilities, double clip) {
        if (clip == 0.0) {
            return probabilities.dup();
        }
        return Transforms.min(Transforms.max(probabilities, clip, true), 1.0 - clip, false);
    }

    /**
     * The augmented input {@code U = [input, 1]}.
     *
     * @param input [N, nIn] parent states (may be null for a top prior)
     * @param rows  N
     * @return a new [N, d] array
     */
    public INDArray augmented(INDArray input, long rows) {
        INDArray ones = Nd4j.ones(dataType(), rows, 1);
        return nIn == 0 ? ones : Nd4j.hstack(input, ones);
    }

    /**
     * The weighted log-likelihood gradient {@code sum_n r_n (y_n - sigma(a_n)) u_n^T}, in the
     * [d, m] layout of {@link #theta()}.
     *
     * @param augmentedInput [N, d] augmented inputs U
     * @param states         [N, m] unit states y
     * @param probabilities  [N, m] unclipped probabilities sigma(a)
     * @param rowWeights     [N] weights r (not modified)
     * @return a new [d, m] gradient
     */
    public static INDArray gradient(INDArray augmentedInput, INDArray states, INDArray probabilities, INDArray rowWeights) {
        INDArray delta = states.sub(probabilities).muliColumnVector(rowWeights.reshape(rowWeights.length(), 1));
        return augmentedInput.transpose().mmul(delta);
    }

    private void checkInput(INDArray input) {
        if (input == null || input.rank() != 2 || input.columns() != nIn) {
            throw new IllegalArgumentException("layer " + name + ": expected input with " + nIn + " columns, got "
                    + (input == null ? "null" : java.util.Arrays.toString(input.shape())));
        }
    }
}
