package org.nrws.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.linalg.BatchedCholesky;
import org.nrws.linalg.LapackBatchedCholesky;
import org.nrws.linalg.NotPositiveDefiniteException;
import org.nrws.linalg.PureJavaCholesky;
import org.nrws.random.RandomSource;
import org.nrws.testing.Dense;

/**
 * The Fisher-block algebra against plain-Java definitions: the primal and dual tensors, the
 * preconditioned direction on both paths, the prior's closed form, float32 against float64, the
 * limits of the damping, row weights, the path rule, and error naming.
 */
class FisherBlocksTest {

    private static final LapackBatchedCholesky LAPACK = new LapackBatchedCholesky(2);

    @AfterAll
    static void close() {
        LAPACK.close();
    }

    /** Random binary inputs with a last column of ones, clipped-range probabilities and a gradient. */
    private record Problem(double[][] u, double[][] pi, double[][] g) {

        static Problem random(int n, int d, int m, long seed) {
            RandomSource r = RandomSource.of(seed);
            double[][] u = new double[n][d];
            double[][] pi = new double[n][m];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d - 1; j++) {
                    u[i][j] = r.nextDouble() < 0.4 ? 1 : 0;
                }
                u[i][d - 1] = 1;
                for (int k = 0; k < m; k++) {
                    pi[i][k] = 0.02 + 0.96 * r.nextDouble();
                }
            }
            return new Problem(u, pi, Dense.gaussian(d, m, r));
        }

        INDArray uArray() {
            return Nd4j.createFromArray(u);
        }

        INDArray piArray() {
            return Nd4j.createFromArray(pi);
        }

        INDArray gArray() {
            return Nd4j.createFromArray(g);
        }

        /** alpha I + sum_n w_n c_{n,i} u_n u_n^T in plain Java (w = 1/N when null). */
        double[][] block(int i, double alpha, double[] w) {
            int n = u.length;
            int d = u[0].length;
            double[][] f = new double[d][d];
            for (int s = 0; s < n; s++) {
                double c = (w == null ? 1.0 / n : w[s]) * pi[s][i] * (1 - pi[s][i]);
                for (int j = 0; j < d; j++) {
                    for (int k = 0; k < d; k++) {
                        f[j][k] += c * u[s][j] * u[s][k];
                    }
                }
            }
            for (int j = 0; j < d; j++) {
                f[j][j] += alpha;
            }
            return f;
        }

        /** (1 + alpha) (alpha I + F_i)^{-1} g_i for every unit, by Gaussian elimination. */
        double[][] natural(double alpha, double[] w) {
            int d = g.length;
            int m = g[0].length;
            double[][] out = new double[d][m];
            for (int i = 0; i < m; i++) {
                double[] gi = new double[d];
                for (int j = 0; j < d; j++) {
                    gi[j] = g[j][i];
                }
                double[] x = Dense.solve(block(i, alpha, w), gi);
                for (int j = 0; j < d; j++) {
                    out[j][i] = (1 + alpha) * x[j];
                }
            }
            return out;
        }
    }

    @Test
    void primalTensorIsTheDefinition() {
        Problem p = Problem.random(25, 9, 4, 1);
        INDArray f = FisherBlocks.of(p.uArray(), p.piArray(), null, DataType.DOUBLE).primal(0.3);
        double[][][] got = Dense.slices(f);
        for (int i = 0; i < 4; i++) {
            assertTrue(Dense.relativeError(got[i], p.block(i, 0.3, null)) < 1e-13, "unit " + i);
        }
    }

    @Test
    void chunkedPrimalBuildEqualsTheSingleGemm() {
        Problem p = Problem.random(37, 6, 5, 4);
        FisherBlocks fb = FisherBlocks.of(p.uArray(), p.piArray(), null, DataType.DOUBLE);
        double[][][] whole = Dense.slices(fb.primal(0.2));
        for (long scratch : new long[] {36, 5 * 36, 36 * 36}) {   // 1, 5 and 36 rows per chunk
            double[][][] chunked = Dense.slices(fb.primal(0.2, null, scratch));
            for (int i = 0; i < 5; i++) {
                assertTrue(Dense.relativeError(chunked[i], whole[i]) < 1e-14, "scratch " + scratch + ", unit " + i);
            }
        }
    }

    @Test
    void dualTensorIsTheDefinition() {
        Problem p = Problem.random(12, 20, 5, 2);
        double alpha = 0.07;
        INDArray mm = FisherBlocks.of(p.uArray(), p.piArray(), null, DataType.DOUBLE).dual(alpha);
        double[][][] got = Dense.slices(mm);
        int n = 12;
        for (int i = 0; i < 5; i++) {
            double[][] expected = new double[n][n];
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    double gram = 0;
                    for (int j = 0; j < 20; j++) {
                        gram += p.u()[a][j] * p.u()[b][j];
                    }
                    double sa = Math.sqrt(p.pi()[a][i] * (1 - p.pi()[a][i]) / n);
                    double sb = Math.sqrt(p.pi()[b][i] * (1 - p.pi()[b][i]) / n);
                    expected[a][b] = sa * gram * sb + (a == b ? alpha : 0);
                }
            }
            assertTrue(Dense.relativeError(got[i], expected) < 1e-13, "unit " + i);
        }
    }

    @ParameterizedTest(name = "N={0} d={1} m={2} alpha={3}")
    @CsvSource({"30, 20, 7, 0.01", "20, 30, 7, 0.01", "30, 20, 7, 0.5", "20, 30, 7, 0.5", "64, 64, 3, 0.02"})
    void primalAndDualGiveTheSameDirection(int n, int d, int m, double alpha) {
        Problem p = Problem.random(n, d, m, 100L * n + d);
        FisherBlocks fb = FisherBlocks.of(p.uArray(), p.piArray(), null, DataType.DOUBLE);
        INDArray primal = fb.factor(alpha, SolverPath.PRIMAL, LAPACK, "layer t").solve(p.gArray());
        INDArray dual = fb.factor(alpha, SolverPath.DUAL, LAPACK, "layer t").solve(p.gArray());
        for (SolverPath path : List.of(SolverPath.PRIMAL, SolverPath.DUAL)) {
            Factorization.Solved s = fb.factorAndSolve(alpha, path, LAPACK, "layer t", null, p.gArray());
            assertEquals(path == SolverPath.PRIMAL ? primal : dual, s.direction(), "factorAndSolve = factor then solve");
            assertEquals(s.direction(), s.factorization().solve(p.gArray()), "and its factorisation is reusable");
        }
        INDArray reference = Nd4j.createFromArray(p.natural(alpha, null));
        // float64: both are backward-stable solves of systems with condition number
        // (alpha + lambda_max)/alpha <= (0.01 + 0.25 d)/0.01 ~ 750; the dual's cancellation
        // g - U^T S M^-1 S U g is bounded by the same factor. 1e-9 leaves a margin of > 100.
        assertTrue(Dense.relativeError(dual, primal) <= 1e-9, "dual vs primal " + Dense.relativeError(dual, primal));
        assertTrue(Dense.relativeError(primal, reference) <= 1e-9, "primal vs dense " + Dense.relativeError(primal, reference));
        assertTrue(Dense.relativeError(dual, reference) <= 1e-9, "dual vs dense " + Dense.relativeError(dual, reference));
    }

    @Test
    void bothCholeskyImplementationsGiveTheSameDirection() {
        Problem p = Problem.random(15, 12, 6, 3);
        FisherBlocks fb = FisherBlocks.of(p.uArray(), p.piArray(), null, DataType.DOUBLE);
        for (SolverPath path : List.of(SolverPath.PRIMAL, SolverPath.DUAL)) {
            INDArray a = fb.factor(0.05, path, LAPACK, "x").solve(p.gArray());
            INDArray b = fb.factor(0.05, path, new PureJavaCholesky(), "x").solve(p.gArray());
            assertTrue(Dense.relativeError(a, b) < 1e-11, path.id());
        }
    }

    @Test
    void priorBiasHasTheClosedForm() {
        int n = 40;
        int m = 6;
        Problem p = Problem.random(n, 1, m, 4);
        double alpha = 0.01;
        FisherBlocks fb = FisherBlocks.of(p.uArray(), p.piArray(), null, DataType.DOUBLE);
        assertEquals(SolverPath.PRIMAL, PathRule.choose(n, 1, m));
        INDArray got = fb.factor(alpha, LAPACK, "layer p2").solve(p.gArray());
        for (int i = 0; i < m; i++) {
            double meanC = 0;
            for (int s = 0; s < n; s++) {
                meanC += p.pi()[s][i] * (1 - p.pi()[s][i]) / n;
            }
            double expected = (1 + alpha) * p.g()[0][i] / (alpha + meanC);
            assertEquals(expected, got.getDouble(0, i), 1e-12 * Math.abs(expected), "unit " + i);
        }
        // the dual path agrees there too
        INDArray dual = fb.factor(alpha, SolverPath.DUAL, LAPACK, "layer p2").solve(p.gArray());
        assertTrue(Dense.relativeError(dual, got) < 1e-10);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"PRIMAL", "DUAL"})
    void float32AgreesWithFloat64(SolverPath path) {
        Problem p = Problem.random(40, 30, 10, 5);
        double alpha = 0.01;
        INDArray f64 = FisherBlocks.of(p.uArray(), p.piArray(), null, DataType.DOUBLE)
                .factor(alpha, path, LAPACK, "x").solve(p.gArray());
        FisherBlocks fb32 = FisherBlocks.of(p.uArray().castTo(DataType.FLOAT), p.piArray().castTo(DataType.FLOAT), null,
                DataType.FLOAT);
        INDArray f32 = fb32.factor(alpha, path, LAPACK, "x").solve(p.gArray().castTo(DataType.FLOAT));
        assertEquals(DataType.FLOAT, f32.dataType());
        // Stated float32 tolerance: 1e-4 relative (max-norm). The condition number of alpha I + F_i is
        // (alpha + lambda_max) / alpha with lambda_max ~ mean(c) * top eigenvalue of E[u u^T]
        // ~ 0.16 * (0.4^2 * 30) ~ 1 for these inputs, so kappa ~ 100; a backward-stable float32
        // solve (eps 6e-8) then typically loses sqrt(n) kappa eps ~ 4e-5 (measured: ~1e-6).
        double err = Dense.relativeError(f32, f64);
        assertTrue(err <= 1e-4, path + ": float32 vs float64 " + err);
        // a float64 Fisher may precondition a float32 gradient: the result keeps the gradient's type
        INDArray mixed = FisherBlocks.of(p.uArray(), p.piArray(), null, DataType.DOUBLE).factor(alpha, path, LAPACK, "x")
                .solve(p.gArray().castTo(DataType.FLOAT));
        assertEquals(DataType.FLOAT, mixed.dataType());
        assertTrue(Dense.relativeError(mixed, f64) <= 1e-6);
    }

    @Test
    void largeDampingGivesThePlainGradient() {
        Problem p = Problem.random(30, 12, 5, 6);
        FisherBlocks fb = FisherBlocks.of(p.uArray(), p.piArray(), null, DataType.DOUBLE);
        INDArray g = p.gArray();
        // g~ - g = ((1 + a)/(a + lambda) - 1) g = (1 - lambda)/(a + lambda) g in the eigenbasis of F,
        // and lambda <= 0.25 d = 3, so |g~ - g| <= 3 |g| / a.
        for (double alpha : new double[] {1e3, 1e6}) {
            for (SolverPath path : List.of(SolverPath.PRIMAL, SolverPath.DUAL)) {
                INDArray nat = fb.factor(alpha, path, LAPACK, "x").solve(g);
                double rel = nat.sub(g).norm2Number().doubleValue() / g.norm2Number().doubleValue();
                assertTrue(rel <= 3.0 / alpha, path + " alpha " + alpha + ": " + rel);
            }
        }
        // and a small damping really changes the direction (the bound above is not vacuous)
        INDArray nat = fb.factor(0.01, LAPACK, "x").solve(g);
        assertTrue(nat.sub(g).norm2Number().doubleValue() > g.norm2Number().doubleValue());
    }

    @Test
    void rowWeightsEqualReplicatedRows() {
        Problem p = Problem.random(10, 6, 3, 7);
        int[] copies = {1, 3, 2, 1, 1, 4, 1, 2, 1, 1};
        int total = 17;
        double[][] ur = new double[total][];
        double[][] pr = new double[total][];
        double[] w = new double[10];
        for (int i = 0, r = 0; i < 10; i++) {
            w[i] = copies[i] / (double) total;
            for (int c = 0; c < copies[i]; c++, r++) {
                ur[r] = p.u()[i];
                pr[r] = p.pi()[i];
            }
        }
        INDArray weighted = FisherBlocks.of(p.uArray(), p.piArray(), Nd4j.createFromArray(w), DataType.DOUBLE).primal(0);
        INDArray replicated = FisherBlocks.of(Nd4j.createFromArray(ur), Nd4j.createFromArray(pr), null, DataType.DOUBLE)
                .primal(0);
        assertTrue(Dense.relativeError(weighted, replicated) < 1e-14);
        INDArray dirW = FisherBlocks.of(p.uArray(), p.piArray(), Nd4j.createFromArray(w), DataType.DOUBLE)
                .factor(0.1, SolverPath.DUAL, LAPACK, "x").solve(p.gArray());
        assertTrue(Dense.relativeError(dirW, Nd4j.createFromArray(p.natural(0.1, w))) < 1e-10);
    }

    @Test
    void clippingIsAppliedByOfLayer() {
        Problem p = Problem.random(10, 4, 2, 8);
        INDArray pi = p.piArray();
        pi.putScalar(0, 0, 1.0);      // unclipped: c = 0
        pi.putScalar(1, 1, 0.0);
        INDArray before = pi.dup();
        double clip = 1e-3;
        INDArray f = FisherBlocks.ofLayer(p.uArray(), pi, clip, null, DataType.DOUBLE).curvature();
        assertEquals(clip * (1 - clip) / 10, f.getDouble(0, 0), 1e-18);
        assertEquals(clip * (1 - clip) / 10, f.getDouble(1, 1), 1e-18);
        assertEquals(before, pi, "the probabilities are not modified");
    }

    @Test
    void solveDoesNotModifyItsArgumentAndCanBeReused() {
        Problem p = Problem.random(20, 8, 4, 9);
        for (SolverPath path : List.of(SolverPath.PRIMAL, SolverPath.DUAL)) {
            Factorization f = FisherBlocks.of(p.uArray(), p.piArray(), null, DataType.DOUBLE).factor(0.1, path, LAPACK, "x");
            INDArray g = p.gArray();
            INDArray g0 = g.dup();
            INDArray a = f.solve(g);
            assertEquals(g0, g);
            INDArray b = f.solve(g);
            assertEquals(a, b, "a factorisation can be reused");
            INDArray other = g.mul(-2.0);
            assertTrue(Dense.relativeError(f.solve(other), a.mul(-2.0)) < 1e-14, "linear in g");
        }
    }

    @Test
    void recyclingAFactorisationReusesItsStorage() {
        Problem a = Problem.random(20, 8, 4, 11);
        Problem b = Problem.random(20, 8, 4, 12);
        for (SolverPath path : List.of(SolverPath.PRIMAL, SolverPath.DUAL)) {
            Factorization first = FisherBlocks.of(a.uArray(), a.piArray(), null, DataType.DOUBLE).factor(0.1, path, LAPACK, "x");
            INDArray storage = first.factors();
            FisherBlocks fb = FisherBlocks.of(b.uArray(), b.piArray(), null, DataType.DOUBLE);
            Factorization second = fb.factor(0.1, path, LAPACK, "x", first);
            assertTrue(second.factors() == storage, path + ": the storage is reused");
            assertThrows(IllegalStateException.class, () -> first.solve(a.gArray()), "a recycled factorisation is dead");
            INDArray fresh = fb.factor(0.1, path, LAPACK, "x").solve(b.gArray());
            assertEquals(fresh, second.solve(b.gArray()));
            // storage of the wrong shape is not used
            Factorization other = FisherBlocks.of(Problem.random(9, 8, 4, 13).uArray(), Problem.random(9, 8, 4, 13).piArray(),
                    null, DataType.DOUBLE).factor(0.1, SolverPath.DUAL, LAPACK, "x");
            Factorization third = fb.factor(0.1, path, LAPACK, "x", other);
            assertTrue(Dense.relativeError(third.solve(b.gArray()), fresh) < 1e-14);
        }
    }

    @Test
    void thePathRuleFollowsTheFlopCounts() {
        // MNIST 784-200-200-10, B = 32, K = 5 (docs/math.md section 4.4)
        assertEquals(SolverPath.DUAL, PathRule.choose(160, 201, 784));   // p0
        assertEquals(SolverPath.DUAL, PathRule.choose(160, 201, 200));   // p1
        assertEquals(SolverPath.PRIMAL, PathRule.choose(160, 11, 200));  // p2
        assertEquals(SolverPath.PRIMAL, PathRule.choose(160, 1, 10));    // prior
        assertEquals(SolverPath.DUAL, PathRule.choose(160, 785, 200));   // q0
        assertEquals(SolverPath.PRIMAL, PathRule.choose(1000, 201, 200));
        for (long[] s : List.of(new long[] {30, 20, 7}, new long[] {20, 30, 7}, new long[] {500, 100, 50})) {
            boolean dualCheaper = PathRule.dualCost(s[0], s[1], s[2]) <= PathRule.primalCost(s[0], s[1], s[2]);
            assertEquals(dualCheaper ? SolverPath.DUAL : SolverPath.PRIMAL, PathRule.choose(s[0], s[1], s[2]));
        }
    }

    @Test
    void errorsNameTheLayerPathAndNeuron() {
        Problem p = Problem.random(10, 5, 6, 10);
        INDArray pi = p.piArray();
        pi.putScalar(3, 4, Double.NaN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FisherBlocks.of(p.uArray(), pi, null, DataType.DOUBLE));
        assertTrue(e.getMessage().contains("unit 4"), e.getMessage());

        INDArray u = p.uArray();
        u.putScalar(2, 1, Double.NaN);
        for (SolverPath path : List.of(SolverPath.PRIMAL, SolverPath.DUAL)) {
            BatchedCholesky chol = LAPACK;
            NotPositiveDefiniteException x = assertThrows(NotPositiveDefiniteException.class,
                    () -> FisherBlocks.of(u, p.piArray(), null, DataType.DOUBLE).factor(0.01, path, chol, "layer q1"));
            assertEquals("layer q1 (" + path.id() + ")", x.context());
            assertTrue(x.getMessage().contains("neuron 0") && x.getMessage().contains("NaN"), x.getMessage());
        }

        // A parent that is never on leaves its weight's block entry at exactly alpha; a subnormal
        // alpha then makes the solution overflow, which is reported, not returned.
        INDArray zeroColumn = p.uArray();
        zeroColumn.getColumn(2).assign(0);
        Factorization f = FisherBlocks.of(zeroColumn, p.piArray(), null, DataType.DOUBLE)
                .factor(1e-320, SolverPath.PRIMAL, LAPACK, "layer p0");
        NotPositiveDefiniteException y = assertThrows(NotPositiveDefiniteException.class, () -> f.solve(p.gArray()));
        assertTrue(y.getMessage().contains("layer p0 (primal)") && y.getMessage().contains("neuron 0"), y.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> FisherBlocks.of(p.uArray(), p.piArray(), null, DataType.DOUBLE).factor(0.0, SolverPath.DUAL, LAPACK, "x"));
    }
}
