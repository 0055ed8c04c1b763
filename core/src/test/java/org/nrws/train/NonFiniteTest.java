package org.nrws.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nrws.data.BinaryDataset;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.estimator.ReweightedWakeSleep;
import org.nrws.estimator.StepResult;
import org.nrws.model.HelmholtzMachine;
import org.nrws.optim.Optimizer;
import org.nrws.random.RandomSource;
import org.nrws.testing.TinyMachines;

/** NaN or infinity stops training with a message naming the layer and update; nothing is masked. */
class NonFiniteTest {

    private Trainer trainer(HelmholtzMachine m, Preconditioner pre) {
        return new Trainer(m, new ReweightedWakeSleep(EstimatorOptions.defaults(3)), pre, Optimizer.named("sgd"),
                TrainerConfig.updates(20, 0.05), 3);
    }

    @Test
    void nanParameterIsReportedWithLayerAndUpdate() {
        HelmholtzMachine m = TinyMachines.random(6, new int[] {3, 2}, 0.5, 1);
        Trainer t = trainer(m, Preconditioner.identity());
        t.step(TinyMachines.binary(4, 6, 1));
        t.step(TinyMachines.binary(4, 6, 2));
        m.q().layer(1).theta().putScalar(0, 0, Double.NaN);
        NonFiniteException e = assertThrows(NonFiniteException.class,
                () -> t.train(new BinaryDataset(TinyMachines.binary(8, 6, 3), 4, true)));
        assertEquals(2, e.update());
        assertTrue(e.getMessage().contains("at update 2"), e.getMessage());
        // q1's NaN weight makes q1's probabilities NaN; the wake pass reports it where it appears,
        // before sampling, logarithms or clipping could hide it, and q1 is named.
        assertEquals("q1", e.layer());
        assertTrue(e.getMessage().contains("probability (unit 0) in layer q1"), e.getMessage());
    }

    @Test
    void preconditionerProducingNaNIsCaught() {
        HelmholtzMachine m = TinyMachines.random(6, new int[] {3, 2}, 0.5, 1);
        Preconditioner broken = new Preconditioner() {
            @Override
            public void precondition(HelmholtzMachine machine, StepResult step, RandomSource rng, long update) {
                step.gradients().q(0).putScalar(1, 1, Double.POSITIVE_INFINITY);
            }

            @Override
            public String name() {
                return "broken";
            }
        };
        NonFiniteException e = assertThrows(NonFiniteException.class, () -> trainer(m, broken).step(TinyMachines.binary(4, 6, 1)));
        assertEquals("q0", e.layer());
        assertTrue(e.getMessage().contains("preconditioned direction (broken) in layer q0 at update 0"), e.getMessage());
    }

    @Test
    void finiteCheckSeesEveryKind() {
        var a = TinyMachines.binary(3, 3, 1);
        assertTrue(Finite.isFinite(a));
        a.putScalar(1, 1, Double.NEGATIVE_INFINITY);
        assertTrue(!Finite.isFinite(a));
        a.putScalar(1, 1, Double.NaN);
        assertTrue(!Finite.isFinite(a));
    }
}
