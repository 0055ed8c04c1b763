package org.nrws.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.data.BinaryDataset;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.estimator.ReweightedWakeSleep;
import org.nrws.eval.LikelihoodEstimator;
import org.nrws.model.HelmholtzMachine;
import org.nrws.optim.Optimizer;
import org.nrws.random.RandomSource;
import org.nrws.testing.TinyMachines;

/** Bad input fails fast with a message naming the cause. */
class BadInputTest {

    private final HelmholtzMachine machine = TinyMachines.random(6, new int[] {3, 2}, 0.5, 1);

    private static void assertMessage(Executable e, String fragment) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(fragment), "message '" + ex.getMessage() + "' should mention '" + fragment + "'");
    }

    @Test
    void samplesMustBePositive() {
        assertMessage(() -> EstimatorOptions.defaults(0), "K (samples per data point) must be >= 1");
        assertMessage(() -> new LikelihoodEstimator().evaluate(machine, TinyMachines.binary(2, 6, 1), 0, RandomSource.of(1)),
                "K_eval must be >= 1");
    }

    @Test
    void batchMustBePositive() {
        assertMessage(() -> new BinaryDataset(TinyMachines.binary(5, 6, 1), 0, true), "batch size B must be >= 1");
        INDArray empty = Nd4j.create(DataType.DOUBLE, 0, 6);
        assertMessage(() -> new ReweightedWakeSleep(EstimatorOptions.defaults(2)).estimate(machine, empty, RandomSource.of(1), 0),
                "no rows");
    }

    @Test
    void layersMustBeNonEmpty() {
        assertMessage(() -> HelmholtzMachine.create(6, new int[] {3, 0}, DataType.DOUBLE, 0.1, 1e-3, RandomSource.of(1)),
                "layer 2 is empty");
        assertMessage(() -> HelmholtzMachine.create(0, new int[] {3}, DataType.DOUBLE, 0.1, 1e-3, RandomSource.of(1)),
                "layer 0 is empty");
        assertMessage(() -> HelmholtzMachine.create(6, new int[0], DataType.DOUBLE, 0.1, 1e-3, RandomSource.of(1)),
                "at least one latent layer");
    }

    @Test
    void widthMustMatch() {
        assertMessage(() -> new ReweightedWakeSleep(EstimatorOptions.defaults(2))
                .estimate(machine, TinyMachines.binary(4, 7, 1), RandomSource.of(1), 0), "7 columns but the model has 6 visible units");
        Trainer t = new Trainer(machine, new ReweightedWakeSleep(EstimatorOptions.defaults(2)), Preconditioner.identity(),
                Optimizer.named("sgd"), TrainerConfig.updates(3, 0.1), 1);
        assertMessage(() -> t.train(new BinaryDataset(TinyMachines.binary(4, 5, 1), 2, true)), "5 columns");
    }

    @Test
    void dataMustBeBinary() {
        INDArray x = TinyMachines.binary(4, 6, 1);
        x.putScalar(2, 3, 0.5);
        assertMessage(() -> new BinaryDataset(x, 2, true), "binary");
        assertMessage(() -> new ReweightedWakeSleep(EstimatorOptions.defaults(2)).estimate(machine, x, RandomSource.of(1), 0),
                "binary");
        INDArray y = TinyMachines.binary(4, 6, 1);
        y.putScalar(0, 0, Double.NaN);
        assertMessage(() -> machine.validateData(y), "NaN");
    }

    @Test
    void impossibleOptions() {
        assertMessage(() -> new EstimatorOptions(5, true, -0.5, 0.5, 1), "mixing weights");
        assertMessage(() -> new EstimatorOptions(5, true, 0.5, 0.5, 0), "sleep interval");
        assertMessage(() -> TrainerConfig.updates(10, -1), "learning rate");
        assertMessage(() -> new TrainerConfig(Integer.MAX_VALUE, Long.MAX_VALUE, Double.POSITIVE_INFINITY, 0.1, Map.of()),
                "no budget");
        assertMessage(() -> new TrainerConfig(1, 1, 1, 0.1, Map.of("p9", 0.1)).learningRates(machine), "unknown layer 'p9'");
        assertMessage(() -> Optimizer.named("lbfgs"), "unknown optimizer");
        assertMessage(() -> Algorithm.parse("vae"), "unknown algorithm");
        assertMessage(() -> NaturalGradientOptions.defaults(0), "alpha");
    }

    @Test
    void perLayerLearningRates() {
        double[] lr = new TrainerConfig(1, 1, 1, 0.1, Map.of("q1", 0.5)).learningRates(machine);
        assertEquals(5, lr.length);
        assertEquals(0.1, lr[0]);
        assertEquals(0.5, lr[4]);
    }
}
