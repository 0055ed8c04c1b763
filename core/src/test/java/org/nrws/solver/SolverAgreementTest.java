package org.nrws.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nrws.host.HostMatrix;
import org.nrws.host.Precision;
import org.nrws.host.WorkerPool;
import org.nrws.linalg.LapackBatchedCholesky;
import org.nrws.linalg.NotPositiveDefiniteException;
import org.nrws.random.RandomSource;
import org.nrws.testing.Dense;

/**
 * The fused CPU solver against a dense solve of each unit's system and against the reference
 * (tensor) solver: both paths, float64, float32 and mixed precision, kept factors, and failures
 * that name the layer, the path and the neuron.
 */
class SolverAgreementTest {

    private static final SolverPath[] PATHS = {SolverPath.PRIMAL, SolverPath.DUAL};

    private static final WorkerPool POOL = new WorkerPool(2);
    private static final LapackBatchedCholesky LAPACK = new LapackBatchedCholesky(2);

    @AfterAll
    static void close() {
        POOL.close();
        LAPACK.close();
    }

    /** Binary inputs with a ones column, curvatures pi(1-pi)/N, a Gaussian gradient. */
    static HostMatrix[] problem(int n, int d, int m, long seed) {
        RandomSource r = RandomSource.of(seed);
        HostMatrix u = HostMatrix.allocate(Precision.F64, n, d);
        HostMatrix c = HostMatrix.allocate(Precision.F64, n, m);
        HostMatrix g = HostMatrix.allocate(Precision.F64, d, m);
        for (int a = 0; a < n; a++) {
            for (int j = 0; j < d; j++) {
                u.set(a, j, j == d - 1 ? 1 : r.nextDouble() < 0.4 ? 1 : 0);
            }
            for (int i = 0; i < m; i++) {
                double p = Math.min(0.999, Math.max(0.001, r.nextDouble()));
                c.set(a, i, p * (1 - p) / n);
            }
        }
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < m; i++) {
                g.set(j, i, r.nextGaussian());
            }
        }
        return new HostMatrix[] {u, c, g};
    }

    /** (1 + alpha) (alpha I + F_i)^{-1} g_i by a dense solve. */
    static double[][] dense(HostMatrix[] pr, double alpha) {
        HostMatrix u = pr[0];
        HostMatrix c = pr[1];
        HostMatrix g = pr[2];
        int n = u.rows();
        int d = u.cols();
        int m = c.cols();
        double[][] out = new double[d][m];
        for (int i = 0; i < m; i++) {
            double[][] f = new double[d][d];
            double[] gi = new double[d];
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    double s = j == k ? alpha : 0;
                    for (int a = 0; a < n; a++) {
                        s += c.get(a, i) * u.get(a, j) * u.get(a, k);
                    }
                    f[j][k] = s;
                }
                gi[j] = g.get(j, i);
            }
            double[] x = Dense.solve(f, gi);
            for (int j = 0; j < d; j++) {
                out[j][i] = (1 + alpha) * x[j];
            }
        }
        return out;
    }

    static double[][] matrix(HostMatrix h) {
        double[][] a = new double[h.rows()][h.cols()];
        for (int r = 0; r < h.rows(); r++) {
            for (int j = 0; j < h.cols(); j++) {
                a[r][j] = h.get(r, j);
            }
        }
        return a;
    }

    private static double run(NaturalGradientSolver s, HostMatrix[] pr, double alpha, double[][] expected) {
        HostMatrix out = HostMatrix.allocate(Precision.F64, pr[2].rows(), pr[2].cols());
        s.refresh(new LayerSamples("t", pr[0], pr[1]), alpha, pr[2], out);
        return Dense.relativeError(matrix(out), expected);
    }

    @Test
    void bothPathsAgreeWithADenseSolveInEveryPrecision() {
        int[][] shapes = {{30, 12, 5}, {8, 20, 4}, {16, 1, 3}, {1, 6, 2}};
        for (int[] sh : shapes) {
            HostMatrix[] pr = problem(sh[0], sh[1], sh[2], 11 + sh[0]);
            for (double alpha : new double[] {0.01, 1.0}) {
                double[][] expected = dense(pr, alpha);
                for (SolverPath path : PATHS) {
                    String what = java.util.Arrays.toString(sh) + " alpha " + alpha + " " + path;
                    double e64 = run(new CpuFusedSolver("t", new SolverOptions(Precision.F64, false, false, path), POOL),
                            pr, alpha, expected);
                    assertTrue(e64 < 1e-10, what + " float64: " + e64);
                    double e32 = run(new CpuFusedSolver("t", new SolverOptions(Precision.F32, false, false, path), POOL),
                            pr, alpha, expected);
                    assertTrue(e32 < 2e-3, what + " float32: " + e32);
                    double mixed = run(new CpuFusedSolver("t", new SolverOptions(Precision.F32, true, false, path), POOL),
                            pr, alpha, expected);
                    assertTrue(mixed < 1e-7 && mixed <= e32, what + " mixed: " + mixed + " (float32 " + e32 + ")");
                    double ref = run(new TensorSolver("t", new SolverOptions(Precision.F64, false, false, path), LAPACK),
                            pr, alpha, expected);
                    assertTrue(ref < 1e-10, what + " reference: " + ref);
                }
            }
        }
    }

    @Test
    void keptFactorsSolveLaterGradients() {
        for (SolverPath path : PATHS) {
            HostMatrix[] pr = problem(20, 9, 4, 3);
            CpuFusedSolver s = new CpuFusedSolver("t", new SolverOptions(Precision.F64, false, true, path), POOL);
            HostMatrix out = HostMatrix.allocate(Precision.F64, 9, 4);
            s.refresh(new LayerSamples("t", pr[0], pr[1]), 0.1, pr[2], out);
            assertTrue(s.hasFactors());
            HostMatrix[] other = problem(20, 9, 4, 4);        // a new gradient, same samples
            HostMatrix[] mixed = {pr[0], pr[1], other[2]};
            pr[0].fill(0);                                     // the solver kept its own copy of the samples
            s.solve(other[2], out);
            assertTrue(Dense.relativeError(matrix(out), dense(problem20(mixed), 0.1)) < 1e-10, path.id());
            NaturalGradientSolver plain = new CpuFusedSolver("t", SolverOptions.defaults(), POOL);
            plain.refresh(new LayerSamples("t", other[0], other[1]), 0.1, other[2], out);
            assertFalse(plain.hasFactors());
            assertThrows(IllegalStateException.class, () -> plain.solve(other[2], out));
        }
    }

    /** The problem of seed 3 with its inputs restored (the test zeroed the caller's copy). */
    private static HostMatrix[] problem20(HostMatrix[] withGradient) {
        HostMatrix[] fresh = problem(20, 9, 4, 3);
        return new HostMatrix[] {fresh[0], fresh[1], withGradient[2]};
    }

    @Test
    void failuresNameLayerPathAndTheLowestNeuron() {
        for (SolverPath path : PATHS) {
            HostMatrix[] pr = problem(12, 6, 5, 8);
            pr[1].set(4, 3, Double.NaN);
            pr[1].set(2, 4, Double.NaN);
            NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class, () -> run(
                    new CpuFusedSolver("q1", new SolverOptions(Precision.F64, false, false, path), POOL), pr, 0.01,
                    new double[6][5]));
            assertEquals(3, e.index());
            assertTrue(e.getMessage().startsWith("layer q1 (" + path.id() + "): block of neuron 3"), e.getMessage());
            HostMatrix[] bad = problem(12, 6, 5, 8);
            bad[2].set(0, 2, Double.NaN);
            NotPositiveDefiniteException f = assertThrows(NotPositiveDefiniteException.class, () -> run(
                    new CpuFusedSolver("p0", new SolverOptions(Precision.F64, false, false, path), POOL), bad, 0.01,
                    new double[6][5]));
            assertEquals(2, f.index());
            assertTrue(f.getMessage().contains("not finite"), f.getMessage());
        }
    }

    @Test
    void thePathRuleFollowsTheCostModel() {
        // MNIST reference sizes, N = 160 (q0: 32 merged rows)
        assertEquals(SolverPath.DUAL, PathRule.choose(160, 201, 784));
        assertEquals(SolverPath.DUAL, PathRule.choose(32, 785, 200));
        assertEquals(SolverPath.PRIMAL, PathRule.choose(160, 11, 200));
        assertEquals(SolverPath.PRIMAL, PathRule.choose(160, 1, 10));
        // large batch: N = 10240 rows against d = 201
        assertEquals(SolverPath.PRIMAL, PathRule.choose(10240, 201, 200));
    }
}
