package org.nrws.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.eval.ExactEnumeration;
import org.nrws.eval.ExactEnumeration.WeightedStates;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.Trace;
import org.nrws.random.RandomSource;
import org.nrws.testing.Enumerated;
import org.nrws.testing.TinyMachines;

/**
 * {@link FisherBlocks} against the exact Fisher blocks of a 6-3-2 machine computed by enumeration
 * ({@link ExactEnumeration#pFisher()}, {@link ExactEnumeration#qFisher(double[])}): exactly on the
 * enumerated weighted state set, and to sampling tolerance from dreams and wake samples.
 */
class ExactFisherTest {

    private final HelmholtzMachine machine = TinyMachines.random(6, new int[] {3, 2}, 1.0, 11);
    private final ExactEnumeration exact = new ExactEnumeration(machine);
    private final double[] data = dataDistribution();

    /** A data distribution over the 64 visible states with a support of 20 states. */
    private static double[] dataDistribution() {
        RandomSource r = RandomSource.of(77);
        double[] pd = new double[64];
        double s = 0;
        for (int k = 0; k < 20; k++) {
            int v = r.nextInt(64);
            double w = 0.2 + r.nextDouble();
            pd[v] += w;
            s += w;
        }
        for (int v = 0; v < 64; v++) {
            pd[v] /= s;
        }
        return pd;
    }

    @Test
    void enumeratedWeightedSamplesGiveTheExactFisher() {
        double[][][][] pf = exact.pFisher();
        WeightedStates joint = exact.jointStates();
        assertEquals(1.0, sum(joint.weights()), 1e-12);
        Trace t = Enumerated.trace(machine, joint);
        INDArray w = Enumerated.weights(joint);
        for (int l = 0; l <= machine.depth(); l++) {
            INDArray f = FisherBlocks.ofLayer(t.pInput(l), t.pProbabilities(l), machine.clip(), w, DataType.DOUBLE).primal(0);
            assertTrue(Enumerated.maxAbsDifference(pf[l], f) <= 1e-10, "p" + l + ": " + Enumerated.maxAbsDifference(pf[l], f));
        }
        double[][][][] qf = exact.qFisher(data);
        WeightedStates rec = exact.recognitionStates(data);
        assertEquals(1.0, sum(rec.weights()), 1e-12);
        Trace tq = Enumerated.trace(machine, rec);
        INDArray wq = Enumerated.weights(rec);
        for (int l = 0; l < machine.depth(); l++) {
            INDArray f = FisherBlocks.ofLayer(tq.qInput(l), tq.qProbabilities(l), machine.clip(), wq, DataType.DOUBLE).primal(0);
            assertTrue(Enumerated.maxAbsDifference(qf[l], f) <= 1e-10, "q" + l + ": " + Enumerated.maxAbsDifference(qf[l], f));
        }
        // the prior's block is the closed form sigma(b)(1 - sigma(b))
        int top = machine.depth();
        for (int i = 0; i < pf[top].length; i++) {
            double s = 1 / (1 + Math.exp(-machine.p().layer(top).theta().getDouble(0, i)));
            assertEquals(s * (1 - s), pf[top][i][0][0], 1e-14);
        }
    }

    /*
     * Sampling tolerance. Every entry of an estimated block is a mean of N i.i.d. terms
     * c u_j u_k in [0, 1/4]; by Hoeffding, P(|error| > t) <= 2 exp(-2 N t^2 / (1/4)^2). With
     * N = 100,000 and t = 3e-3 that is 2 exp(-28.8) = 6e-13 per entry, and below 1e-9 for all of the
     * ~300 entries of the p and q blocks together (the seeds are fixed, so the test is
     * deterministic; this bounds the chance that a correct implementation fails it). The typical
     * error is about 0.125 / sqrt(N) = 4e-4. The model is sampled with unclipped probabilities while
     * the oracle uses clipped ones; the test checks that no probability of this machine is clipped,
     * so the two distributions are the same.
     */
    private static final int SAMPLES = 100_000;
    private static final double TOL = 3e-3;

    @Test
    void fisherFromDreamsMatchesTheExactPFisher() {
        assertNothingClipped(Enumerated.trace(machine, exact.jointStates()));
        double[][][][] pf = exact.pFisher();
        Trace dreams = machine.dream(SAMPLES, RandomSource.of(5));
        double wrongDistribution = 0;
        Trace uniform = machine.evaluate(new INDArray[] {TinyMachines.binary(SAMPLES, 6, 1), TinyMachines.binary(SAMPLES, 3, 2),
                TinyMachines.binary(SAMPLES, 2, 3)});
        for (int l = 0; l <= machine.depth(); l++) {
            INDArray f = FisherBlocks.ofLayer(dreams.pInput(l), dreams.pProbabilities(l), machine.clip(), null, DataType.DOUBLE)
                    .primal(0);
            double err = Enumerated.maxAbsDifference(pf[l], f);
            assertTrue(err <= TOL, "p" + l + ": " + err);
            INDArray fu = FisherBlocks.ofLayer(uniform.pInput(l), uniform.pProbabilities(l), machine.clip(), null,
                    DataType.DOUBLE).primal(0);
            wrongDistribution = Math.max(wrongDistribution, Enumerated.maxAbsDifference(pf[l], fu));
        }
        // the tolerance discriminates: samples from the wrong distribution (uniform states) miss it
        assertTrue(wrongDistribution > 3 * TOL, "uniform states: " + wrongDistribution);
    }

    @Test
    void fisherFromWakeSamplesMatchesTheExactQFisher() {
        double[][][][] qf = exact.qFisher(data);
        INDArray x = sampleData(SAMPLES, RandomSource.of(6));
        Trace wake = machine.wake(x, RandomSource.of(7));
        for (int l = 0; l < machine.depth(); l++) {
            INDArray f = FisherBlocks.ofLayer(wake.qInput(l), wake.qProbabilities(l), machine.clip(), null, DataType.DOUBLE)
                    .primal(0);
            double err = Enumerated.maxAbsDifference(qf[l], f);
            assertTrue(err <= TOL, "q" + l + ": " + err);
        }
    }

    private INDArray sampleData(int n, RandomSource r) {
        double[][] x = new double[n][];
        double[] cdf = new double[64];
        double acc = 0;
        for (int v = 0; v < 64; v++) {
            acc += data[v];
            cdf[v] = acc;
        }
        for (int i = 0; i < n; i++) {
            double u = r.nextDouble() * acc;
            int v = 0;
            while (v < 63 && cdf[v] <= u) {
                v++;
            }
            x[i] = ExactEnumeration.visible(6, v);
        }
        return Nd4j.createFromArray(x);
    }

    private void assertNothingClipped(Trace t) {
        double c = machine.clip();
        for (int l = 0; l <= machine.depth(); l++) {
            INDArray p = t.pProbabilities(l);
            assertTrue(p.minNumber().doubleValue() > c && p.maxNumber().doubleValue() < 1 - c, "p" + l + " is clipped");
        }
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }
}
