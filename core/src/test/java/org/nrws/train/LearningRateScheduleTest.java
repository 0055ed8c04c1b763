package org.nrws.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.estimator.ReweightedWakeSleep;
import org.nrws.estimator.StepResult;
import org.nrws.model.HelmholtzMachine;
import org.nrws.optim.LearningRateSchedule;
import org.nrws.optim.Optimizer;
import org.nrws.testing.TinyMachines;

/**
 * The learning-rate schedule: its multipliers against values written out by hand, and the
 * trainer's updates against {@code theta_{t+1} = theta_t + lr_t d_t} with the rates of the
 * schedule computed here, not by the class under test.
 */
class LearningRateScheduleTest {

    @Test
    void multipliersFollowTheStepRule() {
        LearningRateSchedule s = new LearningRateSchedule(0.5, 3, 0.2);
        double[] expected = {1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.2, 0.2, 0.2, 0.2};
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], s.multiplier(t), 0.0, "update " + t);
        }
        assertEquals(1.0, LearningRateSchedule.CONSTANT.multiplier(1_000_000), 0.0);
        assertTrue(LearningRateSchedule.CONSTANT.isConstant());
        double[] base = {0.1, 0.3};
        double[] out = s.ratesAt(base, 4, new double[2]);
        assertEquals(0.05, out[0], 0.0);
        assertEquals(0.15, out[1], 0.0);
        assertEquals(0.1, base[0], 0.0, "the base rates are not modified");
    }

    @Test
    void refusesBadSchedules() {
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(1.5, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(0.5, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(0.5, 1, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(0.5, 1, Double.NaN));
    }

    @Test
    void trainerAppliesTheScheduledRate() {
        double lr = 0.1;
        // factor 0.5 every 2 updates, floor 0.3 lr: rates 0.1, 0.1, 0.05, 0.05, 0.03, 0.03
        double[] rates = {0.1, 0.1, 0.05, 0.05, 0.03, 0.03};
        HelmholtzMachine machine = TinyMachines.random(6, new int[] {4, 2}, 0.5, 3);
        Trainer t = new Trainer(machine, new ReweightedWakeSleep(EstimatorOptions.defaults(3)), Preconditioner.identity(),
                Optimizer.named("sgd"), new TrainerConfig(Integer.MAX_VALUE, rates.length, Double.POSITIVE_INFINITY, lr,
                Map.of()).withSchedule(new LearningRateSchedule(0.5, 2, 0.3)), 5);
        INDArray x = TinyMachines.binary(8, 6, 7);
        for (int step = 0; step < rates.length; step++) {
            List<double[]> before = new ArrayList<>();
            for (INDArray p : machine.parameters()) {
                before.add(p.dup().data().asDouble());
            }
            StepResult r = t.step(x);
            List<INDArray> d = r.gradients().list();
            for (int i = 0; i < before.size(); i++) {
                double[] after = machine.parameters().get(i).data().asDouble();
                double[] dir = d.get(i).dup().data().asDouble();
                double moved = 0;
                for (int j = 0; j < after.length; j++) {
                    assertEquals(before.get(i)[j] + rates[step] * dir[j], after[j], 1e-15,
                            "update " + step + ", parameter array " + i + ", entry " + j);
                    moved = Math.max(moved, Math.abs(after[j] - before.get(i)[j]));
                }
                assertTrue(moved > 0, "update " + step + " moved parameter array " + i);
            }
        }
    }

    @Test
    void constantScheduleKeepsTheBits() {
        INDArray x = TinyMachines.binary(8, 6, 7);
        List<double[]> ends = new ArrayList<>();
        for (TrainerConfig c : new TrainerConfig[] {TrainerConfig.updates(4, 0.05),
                TrainerConfig.updates(4, 0.05).withSchedule(new LearningRateSchedule(1.0, 7, 0.5))}) {
            HelmholtzMachine machine = TinyMachines.random(6, new int[] {4, 2}, 0.5, 3);
            Trainer t = new Trainer(machine, new ReweightedWakeSleep(EstimatorOptions.defaults(3)), Preconditioner.identity(),
                    Optimizer.named("sgd"), c, 5);
            for (int s = 0; s < 4; s++) {
                t.step(x);
            }
            ends.add(machine.parameters().get(0).dup().data().asDouble());
        }
        for (int j = 0; j < ends.get(0).length; j++) {
            assertEquals(ends.get(0)[j], ends.get(1)[j], 0.0);
        }
    }
}
