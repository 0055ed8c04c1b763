package org.nrws.train;

import org.nrws.estimator.StepResult;

/** Callbacks of a {@link Trainer}: evaluation, checkpoints, progress, early stopping. */
public interface TrainingListener {

    /**
     * Called after every update.
     *
     * @param trainer the trainer (its counters already count this update)
     * @param step    what the estimator produced
     */
    default void afterUpdate(Trainer trainer, StepResult step) {
    }

    /**
     * Called after every completed epoch.
     *
     * @param trainer the trainer ({@link Trainer#epoch()} is the number of completed epochs)
     */
    default void afterEpoch(Trainer trainer) {
    }

    /**
     * Called once when training stops, for any reason but an exception.
     *
     * @param trainer the trainer
     * @param reason  why it stopped
     */
    default void afterTraining(Trainer trainer, String reason) {
    }
}
