package org.nrws.solver;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nrws.host.HostMatrix;
import org.nrws.host.Precision;
import org.nrws.host.WorkerPool;
import org.nrws.testing.Dense;

/**
 * The approximate Fisher solvers: each equals the exact solver where it must, and each agrees
 * with a dense solve of its own approximate block to 1e-9 (with and without running averages,
 * exact and factored damping).
 */
class ApproximationsTest {

    private static final WorkerPool POOL = new WorkerPool(2);

    @AfterAll
    static void close() {
        POOL.close();
    }

    private static HostMatrix solve(NaturalGradientSolver s, HostMatrix[] pr, double alpha) {
        HostMatrix out = HostMatrix.allocate(Precision.F64, pr[2].rows(), pr[2].cols());
        s.refresh(new LayerSamples("t", pr[0], pr[1]), alpha, pr[2], out);
        return out;
    }

    private static NaturalGradientSolver approx(Approximation a, KfacOptions o) {
        return ApproximateSolvers.factory(a, o).create("t", SolverOptions.defaults());
    }

    private static NaturalGradientSolver exact() {
        return new CpuFusedSolver("t", SolverOptions.defaults(), POOL);
    }

    private static double err(HostMatrix a, HostMatrix b) {
        return Dense.relativeError(SolverAgreementTest.matrix(a), SolverAgreementTest.matrix(b));
    }

    @Test
    void kfacAndFoofAreExactWhenEveryCurvatureIsTheSame() {
        HostMatrix[] pr = SolverAgreementTest.problem(25, 8, 4, 5);
        int n = pr[0].rows();
        pr[1].fill(0.2 / n);                    // c = 0.2 for every row and unit
        assertTrue(err(solve(approx(Approximation.KFAC, KfacOptions.defaults()), pr, 0.03), solve(exact(), pr, 0.03)) < 1e-9);
        pr[1].fill(1.0 / n);                    // c = 1: F_i = A exactly
        assertTrue(err(solve(approx(Approximation.FOOF, KfacOptions.defaults()), pr, 0.03), solve(exact(), pr, 0.03)) < 1e-9);
    }

    @Test
    void diagonalIsExactWhenTheInputsAreOrthogonal() {
        HostMatrix[] pr = SolverAgreementTest.problem(24, 6, 5, 6);
        for (int r = 0; r < 24; r++) {
            for (int j = 0; j < 6; j++) {
                pr[0].set(r, j, j == r % 6 ? 1 : 0);     // one-hot rows: the columns of U are orthogonal
            }
        }
        assertTrue(err(solve(approx(Approximation.DIAGONAL, KfacOptions.defaults()), pr, 0.05), solve(exact(), pr, 0.05))
                < 1e-9);
    }

    /** A (upper and lower), E[c], from the samples, densely. */
    private static double[][] factorA(HostMatrix u) {
        int n = u.rows();
        int d = u.cols();
        double[][] a = new double[d][d];
        for (int j = 0; j < d; j++) {
            for (int k = 0; k < d; k++) {
                for (int r = 0; r < n; r++) {
                    a[j][k] += u.get(r, j) * u.get(r, k) / n;
                }
            }
        }
        return a;
    }

    private static double[] meanC(HostMatrix c) {
        double[] e = new double[c.cols()];
        for (int r = 0; r < c.rows(); r++) {
            for (int i = 0; i < c.cols(); i++) {
                e[i] += c.get(r, i);
            }
        }
        return e;
    }

