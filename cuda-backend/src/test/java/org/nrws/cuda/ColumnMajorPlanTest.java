package org.nrws.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nrws.cuda.ColumnMajorPlan.TrsmCall;

/**
 * The row-major/column-major trick, checked on the CPU: the plan's potrf and trsm parameters are
 * run by a column-major reference implementation of the BLAS/LAPACK semantics, on a flat c-order
 * buffer addressed through {@link SlicePointers}, and must give A = L L^T in the row-major lower
 * triangle and A X = B.
 */
class ColumnMajorPlanTest {

    private static final long BASE = 1L << 40;

    @Test
    void constantsAreTheCublasEnumValues() {
        // cublas_api.h: FILL_MODE_LOWER 0 / UPPER 1, SIDE_LEFT 0 / RIGHT 1, OP_N 0 / T 1, DIAG_NON_UNIT 0
        assertEquals(1, ColumnMajorPlan.POTRF_UPLO);
        List<TrsmCall> calls = ColumnMajorPlan.solve(7, 3);
        assertEquals(new TrsmCall(1, 1, 0, 0, 3, 7, 7, 3), calls.get(0));
        assertEquals(new TrsmCall(1, 1, 1, 0, 3, 7, 7, 3), calls.get(1));
        assertEquals(7, ColumnMajorPlan.lda(7));
    }

    @Test
    void factorAndSolveThroughThePlan() {
        for (int[] c : new int[][] {{4, 6, 1}, {3, 5, 3}, {2, 1, 1}, {1, 9, 4}}) {
            run(c[0], c[1], c[2], c[0] * 31L + c[1]);
        }
    }

