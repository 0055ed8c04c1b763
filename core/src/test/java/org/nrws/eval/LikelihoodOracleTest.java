package org.nrws.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.Trace;
import org.nrws.random.RandomSource;
import org.nrws.testing.TinyMachines;

/** The importance-sampled likelihood against exact enumeration on a 6-3-2 machine. */
class LikelihoodOracleTest {

    private final HelmholtzMachine machine = TinyMachines.random(6, new int[] {3, 2}, 1.0, 11);
    private final ExactEnumeration exact = new ExactEnumeration(machine);

    @Test
    void logJointAndRecognitionMatchEnumeration() {
        INDArray x = TinyMachines.binary(20, 6, 3);
        Trace t = machine.wake(machine.workspace((int) x.rows()), x, RandomSource.of(5));
        for (int r = 0; r < 20; r++) {
            double[][] s = new double[3][];
            for (int l = 0; l < 3; l++) {
                s[l] = t.state(l).getRow(r).toDoubleVector();
            }
            assertEquals(exact.logJoint(s), t.logP().getDouble(r), 1e-10);
            assertEquals(exact.logRecognition(s), t.logQ().getDouble(r), 1e-10);
        }
    }

    @Test
    void exactMarginalsSumToOne() {
        double[] lp = exact.logMarginalAll();
        assertEquals(0.0, ExactEnumeration.logSumExp(lp), 1e-10);
    }

    @Test
    void importanceSampledLikelihoodConvergesToExact() {
        INDArray x = TinyMachines.binary(8, 6, 4);
        double truth = 0;
        for (int i = 0; i < 8; i++) {
            truth += exact.logMarginal(x.getRow(i).toDoubleVector());
        }
        truth /= 8;
        LikelihoodEstimator est = new LikelihoodEstimator(5_000);
        double prevErr = Double.POSITIVE_INFINITY;
        for (int k : new int[] {1, 100, 20_000}) {
            LikelihoodResult r = est.evaluate(machine, x, k, RandomSource.of(9).stream(RandomSource.DOMAIN_EVAL, k));
            double err = Math.abs(r.mean() - truth);
            // The IS bound: E log p^ <= log p, and the gap shrinks as K grows.
            if (k == 20_000) {
                // 32 latent states, 20,000 samples: the relative sd of p^ is ~ sqrt(Var(w)/K)/p,
                // well below 1e-2 for these weights; 0.02 nats is a generous bound.
                assertEquals(truth, r.mean(), 0.02, "K=" + k);
                assertTrue(r.meanEss() > 1000, "ESS " + r.meanEss());
            }
            assertTrue(err <= prevErr + 0.02, "error must not grow with K: " + err + " after " + prevErr);
            prevErr = err;
        }
    }

    /**
     * The reported standard error is that of the mean over the data points, and the ESS that of the
     * weights: at large K both must reach their exact limits, {@code sd(log p(x_i)) / sqrt(n)} and
     * {@code K p(x)^2 / sum_h p(x,h)^2 / q(h|x)}.
     */
    @Test
    void standardErrorAndEssReachTheirExactLimits() {
        int n = 12;
        INDArray x = TinyMachines.binary(n, 6, 14);
        int k = 400_000;
        LikelihoodResult r = new LikelihoodEstimator(20_000).evaluate(machine, x, k, RandomSource.of(21));
        double[] truth = new double[n];
        double essRatio = 0;
        for (int i = 0; i < n; i++) {
            double[] xi = x.getRow(i).toDoubleVector();
            truth[i] = exact.logMarginal(xi);
            double[] second = new double[exact.latentStates()];
            for (int h = 0; h < second.length; h++) {
                double[][] st = exact.states(xi, h);
                second[h] = 2 * exact.logJoint(st) - exact.logRecognition(st);
            }
            double limit = k * Math.exp(2 * truth[i] - ExactEnumeration.logSumExp(second));
            essRatio += r.ess()[i] / limit / n;
        }
        double se = LikelihoodEstimator.standardError(truth);
        assertEquals(se, r.standardError(), 0.02 * se, "standard error of the mean over points");
        assertEquals(1.0, essRatio, 0.05, "ESS against its exact large-K value");
    }

