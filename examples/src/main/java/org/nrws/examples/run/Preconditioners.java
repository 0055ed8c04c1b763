package org.nrws.examples.run;

import org.nrws.train.Algorithm;
import org.nrws.train.NaturalGradientOptions;
import org.nrws.train.Preconditioner;

/**
 * The one place where the examples choose the preconditioner of an algorithm: the identity for
 * WS, RWS and BiHM, the natural-gradient (per-neuron Fisher) preconditioner for NWS, NRWS and
 * NBiHM.
 */
public final class Preconditioners {

    private Preconditioners() {
    }

    /**
     * @param algorithm the algorithm
     * @param options   damping, refresh interval and Fisher type (used by the natural algorithms)
     * @return the identity for a plain algorithm; for a natural one a new
     *     {@link org.nrws.train.NaturalGradientPreconditioner} on the best batched Cholesky of the
     *     active ND4J backend ({@link org.nrws.linalg.BatchedCholeskies#best()})
     */
    public static Preconditioner forAlgorithm(Algorithm algorithm, NaturalGradientOptions options) {
        return algorithm.preconditioner(options);
    }

    /**
     * @param algorithm the algorithm
     * @param options   damping, refresh interval and Fisher type (used by the natural algorithms)
     * @param cholesky  the batched Cholesky of the selected backend
     * @return the identity for a plain algorithm; for a natural one a new
     *     {@link org.nrws.train.NaturalGradientPreconditioner} on {@code cholesky}
     */
    public static Preconditioner forAlgorithm(Algorithm algorithm, NaturalGradientOptions options,
                                              org.nrws.linalg.BatchedCholesky cholesky) {
        return algorithm.preconditioner(options, cholesky);
    }
}
