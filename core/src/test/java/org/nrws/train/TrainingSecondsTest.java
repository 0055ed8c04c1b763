package org.nrws.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nrws.data.BinaryDataset;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.estimator.ReweightedWakeSleep;
import org.nrws.estimator.StepResult;
import org.nrws.optim.Optimizer;
import org.nrws.testing.TinyMachines;

/** Training seconds exclude the time spent in listeners (evaluation, checkpoints). */
class TrainingSecondsTest {

    @Test
    void listenerTimeIsNotTrainingTime() {
        Trainer t = new Trainer(TinyMachines.random(6, new int[] {3}, 0.5, 1),
                new ReweightedWakeSleep(EstimatorOptions.defaults(2)), Preconditioner.identity(), Optimizer.named("sgd"),
                TrainerConfig.updates(2, 0.01), 1);
        double[] seenInListener = new double[2];
        t.addListener(new TrainingListener() {
            @Override
            public void afterUpdate(Trainer trainer, StepResult step) {
                double before = trainer.wallSeconds();
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                // the clock stands still inside a listener
                assertEquals(before, trainer.wallSeconds(), 0.0);
                seenInListener[(int) trainer.updates() - 1] = before;
            }
        });
        long start = System.nanoTime();
        t.train(new BinaryDataset(TinyMachines.binary(8, 6, 1), 4, true));
        double real = (System.nanoTime() - start) / 1e9;
        assertTrue(real >= 2.0, "the listener slept 2 s");
        // two updates of a 6-3 machine take milliseconds; 2 s of listener sleep must not count
        assertTrue(t.wallSeconds() < real - 1.9, "training seconds " + t.wallSeconds() + " of " + real + " real");
        assertTrue(seenInListener[1] >= seenInListener[0]);
    }
}
