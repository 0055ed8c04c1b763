package org.nrws.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.linalg.LapackBatchedCholesky;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.SigmoidBeliefNetwork;
import org.nrws.model.SigmoidLayer;
import org.nrws.optim.Optimizer;
import org.nrws.testing.Dense;
import org.nrws.testing.TinyMachines;
import org.nrws.train.Algorithm;
import org.nrws.solver.SolverPath;
import org.nrws.train.NaturalGradientOptions;
import org.nrws.train.Trainer;
import org.nrws.train.TrainerConfig;

/**
 * The fast path (fused kernels, workspace, fused solver, q0's merged rows) gives the numbers of the
 * original ND4J-operation path ({@link ReferenceEngine}) on a fixed seed: 3 updates of each of the
 * six algorithms: the parameters' changes equal to 1e-12 relative in float64, the parameters to 1e-5
 * relative in float32.
 */
class FastPathAgreementTest {

    private static final LapackBatchedCholesky LAPACK = new LapackBatchedCholesky(2);
    private static final long SEED = 77;

    @AfterAll
    static void close() {
        LAPACK.close();
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void float64AgreesTo1e12(Algorithm a) {
        double[] err = maxError(a, DataType.DOUBLE, DataType.DOUBLE, "sgd");
        assertTrue(err[1] < 1e-12, a + ": relative error of the parameters' change " + err[1]);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void float32AgreesTo1e5(Algorithm a) {
        double[] err = maxError(a, DataType.FLOAT, DataType.DOUBLE, "sgd");
        // float32 parameters round at 6e-8 of their size, and the 3 updates change them by about 1%,
        // so the change itself can only agree to about 1e-5: the 1e-5 bound is on the parameters
        assertTrue(err[0] < 1e-5, a + ": relative error of the parameters " + err[0]);
        assertTrue(err[1] < 1e-3, a + ": relative error of the parameters' change " + err[1]);
    }

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"NRWS", "RWS"})
    void adamAndAFloat32FisherAgree(Algorithm a) {
        assertTrue(maxError(a, DataType.DOUBLE, DataType.DOUBLE, "adam")[1] < 1e-12, a + " adam");
        assertTrue(maxError(a, DataType.DOUBLE, DataType.FLOAT, "momentum")[1] < 1e-4, a + " float32 Fisher");
    }

    /**
     * @return the largest relative difference over the layers and the 3 updates of {0: the
     *     parameters, 1: the parameters' change since the start}
     */
    private static double[] maxError(Algorithm a, DataType model, DataType fisher, String optimizer) {
        HelmholtzMachine base = TinyMachines.random(12, new int[] {6, 4}, 0.7, 5);
        HelmholtzMachine fast = cast(base, model);
        HelmholtzMachine ref = cast(base, model);
        INDArray x = TinyMachines.binary(5, 12, 6).castTo(model);
        EstimatorOptions eo = EstimatorOptions.defaults(3);
        NaturalGradientOptions no = new NaturalGradientOptions(0.05, 1.0, 0.05, 10, 1, fisher,
                SolverPath.AUTO);
        Trainer trainer = new Trainer(fast, a.estimator(eo), a.preconditioner(no), Optimizer.named(optimizer),
                TrainerConfig.updates(3, 0.01), SEED);
        ReferenceEngine engine = new ReferenceEngine(ref, a, eo, no, LAPACK, optimizer);
        List<INDArray> start = ref.parameters().stream().map(p -> p.castTo(DataType.DOUBLE).dup()).toList();
        double worst = 0;
        double worstParam = 0;
        for (int u = 0; u < 3; u++) {
            trainer.step(x);
            engine.step(x, SEED);
            List<INDArray> pf = fast.parameters();
            List<INDArray> pr = ref.parameters();
            for (int i = 0; i < pf.size(); i++) {
                // relative to the change made by training, not to the parameters themselves
                INDArray df = pf.get(i).castTo(DataType.DOUBLE).sub(start.get(i));
                INDArray dr = pr.get(i).castTo(DataType.DOUBLE).sub(start.get(i));
                if (dr.norm2Number().doubleValue() > 0 || df.norm2Number().doubleValue() > 0) {
                    worst = Math.max(worst, Dense.relativeError(df, dr));
                }
                worstParam = Math.max(worstParam, Dense.relativeError(pf.get(i).castTo(DataType.DOUBLE),
                        pr.get(i).castTo(DataType.DOUBLE)));
            }
        }
        return new double[] {worstParam, worst};
    }

    private static HelmholtzMachine cast(HelmholtzMachine m, DataType type) {
        java.util.List<SigmoidLayer> p = new java.util.ArrayList<>();
        for (SigmoidLayer l : m.p().layers()) {
            p.add(new SigmoidLayer(l.name(), l.theta().castTo(type).dup('c')));
        }
        java.util.List<SigmoidLayer> q = new java.util.ArrayList<>();
        for (SigmoidLayer l : m.q().layers()) {
            q.add(new SigmoidLayer(l.name(), l.theta().castTo(type).dup('c')));
        }
        return new HelmholtzMachine(m.sizes(), new SigmoidBeliefNetwork(SigmoidBeliefNetwork.Direction.GENERATIVE, p),
                new SigmoidBeliefNetwork(SigmoidBeliefNetwork.Direction.RECOGNITION, q), m.clip());
    }
}