    private static void run(int m, int n, int r, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][][] spd = new double[m][][];
        double[] a = new double[m * n * n];
        for (int s = 0; s < m; s++) {
            spd[s] = randomSpd(n, rnd);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    // row-major; the strict upper triangle holds garbage that must be neither read nor written
                    a[s * n * n + i * n + j] = j <= i ? spd[s][i][j] : Double.NaN;
                }
            }
        }
        double[][][] rhs = new double[m][n][r];
        double[] b = new double[m * n * r];
        for (int s = 0; s < m; s++) {
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < r; k++) {
                    rhs[s][i][k] = rnd.nextDouble() * 2 - 1;
                    b[s * n * r + i * r + k] = rhs[s][i][k];
                }
            }
        }
        long[] aPtr = SlicePointers.offsets(BASE, m, n, 8);
        long[] bPtr = SlicePointers.offsets(BASE, m, n, r, 8);

        int lda = ColumnMajorPlan.lda(n);
        for (int s = 0; s < m; s++) {
            int info = potrfColumnMajor(ColumnMajorPlan.POTRF_UPLO, n, a, index(aPtr[s]), lda);
            assertEquals(0, info);
        }
        for (int s = 0; s < m; s++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double v = a[s * n * n + i * n + j];
                    if (j > i) {
                        assertTrue(Double.isNaN(v), "strict upper triangle was written");
                    }
                }
                for (int j = 0; j <= i; j++) {
                    double llt = 0;
                    for (int k = 0; k <= j; k++) {
                        llt += a[s * n * n + i * n + k] * a[s * n * n + j * n + k];
                    }
                    assertEquals(spd[s][i][j], llt, 1e-12 * (1 + Math.abs(spd[s][i][j])), "L L^T != A");
                }
            }
        }
        for (TrsmCall c : ColumnMajorPlan.solve(n, r)) {
            for (int s = 0; s < m; s++) {
                trsmColumnMajor(c, 1.0, a, index(aPtr[s]), b, index(bPtr[s]));
            }
        }
        for (int s = 0; s < m; s++) {
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < r; k++) {
                    double ax = 0;
                    for (int j = 0; j < n; j++) {
                        ax += spd[s][i][j] * b[s * n * r + j * r + k];
                    }
                    assertEquals(rhs[s][i][k], ax, 1e-10, "A X != B at slice " + s);
                }
            }
        }
    }

    private static int index(long address) {
        long bytes = address - BASE;
        assertEquals(0, bytes % 8);
        return (int) (bytes / 8);
    }

    static double[][] randomSpd(int n, SplittableRandom rnd) {
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                g[i][j] = rnd.nextDouble() * 2 - 1;
            }
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = i == j ? n : 0;
                for (int k = 0; k < n; k++) {
                    s += g[i][k] * g[j][k];
                }
                a[i][j] = s;
            }
        }
        return a;
    }

    /**
     * LAPACK potrf semantics, column-major: element (p, q) at off + p + q * lda. UPPER: A = U^T U,
     * reads and writes the upper triangle only. LOWER: A = L L^T, lower triangle only.
     */
    static int potrfColumnMajor(int uplo, int n, double[] x, int off, int lda) {
        boolean upper = uplo == 1;
        for (int j = 0; j < n; j++) {
            double d = x[off + j + j * lda];
            for (int k = 0; k < j; k++) {
                double t = upper ? x[off + k + j * lda] : x[off + j + k * lda];
                d -= t * t;
            }
            if (!(d > 0)) {
                return j + 1;
            }
            d = Math.sqrt(d);
            x[off + j + j * lda] = d;
            for (int i = j + 1; i < n; i++) {
                double s = upper ? x[off + j + i * lda] : x[off + i + j * lda];
                for (int k = 0; k < j; k++) {
                    s -= upper ? x[off + k + j * lda] * x[off + k + i * lda] : x[off + i + k * lda] * x[off + j + k * lda];
                }
                if (upper) {
                    x[off + j + i * lda] = s / d;
                } else {
                    x[off + i + j * lda] = s / d;
                }
            }
        }
        return 0;
    }

    /** BLAS trsm semantics, column-major, any side/uplo/trans, non-unit diagonal; overwrites B with X. */
    static void trsmColumnMajor(TrsmCall c, double alpha, double[] x, int aOff, double[] y, int bOff) {
        boolean right = c.side() == 1;
        boolean upper = c.uplo() == 1;
        boolean trans = c.trans() == 1;
        int k = right ? c.n() : c.m();
        // effective triangular matrix T = op(A): T(i, j) = trans ? A(j, i) : A(i, j); T is upper iff upper != trans
        double[][] t = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                boolean stored = upper ? i <= j : i >= j;
                double aij = stored ? x[aOff + i + j * c.lda()] : 0.0;
                if (trans) {
                    t[j][i] = aij;
                } else {
                    t[i][j] = aij;
                }
            }
        }
        boolean tUpper = upper != trans;
        for (int row = 0; row < (right ? c.m() : 1); row++) {
            for (int col = 0; col < (right ? 1 : c.n()); col++) {
                double[] v = new double[k];
                for (int i = 0; i < k; i++) {
                    v[i] = alpha * (right ? y[bOff + row + i * c.ldb()] : y[bOff + i + col * c.ldb()]);
                }
                // right: solve z T = v, i.e. T^T z^T = v^T (T^T is lower iff T is upper); left: T z = v
                boolean lowerSystem = right == tUpper;
                double[] z = new double[k];
                if (lowerSystem) {
                    for (int i = 0; i < k; i++) {
                        double s = v[i];
                        for (int j = 0; j < i; j++) {
                            s -= (right ? t[j][i] : t[i][j]) * z[j];
                        }
                        z[i] = s / t[i][i];
                    }
                } else {
                    for (int i = k - 1; i >= 0; i--) {
                        double s = v[i];
                        for (int j = i + 1; j < k; j++) {
                            s -= (right ? t[j][i] : t[i][j]) * z[j];
                        }
                        z[i] = s / t[i][i];
                    }
                }
                for (int i = 0; i < k; i++) {
                    if (right) {
                        y[bOff + row + i * c.ldb()] = z[i];
                    } else {
                        y[bOff + i + col * c.ldb()] = z[i];
                    }
                }
            }
        }
    }
}
