package org.nrws.estimator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.SigmoidBeliefNetwork;
import org.nrws.model.StepWorkspace;
import org.nrws.model.Units;
import org.nrws.random.RandomSource;
import org.nrws.testing.EstimatorOracle;
import org.nrws.testing.EstimatorOracle.Kind;
import org.nrws.testing.TinyMachines;

/**
 * Every estimator's p and q gradients against their exact expectation over the sampling
 * distribution ({@link EstimatorOracle}: every K-tuple of latent states enumerated), for K = 1..3:
 * the Monte-Carlo mean of the Java estimator over many seeds must lie within 4.5 standard errors of
 * the exact mean in every coordinate, and the spread across seeds must match the exact variance.
 * This covers wake-p, wake-q with the -1/K baseline, the 0.5/0.5 mix, sleep-q, BiHM's square-root
 * weights, and both unit conventions.
 */
class EstimatorExpectationTest {

    private static final int SEEDS = 1500;

    private static double[] flat(StepResult r, int size) {
        double[] out = new double[size];
        int at = 0;
        for (INDArray g : r.gradients().list()) {
            double[] v = g.dup('c').data().asDouble();
            System.arraycopy(v, 0, out, at, v.length);
            at += v.length;
        }
        return out;
    }

    private static void check(Kind kind, AbstractEstimator est, HelmholtzMachine m, int k) {
        double[][] data = {{1, 0, 1}, {0, 1, 1}};
        INDArray x = org.nd4j.linalg.factory.Nd4j.createFromArray(data);
        EstimatorOracle oracle = new EstimatorOracle(m);
        EstimatorOptions o = est.options();
        double[][] exact = oracle.moments(kind, data, k, o.wakeWeight(), o.sleepWeight(), o.baseline());
        int n = oracle.size();
        double[] sum = new double[n];
        double[] sq = new double[n];
        StepWorkspace ws = m.trainingWorkspace(2, k);
        for (int s = 0; s < SEEDS; s++) {
            double[] g = flat(est.estimate(m, ws, x, RandomSource.of(1000 + s).stream(RandomSource.DOMAIN_TRAIN, 0), 0), n);
            for (int i = 0; i < n; i++) {
                sum[i] += g[i];
                sq[i] += g[i] * g[i];
            }
        }
        double worstZ = 0;
        double varRatio = 0;
        int varied = 0;
        for (int i = 0; i < n; i++) {
            double mean = sum[i] / SEEDS;
            double empirical = sq[i] / SEEDS - mean * mean;
            double se = Math.sqrt(exact[1][i] / SEEDS);
            if (exact[1][i] < 1e-14) {
                assertTrue(Math.abs(mean - exact[0][i]) < 1e-9, kind + " K=" + k + " coordinate " + i
                        + " has no variance but the estimate moved: " + mean + " vs " + exact[0][i]);
                continue;
            }
            worstZ = Math.max(worstZ, Math.abs(mean - exact[0][i]) / se);
            varRatio += empirical / exact[1][i];
            varied++;
        }
        varRatio /= varied;
        String what = kind + " " + m.units().id() + " K=" + k;
        assertTrue(worstZ < 4.5, what + ": a coordinate is " + worstZ + " standard errors from its exact expectation");
        assertTrue(varRatio > 0.9 && varRatio < 1.1, what + ": empirical / exact variance is " + varRatio);
    }

    private static HelmholtzMachine machine(Units units) {
        HelmholtzMachine m = TinyMachines.random(3, new int[] {2, 1}, 1.2, 41);
        return new HelmholtzMachine(m.sizes(), new SigmoidBeliefNetwork(SigmoidBeliefNetwork.Direction.GENERATIVE,
                m.p().layers()), new SigmoidBeliefNetwork(SigmoidBeliefNetwork.Direction.RECOGNITION, m.q().layers()),
                m.clip(), units);
    }

    @Test
    void everyEstimatorMatchesItsExactExpectation() {
        HelmholtzMachine m = machine(Units.ZERO_ONE);
        for (int k : new int[] {1, 2, 3}) {
            check(Kind.WS, new WakeSleep(EstimatorOptions.defaults(k)), m, k);
            check(Kind.RWS, new ReweightedWakeSleep(EstimatorOptions.defaults(k)), m, k);
            check(Kind.BIHM, new BidirectionalEstimator(EstimatorOptions.defaults(k)), m, k);
        }
    }

    @Test
    void mixAndBaselineOptionsMatch() {
        HelmholtzMachine m = machine(Units.ZERO_ONE);
        for (EstimatorOptions o : List.of(new EstimatorOptions(3, false, 0.5, 0.5, 1), new EstimatorOptions(2, true, 0.8, 0.2, 1))) {
            check(Kind.RWS, new ReweightedWakeSleep(o), m, o.samples());
        }
        check(Kind.BIHM, new BidirectionalEstimator(new EstimatorOptions(3, false, 0.5, 0.5, 1)), m, 3);
    }

    @Test
    void plusMinusOneUnitsMatch() {
        HelmholtzMachine m = machine(Units.PLUS_MINUS_ONE);
        for (int k : new int[] {1, 3}) {
            check(Kind.RWS, new ReweightedWakeSleep(EstimatorOptions.defaults(k)), m, k);
            check(Kind.BIHM, new BidirectionalEstimator(EstimatorOptions.defaults(k)), m, k);
        }
        check(Kind.WS, new WakeSleep(EstimatorOptions.defaults(2)), m, 2);
    }
}
