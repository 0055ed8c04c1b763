package org.nrws.train;

import org.nrws.estimator.StepResult;
import org.nrws.model.HelmholtzMachine;
import org.nrws.random.RandomSource;

/**
 * The hook between an estimator's gradient and the optimiser: it replaces each layer's
 * direction, in place in {@link StepResult#gradients()}. The identity gives WS, RWS and BiHM;
 * the natural-gradient preconditioner gives NWS, NRWS and NBiHM.
 */
public interface Preconditioner extends AutoCloseable {

    /**
     * Transforms the step's directions in place.
     *
     * @param machine the model (not modified)
     * @param step    the estimator's result; its gradients are replaced
     * @param rng     the update's random stream, for any extra samples (e.g. dreams for p's Fisher)
     * @param update  the update number, from 0
     */
    void precondition(HelmholtzMachine machine, StepResult step, RandomSource rng, long update);

    /** @return a short name for logs and provenance */
    String name();

    /**
     * @return the Fisher samples behind the factors this preconditioner keeps for the coming updates
     *     (a copy, for a checkpoint), or empty when it keeps none (the default)
     */
    default java.util.Optional<KeptFisher> keptFisher() {
        return java.util.Optional.empty();
    }

    /**
     * Rebuilds the kept factors of a checkpoint ({@link #keptFisher()} of the run that wrote it), so
     * that the updates until the next refresh solve with them as the uninterrupted run did.
     *
     * @param machine the model (not modified)
     * @param kept    the samples and damping of the last refresh
     * @throws IllegalArgumentException when this preconditioner keeps no factors (the default), or the
     *                                  samples do not fit the machine's layers
     */
    default void restoreKeptFisher(HelmholtzMachine machine, KeptFisher kept) {
        throw new IllegalArgumentException("the checkpoint holds the kept Fisher factors of a natural-gradient run with "
                + "--refresh > 1, but this run's preconditioner " + name() + " keeps none");
    }

    /**
     * Releases what the preconditioner holds (its solvers' factors and scratch, device memory for
     * GPU solvers). The owner of a run calls it when the run ends; a closed preconditioner may not
     * be used again. Nothing to release by default.
     */
    @Override
    default void close() {
    }

    /** @return the identity preconditioner (plain gradient) */
    static Preconditioner identity() {
        return IdentityPreconditioner.INSTANCE;
    }
}
