package org.nrws.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.openblas.global.openblas;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nrws.random.RandomSource;
import org.nrws.testing.Dense;

/**
 * The LAPACK batched Cholesky against the pure-Java reference and against a dense Gaussian
 * elimination, in float64 and float32, and the failure contract of both.
 */
class BatchedCholeskyTest {

    private static final LapackBatchedCholesky LAPACK = new LapackBatchedCholesky(2);
    private static final PureJavaCholesky PURE = new PureJavaCholesky();

    /*
     * Tolerances. The test matrices are B B^T / n + 0.1 I with B standard normal, whose eigenvalues
     * lie in [0.1, ~4.1] (Marchenko-Pastur), so the condition number is kappa <~ 41. Cholesky is
     * backward stable; the relative forward error of a solve is bounded by about 3 n eps kappa:
     * float64 (eps 1.1e-16), n = 64: ~1e-12, so 1e-10 leaves a margin of 100; float32 (eps 6e-8),
     * n = 64: ~5e-4, so 2e-3. The float32 inputs are rounded to float first and the oracle solves
     * that rounded system, so the tolerance measures the arithmetic only.
     */
    private static final double TOL64 = 1e-10;
    private static final double TOL32 = 2e-3;

    @AfterAll
    static void close() {
        LAPACK.close();
    }

    static Stream<Arguments> cases() {
        return Stream.of(DataType.DOUBLE, DataType.FLOAT).flatMap(t -> Stream.of(
                Arguments.of(t, 1, 1), Arguments.of(t, 7, 3), Arguments.of(t, 64, 1), Arguments.of(t, 64, 5),
                Arguments.of(t, 33, 2)));
    }

    @ParameterizedTest(name = "{0} n={1} r={2}")
    @MethodSource("cases")
    void lapackAndPureJavaAgreeWithDenseSolve(DataType dtype, int n, int r) {
        int m = 9;
        RandomSource rng = RandomSource.of(31L * n + r);
        double[][][] a = new double[m][][];
        double[][][] b = new double[m][][];
        for (int i = 0; i < m; i++) {
            a[i] = round(Dense.randomSpd(n, 0.1, rng), dtype);
            b[i] = round(Dense.gaussian(n, r, rng), dtype);
        }
        double tol = dtype == DataType.DOUBLE ? TOL64 : TOL32;
        double[][][] lapackFactor = null;
        for (BatchedCholesky impl : List.of(LAPACK, PURE)) {
            INDArray at = Dense.tensor(a, dtype);
            INDArray bt = Dense.tensor(b, dtype);
            INDArray at2 = at.dup();
            INDArray bt2 = bt.dup();
            impl.factor(at, "test");
            impl.solve(at, bt, "test");
            impl.factorAndSolve(at2, bt2, "test");
            assertEquals(bt, bt2, impl.name() + ": factorAndSolve = factor then solve");
            double[][][] factors = Dense.slices(at);
            double[][][] x = Dense.slices(bt);
            for (int i = 0; i < m; i++) {
                double[][] expected = Dense.solve(a[i], b[i]);
                assertTrue(Dense.relativeError(x[i], expected) <= tol, impl.name() + " slice " + i + ": error "
                        + Dense.relativeError(x[i], expected));
                // L L^T reproduces A (lower triangle only is specified)
                double[][] l = lower(factors[i]);
                assertTrue(Dense.relativeError(multiplyTransposed(l), a[i]) <= tol, impl.name() + " L L^T, slice " + i);
            }
            if (lapackFactor == null) {
                lapackFactor = factors;
            } else {
                for (int i = 0; i < m; i++) {
                    assertTrue(Dense.relativeError(lower(lapackFactor[i]), lower(factors[i])) <= tol,
                            "LAPACK and pure-Java factors differ in slice " + i);
                }
            }
        }
    }

