package org.nrws.estimator;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.StepWorkspace;
import org.nrws.random.RandomSource;

/** A gradient estimator for a Helmholtz machine: one training step's ascent directions. */
public interface Estimator {

    /**
     * Estimates the gradients on one minibatch.
     *
     * @param machine the model (not modified)
     * @param x       [B, n0] binary minibatch (not modified)
     * @param rng     the step's random stream
     * @param step    the update number, from 0 (decides sleep intervals)
     * @return the directions and the samples they came from
     */
    StepResult estimate(HelmholtzMachine machine, INDArray x, RandomSource rng, long step);

    /**
     * Estimates the gradients on one minibatch, in a workspace: allocates nothing; the result's
     * arrays are views of the workspace, overwritten by its next step.
     *
     * @param machine the model (not modified)
     * @param ws      a workspace for this machine, B = x.rows() and K = options().samples() (modified)
     * @param x       [B, n0] binary minibatch (not modified)
     * @param rng     the step's random stream
     * @param step    the update number, from 0 (decides sleep intervals)
     * @return the directions and the samples they came from
     */
    StepResult estimate(HelmholtzMachine machine, StepWorkspace ws, INDArray x, RandomSource rng, long step);

    /** @return the options this estimator runs with */
    EstimatorOptions options();

    /** @return a short name, e.g. {@code "rws"} */
    String name();
}
