package org.nrws.train;

import org.nrws.estimator.StepResult;
import org.nrws.model.HelmholtzMachine;
import org.nrws.random.RandomSource;

/** The identity: the plain gradient is used as it is. */
public final class IdentityPreconditioner implements Preconditioner {

    /** The single instance. */
    public static final IdentityPreconditioner INSTANCE = new IdentityPreconditioner();

    private IdentityPreconditioner() {
    }

    @Override
    public void precondition(HelmholtzMachine machine, StepResult step, RandomSource rng, long update) {
        // the plain gradient
    }

    @Override
    public String name() {
        return "identity";
    }
}