    @Test
    void nonPositiveDefiniteBlockIsNamed() {
        for (BatchedCholesky impl : List.of(LAPACK, PURE)) {
            double[][][] a = spdBatch(6, 5, 1);
            for (int j = 0; j < 5; j++) {
                for (int k = 0; k < 5; k++) {
                    a[3][j][k] = j == k ? -1 : 0;      // negative definite
                }
            }
            NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                    () -> impl.factor(Dense.tensor(a, DataType.DOUBLE), "layer p0 (primal)"), impl.name());
            assertEquals(3, e.index());
            assertEquals("layer p0 (primal)", e.context());
            assertTrue(e.getMessage().contains("layer p0 (primal)") && e.getMessage().contains("neuron 3")
                    && e.getMessage().contains("leading minor 1"), e.getMessage());
        }
    }

    @Test
    void indefiniteBlockReportsTheFailingMinor() {
        double[][][] a = spdBatch(4, 6, 2);
        a[2][4][4] = -50;                                  // the 5th leading minor turns negative
        for (BatchedCholesky impl : List.of(LAPACK, PURE)) {
            NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                    () -> impl.factor(Dense.tensor(a, DataType.FLOAT), "ctx"));
            assertEquals(2, e.index());
            assertTrue(e.getMessage().contains("leading minor 5"), e.getMessage());
        }
    }

    @Test
    void theLowestFailingSliceIsReported() {
        double[][][] a = spdBatch(40, 8, 3);
        for (int s : new int[] {31, 7, 23}) {
            a[s][0][0] = -1;
        }
        for (int rep = 0; rep < 5; rep++) {
            NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                    () -> LAPACK.factor(Dense.tensor(a, DataType.DOUBLE), "ctx"));
            assertEquals(7, e.index());
        }
    }

    @Test
    void nanInTheBlockIsNamed() {
        for (DataType t : List.of(DataType.DOUBLE, DataType.FLOAT)) {
            for (BatchedCholesky impl : List.of(LAPACK, PURE)) {
                double[][][] a = spdBatch(5, 6, 4);
                a[2][3][1] = Double.NaN;                       // lower triangle of slice 2
                NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                        () -> impl.factor(Dense.tensor(a, t), "layer q1 (dual)"), impl.name() + " " + t);
                assertEquals(2, e.index());
                assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("layer q1 (dual)")
                        && e.getMessage().contains("neuron 2"), e.getMessage());
            }
        }
    }

    @Test
    void infiniteDiagonalIsNamed() {
        for (BatchedCholesky impl : List.of(LAPACK, PURE)) {
            double[][][] a = spdBatch(3, 4, 5);
            a[1][0][0] = Double.POSITIVE_INFINITY;
            NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                    () -> impl.factor(Dense.tensor(a, DataType.DOUBLE), "ctx"), impl.name());
            assertEquals(1, e.index());
        }
    }

    @Test
    void factorAndSolveNamesTheFailingSlice() {
        double[][][] a = spdBatch(7, 5, 12);
        a[4][2][2] = -3;
        NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                () -> LAPACK.factorAndSolve(Dense.tensor(a, DataType.DOUBLE), Nd4j.ones(DataType.DOUBLE, 7, 5, 1), "layer q0 (dual)"));
        assertEquals(4, e.index());
        INDArray b = Nd4j.ones(DataType.FLOAT, 7, 5, 2);
        b.putScalar(new long[] {6, 0, 1}, Float.NaN);
        NotPositiveDefiniteException f = assertThrows(NotPositiveDefiniteException.class,
                () -> LAPACK.factorAndSolve(Dense.tensor(spdBatch(7, 5, 13), DataType.FLOAT), b, "ctx"));
        assertEquals(6, f.index());
    }

    @Test
    void nanRightHandSideIsNamed() {
        for (BatchedCholesky impl : List.of(LAPACK, PURE)) {
            INDArray a = Dense.tensor(spdBatch(6, 4, 6), DataType.DOUBLE);
            impl.factor(a, "ctx");
            INDArray b = Nd4j.ones(DataType.DOUBLE, 6, 4, 2);
            b.putScalar(new long[] {4, 2, 1}, Double.NaN);
            NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                    () -> impl.solve(a, b, "layer p1 (dual)"), impl.name());
            assertEquals(4, e.index());
            assertTrue(e.getMessage().contains("not finite") && e.getMessage().contains("layer p1 (dual)"), e.getMessage());
        }
    }

    @Test
    void openBlasThreadCountIsRestored() {
        int before = openblas.blas_get_num_threads();
        LAPACK.factor(Dense.tensor(spdBatch(8, 10, 7), DataType.DOUBLE), "ctx");
        assertEquals(before, openblas.blas_get_num_threads());
        double[][][] bad = spdBatch(8, 10, 7);
        bad[5][0][0] = -1;
        assertThrows(NotPositiveDefiniteException.class, () -> LAPACK.factor(Dense.tensor(bad, DataType.DOUBLE), "ctx"));
        assertEquals(before, openblas.blas_get_num_threads());
    }

    @Test
    void viewsOfALargerTensorAreFactoredInPlace() {
        double[][][] a = spdBatch(12, 6, 8);
        INDArray big = Dense.tensor(a, DataType.DOUBLE);
        INDArray before = big.dup();
        INDArray view = big.get(NDArrayIndex.interval(3, 9), NDArrayIndex.all(), NDArrayIndex.all());
        LAPACK.factor(view, "view");
        INDArray expected = before.get(NDArrayIndex.interval(3, 9), NDArrayIndex.all(), NDArrayIndex.all()).dup();
        PURE.factor(expected, "copy");
        for (int i = 0; i < 6; i++) {
            assertTrue(Dense.relativeError(lower(Dense.slices(view)[i]), lower(Dense.slices(expected)[i])) < 1e-12);
        }
        assertEquals(before.get(NDArrayIndex.interval(0, 3), NDArrayIndex.all(), NDArrayIndex.all()),
                big.get(NDArrayIndex.interval(0, 3), NDArrayIndex.all(), NDArrayIndex.all()), "slices before the view untouched");
        assertEquals(before.get(NDArrayIndex.interval(9, 12), NDArrayIndex.all(), NDArrayIndex.all()),
                big.get(NDArrayIndex.interval(9, 12), NDArrayIndex.all(), NDArrayIndex.all()), "slices after the view untouched");
    }

    @Test
    void layoutViolationsAreRejected() {
        INDArray fOrder = Dense.tensor(spdBatch(3, 4, 9), DataType.DOUBLE).dup('f');
        assertThrows(IllegalArgumentException.class, () -> LAPACK.factor(fOrder, "ctx"));
        INDArray a = Dense.tensor(spdBatch(3, 4, 9), DataType.DOUBLE);
        LAPACK.factor(a, "ctx");
        INDArray floatRhs = Nd4j.ones(DataType.FLOAT, 3, 4, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LAPACK.solve(a, floatRhs, "ctx"));
        assertTrue(e.getMessage().contains("mix"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LAPACK.solve(a, Nd4j.ones(DataType.DOUBLE, 3, 5, 1), "ctx"));
        assertThrows(IllegalArgumentException.class, () -> LAPACK.factor(Nd4j.ones(DataType.DOUBLE, 3, 4, 5), "ctx"));
    }

    @Test
    void singleMatrixAndSingleThreadBatchesWork() {
        double[][][] a = spdBatch(1, 50, 10);
        INDArray t = Dense.tensor(a, DataType.DOUBLE);
        LAPACK.factor(t, "one");
        INDArray b = Nd4j.ones(DataType.DOUBLE, 1, 50, 1);
        LAPACK.solve(t, b, "one");
        double[][] ones = new double[50][1];
        for (double[] row : ones) {
            row[0] = 1;
        }
        assertTrue(Dense.relativeError(Dense.slices(b)[0], Dense.solve(a[0], ones)) < TOL64);
        try (LapackBatchedCholesky serial = new LapackBatchedCholesky(1)) {
            double[][][] many = spdBatch(5, 9, 11);
            INDArray x = Dense.tensor(many, DataType.DOUBLE);
            INDArray y = x.dup();
            serial.factor(x, "serial");
            LAPACK.factor(y, "parallel");
            for (int i = 0; i < 5; i++) {
                assertEquals(0.0, Dense.relativeError(lower(Dense.slices(x)[i]), lower(Dense.slices(y)[i])), 0.0);
            }
        }
    }

    @Test
    void theTensorSolverGetsLapackOnThisMachine() {
        assertInstanceOf(LapackBatchedCholesky.class, BatchedCholeskies.best());
    }

    /** A batch of random SPD matrices. */
    private static double[][][] spdBatch(int m, int n, long seed) {
        RandomSource rng = RandomSource.of(seed);
        double[][][] a = new double[m][][];
        for (int i = 0; i < m; i++) {
            a[i] = Dense.randomSpd(n, 0.1, rng);
        }
        return a;
    }

    private static double[][] round(double[][] a, DataType t) {
        if (t == DataType.DOUBLE) {
            return a;
        }
        double[][] r = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                r[i][j] = (float) a[i][j];
            }
        }
        return r;
    }

    private static double[][] lower(double[][] a) {
        double[][] l = new double[a.length][a.length];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, l[i], 0, i + 1);
        }
        return l;
    }

    private static double[][] multiplyTransposed(double[][] l) {
        int n = l.length;
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += l[i][k] * l[j][k];
                }
                out[i][j] = s;
            }
        }
        return out;
    }
}