    /**
     * With saturated units and a wide clipping bound (0.05), only samples from the clipped Bernoulli
     * make the importance weights ratios of the sampled distribution. The estimator's mean weight
     * {@code exp(log p^(x))} must then be within 4 exact standard errors ({@code sqrt(Var_q[w] / K)},
     * by enumeration) of the exact p(x) of the clipped model. Sampling the unclipped sigma(a) instead
     * would converge to {@code sum_h q_unclipped(h|x) w(h)}, which the test checks is many standard
     * errors away, so the test can tell the two apart.
     */
    @Test
    void saturatedUnitsConvergeToTheClippedModelsLikelihood() {
        HelmholtzMachine m = TinyMachines.random(6, new int[] {3, 2}, 4.0, 31);
        HelmholtzMachine wide = new HelmholtzMachine(m.sizes(), m.p(), m.q(), 0.05);
        HelmholtzMachine unclipped = new HelmholtzMachine(m.sizes(), m.p(), m.q(), 0.0);
        ExactEnumeration ex = new ExactEnumeration(wide);
        ExactEnumeration raw = new ExactEnumeration(unclipped);
        INDArray x = TinyMachines.binary(6, 6, 32);
        int k = 200_000;
        LikelihoodResult r = new LikelihoodEstimator(20_000).evaluate(wide, x, k, RandomSource.of(33));
        int separable = 0;
        for (int i = 0; i < 6; i++) {
            double[] xi = x.getRow(i).toDoubleVector();
            double p = Math.exp(ex.logMarginal(xi));
            double second = 0;
            double wrongLimit = 0;
            for (int h = 0; h < ex.latentStates(); h++) {
                double[][] st = ex.states(xi, h);
                double w = Math.exp(ex.logJoint(st) - ex.logRecognition(st));
                second += Math.exp(ex.logRecognition(st)) * w * w;
                wrongLimit += Math.exp(raw.logRecognition(st)) * w;
            }
            double se = Math.sqrt((second - p * p) / k);
            double meanWeight = Math.exp(r.perPoint()[i]);
            assertEquals(p, meanWeight, 4 * se, "point " + i + " (p(x) = " + p + ")");
            if (Math.abs(wrongLimit - p) > 10 * se) {
                separable++;
            }
        }
        assertTrue(separable >= 3, "unclipped sampling must be detectably wrong on most points, was on " + separable);
    }

    @Test
    void chunkingDoesNotChangeTheEstimate() {
        INDArray x = TinyMachines.binary(7, 6, 4);
        RandomSource rng = RandomSource.of(2);
        LikelihoodResult a = new LikelihoodEstimator(1_000_000).evaluate(machine, x, 300, rng.stream(1, 1));
        LikelihoodResult b = new LikelihoodEstimator(1_000_000).evaluate(machine, x, 300, rng.stream(1, 1));
        assertEquals(a.mean(), b.mean(), 0.0, "same stream, same result");
        // The draws are laid out per data point (LikelihoodEstimator's class comment), so the pass
        // size no longer enters the evaluation at all: the same stream gives the same bits.
        LikelihoodResult c = new LikelihoodEstimator(50).evaluate(machine, x, 300, rng.stream(1, 1));
        assertEquals(a.mean(), c.mean(), 0.0, "maxRows does not change the evaluation");
        LikelihoodResult d = new LikelihoodEstimator(50).evaluate(machine, x, 300, rng.stream(1, 2));
        assertEquals(a.mean(), d.mean(), 0.5, "another stream estimates the same quantity");
    }

    @Test
    void bihmTwoLogZMatchesExact() {
        double truth = exact.twoLogZ();
        double est = new LikelihoodEstimator(20_000).twoLogZ(machine, 400_000, RandomSource.of(3));
        // log Z^2 with M = 4e5 pairs: relative sd of the mean ratio is ~1e-3 here.
        assertEquals(truth, est, 0.01);
        INDArray x = TinyMachines.row(new double[] {1, 0, 1, 1, 0, 0});
        LikelihoodResult r = new LikelihoodEstimator().evaluate(machine, x, 50_000, RandomSource.of(4));
        assertEquals(exact.logPTilde(x.getRow(0).toDoubleVector()), r.bihmLogPTildeMean(), 0.01);
        assertTrue(truth < 0, "Z < 1 by Cauchy-Schwarz: 2 log Z = " + truth);
    }

    @Test
    void streamingLogSumExpIsExact() {
        StreamingLogSumExp s = new StreamingLogSumExp(1);
        double[] v = {-1000, 3, -2, 700, 699.5};
        for (double a : v) {
            s.add(0, a);
        }
        assertEquals(ExactEnumeration.logSumExp(v), s.value(0), 1e-12);
        s.add(0, Double.NaN);
        assertTrue(Double.isNaN(s.value(0)), "NaN is never dropped");
    }

    @Test
    void evaluationDoesNotUseNd4jRandomness() {
        Nd4j.getRandom().setSeed(1);
        double a = new LikelihoodEstimator().evaluate(machine, TinyMachines.binary(3, 6, 1), 10, RandomSource.of(1)).mean();
        Nd4j.getRandom().setSeed(2);
        double b = new LikelihoodEstimator().evaluate(machine, TinyMachines.binary(3, 6, 1), 10, RandomSource.of(1)).mean();
        assertEquals(a, b, 0.0);
    }
}
