package org.nrws.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.model.HelmholtzMachine;
import org.nrws.optim.Optimizer;
import org.nrws.solver.CpuFusedSolver;
import org.nrws.solver.SolverKind;
import org.nrws.solver.SolverPath;
import org.nrws.solver.TensorSolver;
import org.nrws.testing.Dense;
import org.nrws.testing.TinyMachines;

/**
 * The two exact solvers, {@link SolverKind#FUSED} and {@link SolverKind#TENSOR}, chosen through
 * {@link NaturalGradientOptions#solverKind(SolverKind)}, train the same machine to the same
 * parameters, take the same path on every layer, and differ only by rounding.
 */
class SolverKindAgreementTest {

    @ParameterizedTest(name = "{0} refresh {1} {2}")
    @CsvSource({"NRWS, 1, AUTO", "NRWS, 2, AUTO", "NBIHM, 1, PRIMAL", "NWS, 1, DUAL"})
    void fusedAndTensorTrainAlike(Algorithm a, int refresh, SolverPath path) {
        HelmholtzMachine base = TinyMachines.random(12, new int[] {6, 4}, 0.7, 5);
        HelmholtzMachine fused = base.copy();
        HelmholtzMachine tensor = base.copy();
        INDArray x = TinyMachines.binary(5, 12, 6);
        EstimatorOptions eo = EstimatorOptions.defaults(3);
        NaturalGradientOptions no = new NaturalGradientOptions(0.05, 1.0, 0.05, 10, refresh, DataType.DOUBLE, path);
        assertEquals(SolverKind.FUSED, no.solverKind(), "the default");
        Preconditioner pf = a.preconditioner(no);
        Preconditioner pt = a.preconditioner(no.solverKind(SolverKind.TENSOR));
        Trainer tf = new Trainer(fused, a.estimator(eo), pf, Optimizer.named("sgd"), TrainerConfig.updates(3, 0.01), 9);
        Trainer tt = new Trainer(tensor, a.estimator(eo), pt, Optimizer.named("sgd"), TrainerConfig.updates(3, 0.01), 9);
        List<INDArray> start = base.parameters().stream().map(p -> p.dup()).toList();
        for (int u = 0; u < 3; u++) {
            tf.step(x);
            tt.step(x);
            for (int i = 0; i < start.size(); i++) {
                INDArray df = fused.parameters().get(i).sub(start.get(i));
                INDArray dt = tensor.parameters().get(i).sub(start.get(i));
                double err = Dense.relativeError(df, dt);
                assertTrue(err < 1e-10, a + " update " + u + " layer " + i + ": " + err);
            }
        }
        NaturalGradientPreconditioner nf = (NaturalGradientPreconditioner) pf;
        NaturalGradientPreconditioner nt = (NaturalGradientPreconditioner) pt;
        for (int i = 0; i < 2 * base.depth() + 1; i++) {
            assertInstanceOf(CpuFusedSolver.class, nf.solver(i));
            assertInstanceOf(TensorSolver.class, nt.solver(i));
            assertEquals(nf.solver(i).lastPath(), nt.solver(i).lastPath(), "layer " + i);
            if (path != SolverPath.AUTO) {
                assertEquals(path, nt.solver(i).lastPath());
            }
        }
    }
}