    /** (1 + alpha) B_i^{-1} g_i with B_i = shift_i I + scale_i A (dense). */
    private static double[][] dense(double[][] a, HostMatrix g, double[] shift, double[] scale, double alpha) {
        int d = a.length;
        int m = g.cols();
        double[][] out = new double[d][m];
        for (int i = 0; i < m; i++) {
            double[][] b = new double[d][d];
            double[] gi = new double[d];
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    b[j][k] = scale[i] * a[j][k] + (j == k ? shift[i] : 0);
                }
                gi[j] = g.get(j, i);
            }
            double[] x = Dense.solve(b, gi);
            for (int j = 0; j < d; j++) {
                out[j][i] = (1 + alpha) * x[j];
            }
        }
        return out;
    }

    @Test
    void eachAgreesWithADenseSolveOfItsBlock() {
        blocksAgree(30, 7, 5);       // more rows than inputs: full eigendecomposition of A
        blocksAgree(5, 12, 4);       // fewer rows than inputs: K-FAC's low-rank path
    }

    private static void blocksAgree(int rows, int d, int units) {
        HostMatrix[] pr = SolverAgreementTest.problem(rows, d, units, 9);
        double alpha = 0.02;
        double[][] a = factorA(pr[0]);
        double[] e = meanC(pr[1]);
        int m = e.length;
        double[] shift = new double[m];
        double[] one = new double[m];
        java.util.Arrays.fill(shift, alpha);
        java.util.Arrays.fill(one, 1.0);
        // K-FAC, exact damping: alpha I + E[c_i] A
        double[][] kfac = dense(a, pr[2], shift, e, alpha);
        assertTrue(Dense.relativeError(SolverAgreementTest.matrix(solve(approx(Approximation.KFAC, KfacOptions.defaults()),
                pr, alpha)), kfac) < 1e-9, "kfac");
        // K-FAC, factored damping: (A + pi g I) (E[c_i] + g / pi), g = sqrt(alpha)
        double gamma = Math.sqrt(alpha);
        double trA = 0;
        double meanE = 0;
        for (int j = 0; j < a.length; j++) {
            trA += a[j][j];
        }
        for (double v : e) {
            meanE += v / m;
        }
        double pi = Math.sqrt((trA / a.length) / meanE);
        double[] fShift = new double[m];
        double[] fScale = new double[m];
        for (int i = 0; i < m; i++) {
            fScale[i] = e[i] + gamma / pi;
            fShift[i] = fScale[i] * pi * gamma;
        }
        double[][] factored = dense(a, pr[2], fShift, fScale, alpha);
        assertTrue(Dense.relativeError(SolverAgreementTest.matrix(solve(approx(Approximation.KFAC,
                new KfacOptions(true, 0)), pr, alpha)), factored) < 1e-9, "kfac factored");
        // FOOF: alpha I + A
        double[][] foof = dense(a, pr[2], shift, one, alpha);
        assertTrue(Dense.relativeError(SolverAgreementTest.matrix(solve(approx(Approximation.FOOF, KfacOptions.defaults()),
                pr, alpha)), foof) < 1e-9, "foof");
        // diagonal: alpha + sum_n c_{n,i} u_{n,j}^2
        HostMatrix diag = solve(approx(Approximation.DIAGONAL, KfacOptions.defaults()), pr, alpha);
        double worst = 0;
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < m; i++) {
                double dj = alpha;
                for (int r = 0; r < rows; r++) {
                    dj += pr[1].get(r, i) * pr[0].get(r, j) * pr[0].get(r, j);
                }
                worst = Math.max(worst, Math.abs(diag.get(j, i) - (1 + alpha) * pr[2].get(j, i) / dj));
            }
        }
        assertTrue(worst < 1e-12, "diagonal " + worst);
    }

    @Test
    void runningAveragesMixTheFactorsOfSuccessiveRefreshes() {
        HostMatrix[] first = SolverAgreementTest.problem(30, 6, 4, 1);
        HostMatrix[] second = SolverAgreementTest.problem(30, 6, 4, 2);
        double decay = 0.7;
        NaturalGradientSolver s = approx(Approximation.KFAC, new KfacOptions(false, decay));
        solve(s, first, 0.05);
        HostMatrix out = solve(s, second, 0.05);
        double[][] a1 = factorA(first[0]);
        double[][] a2 = factorA(second[0]);
        double[] e1 = meanC(first[1]);
        double[] e2 = meanC(second[1]);
        double[][] a = new double[6][6];
        double[] e = new double[4];
        for (int j = 0; j < 6; j++) {
            for (int k = 0; k < 6; k++) {
                a[j][k] = decay * a1[j][k] + (1 - decay) * a2[j][k];
            }
        }
        double[] shift = new double[4];
        for (int i = 0; i < 4; i++) {
            e[i] = decay * e1[i] + (1 - decay) * e2[i];
            shift[i] = 0.05;
        }
        assertTrue(Dense.relativeError(SolverAgreementTest.matrix(out), dense(a, second[2], shift, e, 0.05)) < 1e-9);
        assertThrows(IllegalArgumentException.class, () -> new KfacOptions(false, 1.0));
    }
}
