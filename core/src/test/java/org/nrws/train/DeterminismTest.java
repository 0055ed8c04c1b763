package org.nrws.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.data.BinaryDataset;
import org.nrws.data.LinesToy;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.model.HelmholtzMachine;
import org.nrws.optim.Optimizer;
import org.nrws.random.RandomSource;

/** The same seed gives bit-identical parameters after N updates; another seed does not. */
class DeterminismTest {

    private static long[] bits(HelmholtzMachine m) {
        List<INDArray> ps = m.parameters();
        int n = 0;
        for (INDArray p : ps) {
            n += (int) p.length();
        }
        long[] out = new long[n];
        int i = 0;
        for (INDArray p : ps) {
            for (double v : p.dup('c').data().asDouble()) {
                out[i++] = Double.doubleToRawLongBits(v);
            }
        }
        return out;
    }

    private static HelmholtzMachine train(Algorithm algo, String optimizer, long seed, int updates) {
        RandomSource rng = RandomSource.of(seed);
        INDArray data = LinesToy.sample(200, DataType.DOUBLE, rng.stream(RandomSource.DOMAIN_DATA, 0));
        HelmholtzMachine m = HelmholtzMachine.create(9, new int[] {4, 2}, DataType.DOUBLE, 0.1, 1e-3,
                rng.stream(RandomSource.DOMAIN_INIT, 0));
        Trainer t = new Trainer(m, algo.estimator(EstimatorOptions.defaults(3)), Preconditioner.identity(),
                Optimizer.named(optimizer), TrainerConfig.updates(updates, 0.01), seed);
        // ND4J's own RNG is deliberately perturbed: it must not matter.
        Nd4j.getRandom().setSeed(System.nanoTime());
        t.train(new BinaryDataset(data, 16, true));
        return m;
    }

    @Test
    void sameSeedSameBits() {
        for (Algorithm a : new Algorithm[] {Algorithm.WS, Algorithm.RWS, Algorithm.BIHM}) {
            assertArrayEquals(bits(train(a, "adam", 42, 40)), bits(train(a, "adam", 42, 40)), a.id());
        }
        assertArrayEquals(bits(train(Algorithm.RWS, "momentum", 7, 25)), bits(train(Algorithm.RWS, "momentum", 7, 25)));
    }

    @Test
    void otherSeedOtherBits() {
        assertFalse(java.util.Arrays.equals(bits(train(Algorithm.RWS, "sgd", 1, 10)), bits(train(Algorithm.RWS, "sgd", 2, 10))));
    }
}
