package org.nrws.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.eval.LikelihoodEstimator;
import org.nrws.eval.LikelihoodResult;
import org.nrws.model.HelmholtzMachine;
import org.nrws.random.RandomSource;
import org.nrws.testing.TinyMachines;

/**
 * Distributed evaluation in local[2] equals the single-machine evaluation bit for bit, for 1 and 3
 * partitions (and more partitions than groups), and so does the BiHM 2 log Z.
 */
class DistributedEvaluationTest {

    private static long bits(double v) {
        return Double.doubleToLongBits(v);
    }

    @Test
    void equalsTheSingleMachineEvaluationForAnyPartitioning() {
        HelmholtzMachine m = TinyMachines.random(10, new int[] {6, 3}, 0.9, 11);
        INDArray data = TinyMachines.binary(37, 10, 12);
        for (int k : new int[] {50, 700}) {
            RandomSource rng = RandomSource.of(5).stream(RandomSource.DOMAIN_EVAL, 2);
            LikelihoodResult one = new LikelihoodEstimator().evaluate(m, data, k, rng);
            for (int parts : new int[] {1, 3, 50}) {
                RandomSource r2 = RandomSource.of(5).stream(RandomSource.DOMAIN_EVAL, 2);
                LikelihoodResult d = new DistributedEvaluation(SparkTestContext.get(), parts).evaluate(m, data, k, r2);
                String what = "K=" + k + ", " + parts + " partitions";
                assertEquals(bits(one.mean()), bits(d.mean()), what + ": mean");
                assertEquals(bits(one.standardError()), bits(d.standardError()), what + ": standard error");
                assertEquals(bits(one.meanEss()), bits(d.meanEss()), what + ": ESS");
                assertEquals(bits(one.bihmLogPTildeMean()), bits(d.bihmLogPTildeMean()), what + ": log p~*");
                for (int i = 0; i < 37; i++) {
                    assertEquals(bits(one.perPoint()[i]), bits(d.perPoint()[i]), what + ": point " + i);
                }
                assertEquals(rng.position(), r2.position(), what + ": the stream is advanced as on one machine");
            }
            assertTrue(one.meanEss() >= 1 && one.meanEss() <= k, "ESS within [1, K]");
        }
    }

    @Test
    void twoLogZEqualsTheSingleMachineEstimate() {
        HelmholtzMachine m = TinyMachines.random(10, new int[] {6, 3}, 0.9, 11);
        long pairs = 2_345;
        int maxRows = 300;
        double one = new LikelihoodEstimator(maxRows).twoLogZ(m, pairs, RandomSource.of(9));
        for (int parts : new int[] {1, 3}) {
            double d = new DistributedEvaluation(SparkTestContext.get(), parts, maxRows).twoLogZ(m, pairs, RandomSource.of(9));
            assertEquals(bits(one), bits(d), parts + " partitions");
        }
    }
}
