package org.nrws.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nrws.data.BinaryDataset;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.host.Precision;
import org.nrws.model.HelmholtzMachine;
import org.nrws.optim.Sgd;
import org.nrws.solver.NaturalGradientSolver;
import org.nrws.solver.SolverFactory;
import org.nrws.solver.SolverOptions;
import org.nrws.testing.TinyMachines;
import org.nrws.train.Algorithm;
import org.nrws.train.NaturalGradientOptions;
import org.nrws.train.Preconditioner;
import org.nrws.train.Trainer;
import org.nrws.train.TrainerConfig;

/**
 * Who frees the device memory: natural-gradient runs on an emulated device (every layer's solver a
 * {@link FisherAlgorithm} on {@link HostOps}, all on one {@link EmulatedMemory}) hold device memory
 * while they train and, once their preconditioner is closed, nothing; two runs in one JVM (as
 * {@code ./nrws compare} does) leave nothing allocated.
 */
class ResourcesTest {

    /** The device solver behind the engine's SPI, on the emulation. */
    private static SolverFactory emulated(EmulatedMemory memory) {
        return new SolverFactory() {
            @Override
            public NaturalGradientSolver create(String layer, SolverOptions options) {
                boolean f64 = options.refine() || options.precision() == Precision.F64;
                return new FisherSolverAdapter(new FisherAlgorithm(layer, new HostOps(f64, true, memory),
                        options.keepFactors(), options.path()), "emulated");
            }

            @Override
            public String name() {
                return "emulated";
            }
        };
    }

    @Test
    void twoNaturalRunsInOneJvmEndWithNothingAllocated() {
        EmulatedMemory memory = new EmulatedMemory();
        NaturalGradientOptions kept = new NaturalGradientOptions(0.01, 1.0, 0.01, NaturalGradientOptions.DEFAULT_PLAIN_ABOVE,
                2, org.nd4j.linalg.api.buffer.DataType.FLOAT, org.nrws.solver.SolverPath.AUTO);    // kept factors
        for (Algorithm a : List.of(Algorithm.NRWS, Algorithm.NBIHM)) {
            HelmholtzMachine m = TinyMachines.random(6, new int[] {4, 3}, 0.3, 5);
            try (Preconditioner pre = a.preconditioner(a == Algorithm.NRWS ? NaturalGradientOptions.defaults(0.01) : kept,
                    emulated(memory))) {
                Trainer t = new Trainer(m, a.estimator(EstimatorOptions.defaults(3)), pre, new Sgd(),
                        TrainerConfig.updates(3, 0.01), 1);
                t.train(new BinaryDataset(TinyMachines.binary(16, 6, 23), 8, true));
                assertEquals(3, t.updates());
                assertTrue(memory.live() > 0, a + ": the layers' solvers hold device memory during the run");
            }
            assertEquals(0, memory.live(), a + ": bytes left allocated after the run");
        }
        assertTrue(memory.allocations() > 0);
        assertEquals(memory.allocations(), memory.frees());
    }
}
