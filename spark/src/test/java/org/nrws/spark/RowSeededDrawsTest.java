package org.nrws.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.model.HelmholtzMachine;
import org.nrws.testing.EstimatorOracle;
import org.nrws.testing.EstimatorOracle.Kind;
import org.nrws.testing.TinyMachines;
import org.nrws.train.Algorithm;

/**
 * The draws of the executors' task ({@link StepTask}, row-seeded): its gradients, over many run
 * seeds, have the exact mean and variance of each estimator's sampling distribution
 * ({@link EstimatorOracle}: every K-tuple of latent states enumerated, {@code ExactEnumeration}
 * underneath), for WS, RWS and BiHM at K = 1..3, with the slice placed at several global offsets;
 * the same thresholds as core's sequential-mode {@code EstimatorExpectationTest}. And the K wake
 * samples and K dreams of one data point are K different draws.
 */
class RowSeededDrawsTest {

    private static final int SEEDS = 1500;

    private static void check(Algorithm algorithm, Kind kind, HelmholtzMachine m, int k) {
        double[][] data = {{1, 0, 1}, {0, 1, 1}};
        BitRows rows = BitRows.pack(Nd4j.createFromArray(data));
        MachineState state = MachineState.of(m);
        EstimatorOptions o = EstimatorOptions.defaults(k);
        EstimatorOracle oracle = new EstimatorOracle(m);
        double[][] exact = oracle.moments(kind, data, k, o.wakeWeight(), o.sleepWeight(), o.baseline());
        int n = oracle.size();
        double[] sum = new double[n];
        double[] sq = new double[n];
        for (int s = 0; s < SEEDS; s++) {
            StepTask task = StepTask.of(algorithm, o, 1000 + s, s % 4);
            StepTask.Result r = task.run(state, 5L * (s % 3), rows);
            int at = 0;
            for (double[] layer : r.gradientSums()) {
                for (double v : layer) {
                    double g = v / data.length;
                    sum[at] += g;
                    sq[at] += g * g;
                    at++;
                }
            }
            assertEquals(n, at, "the task's gradients have the oracle's layout");
        }
        double worstZ = 0;
        double varRatio = 0;
        int varied = 0;
        String what = algorithm + " (row-seeded) " + m.units().id() + " K=" + k;
        for (int i = 0; i < n; i++) {
            double mean = sum[i] / SEEDS;
            double empirical = sq[i] / SEEDS - mean * mean;
            if (exact[1][i] < 1e-14) {
                assertTrue(Math.abs(mean - exact[0][i]) < 1e-9, what + ": coordinate " + i
                        + " has no variance but the estimate moved: " + mean + " vs " + exact[0][i]);
                continue;
            }
            worstZ = Math.max(worstZ, Math.abs(mean - exact[0][i]) / Math.sqrt(exact[1][i] / SEEDS));
            varRatio += empirical / exact[1][i];
            varied++;
        }
        varRatio /= varied;
        assertTrue(worstZ < 4.5, what + ": a coordinate is " + worstZ + " standard errors from its exact expectation");
        assertTrue(varRatio > 0.9 && varRatio < 1.1, what + ": empirical / exact variance is " + varRatio);
    }

    @Test
    void theTasksGradientsHaveTheExactMeanAndVariance() {
        HelmholtzMachine m = TinyMachines.random(3, new int[] {2, 1}, 1.2, 41);
        for (int k : new int[] {1, 2, 3}) {
            check(Algorithm.WS, Kind.WS, m, k);
            check(Algorithm.RWS, Kind.RWS, m, k);
            check(Algorithm.BIHM, Kind.BIHM, m, k);
        }
    }

    private static Set<String> distinct(INDArray rows, int point, int batch, int k) {
        Set<String> seen = new HashSet<>();
        for (int s = 0; s < k; s++) {
            seen.add(java.util.Arrays.toString(rows.getRow(s * batch + point).toDoubleVector()));
        }
        return seen;
    }

    @Test
    void theKSamplesAndDreamsOfOnePointDiffer() {
        int b = 3;
        int k = 4;
        HelmholtzMachine m = TinyMachines.random(8, new int[] {24, 16}, 0.3, 5);
        BitRows rows = BitRows.pack(TinyMachines.binary(b, 8, 6));
        StepTask.Result r = StepTask.of(Algorithm.NRWS, EstimatorOptions.defaults(k), 7, 2).run(MachineState.of(m), 11, rows);
        for (int i = 0; i < b; i++) {
            for (int l = 0; l < r.wakeStates().length; l++) {
                BitRows w = r.wakeStates()[l];
                assertEquals(k, distinct(w.toMatrix(0, w.rows()), i, b, k).size(),
                        "point " + i + ": its " + k + " wake samples of layer " + (l + 1) + " are different draws");
            }
            for (int l = 1; l < r.sleepStates().length; l++) {
                BitRows d = r.sleepStates()[l];
                assertEquals(k, distinct(d.toMatrix(0, d.rows()), i, b, k).size(),
                        "point " + i + ": its " + k + " dreams of layer " + l + " are different draws");
            }
        }
        List<double[]> points = new java.util.ArrayList<>();
        BitRows w = r.wakeStates()[0];
        for (int i = 0; i < b; i++) {
            points.add(w.toMatrix(i, i + 1).toDoubleVector());
        }
        assertTrue(!java.util.Arrays.equals(points.get(0), points.get(1)) || !java.util.Arrays.equals(points.get(1), points.get(2)),
                "different points draw different samples");
    }
}
