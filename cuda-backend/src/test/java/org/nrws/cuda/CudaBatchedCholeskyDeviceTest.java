package org.nrws.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nrws.backend.BackendSelection;
import org.nrws.backend.BackendSelector;
import org.nrws.backend.LayerEstimate;
import org.nrws.backend.MemoryBudget;
import org.nrws.linalg.BatchedCholesky;
import org.nrws.linalg.NotPositiveDefiniteException;

/**
 * CPU&lt;-&gt;CUDA agreement of the batched Cholesky: the cuSOLVER factors and cuBLAS solves against
 * the pure-Java reference, float64 relative error &le; 1e-8. Needs a CUDA device (-Pcuda on a GPU
 * host); reported as skipped otherwise.
 */
class CudaBatchedCholeskyDeviceTest {

    private static final double F64_TOLERANCE = 1e-8;

    private BatchedCholesky cuda;

    @BeforeEach
    void device() {
        CudaTestSupport.assumeDevice();
        cuda = new CudaCholeskyProvider().create();
    }

    /** Row-major [m, n, n] SPD batch with NaN in every strict upper triangle (which must not be read). */
    private static double[] batch(int m, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] a = new double[m * n * n];
        for (int s = 0; s < m; s++) {
            double[][] spd = ColumnMajorPlanTest.randomSpd(n, rnd);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    a[s * n * n + i * n + j] = j <= i ? spd[i][j] : Double.NaN;
                }
            }
        }
        return a;
    }

    private static double[] random(int len, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] b = new double[len];
        for (int i = 0; i < len; i++) {
            b[i] = rnd.nextDouble() * 2 - 1;
        }
        return b;
    }

    /** max |x - y| / max |y| over the lower triangles (or all elements when n = 0). */
    private static double relativeLower(double[] x, double[] y, int m, int n) {
        double num = 0;
        double den = 0;
        for (int s = 0; s < m; s++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    int k = s * n * n + i * n + j;
                    num = Math.max(num, Math.abs(x[k] - y[k]));
                    den = Math.max(den, Math.abs(y[k]));
                }
            }
        }
        return num / den;
    }

    private static double relative(double[] x, double[] y) {
        double num = 0;
        double den = 0;
        for (int k = 0; k < x.length; k++) {
            num = Math.max(num, Math.abs(x[k] - y[k]));
            den = Math.max(den, Math.abs(y[k]));
        }
        return num / den;
    }

    @Test
    void factorAndSolveAgreeWithPureJavaInFloat64() {
        // shapes of the real layers: p1/q1 (201), q0 (785), top layer (11), and edge cases
        int[][] shapes = {{1, 1}, {3, 7}, {64, 33}, {200, 201}, {10, 785}, {200, 11}};
        for (int[] sh : shapes) {
            int m = sh[0];
            int n = sh[1];
            double[] host = batch(m, n, 17L * m + n);
            INDArray a = Nd4j.createFromArray(host).reshape('c', m, n, n);
            cuda.factor(a, "agreement " + m + "x" + n);
            double[] ref = ReferenceCholesky.factor(host, m, n, "reference");
            double err = relativeLower(ReferenceCholesky.host(a), ref, m, n);
            assertTrue(err <= F64_TOLERANCE, "factor [" + m + "," + n + "," + n + "] relative error " + err);

            for (int r : new int[] {1, 3}) {
                double[] bHost = random(m * n * r, 5L * m + r);
                INDArray b = Nd4j.createFromArray(bHost).reshape('c', m, n, r);
                cuda.solve(a, b, "agreement solve r=" + r);
                double[] x = ReferenceCholesky.solve(ref, bHost, m, n, r);
                double errX = relative(ReferenceCholesky.host(b), x);
                assertTrue(errX <= F64_TOLERANCE, "solve [" + m + "," + n + "," + r + "] relative error " + errX);
            }
        }
    }

    @Test
    void float32AgreesToSinglePrecision() {
        int m = 50;
        int n = 201;
        double[] host = batch(m, n, 99);
        INDArray a = Nd4j.createFromArray(host).reshape('c', m, n, n).castTo(DataType.FLOAT);
        cuda.factor(a, "float32");
        double[] ref = ReferenceCholesky.factor(host, m, n, "reference");
        assertTrue(relativeLower(ReferenceCholesky.host(a), ref, m, n) <= 1e-4);
        double[] bHost = random(m * n, 7);
        INDArray b = Nd4j.createFromArray(bHost).reshape('c', m, n, 1).castTo(DataType.FLOAT);
        cuda.solve(a, b, "float32");
        assertTrue(relative(ReferenceCholesky.host(b), ReferenceCholesky.solve(ref, bHost, m, n, 1)) <= 1e-3);
    }

    @Test
    void indefiniteBlockNamesItsNeuron() {
        int m = 10;
        int n = 5;
        double[] host = batch(m, n, 1);
        host[7 * n * n + 2 * n + 2] = -1e6; // neuron 7, pivot 3
        INDArray a = Nd4j.createFromArray(host).reshape('c', m, n, n);
        NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                () -> cuda.factor(a, "layer q0 (primal)"));
        assertEquals(7, e.index());
        assertEquals("layer q0 (primal)", e.context());
        assertTrue(e.getMessage().contains("info=3"), e.getMessage());
    }

    @Test
    void nanBlockNamesItsNeuron() {
        int m = 6;
        int n = 4;
        double[] host = batch(m, n, 2);
        host[3 * n * n + 2 * n + 1] = Double.NaN; // lower triangle of neuron 3
        INDArray a = Nd4j.createFromArray(host).reshape('c', m, n, n);
        NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                () -> cuda.factor(a, "layer p0 (dual)"));
        assertEquals(3, e.index());
    }

    @Test
    void viewsAreFactoredInPlaceAndNeighboursAreUntouched() {
        int n = 9;
        double[] host = batch(6, n, 3);
        INDArray big = Nd4j.createFromArray(host).reshape('c', 6, n, n);
        INDArray view = big.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all(), NDArrayIndex.all());
        cuda.factor(view, "view");
        double[] after = ReferenceCholesky.host(big);
        double[] ref = ReferenceCholesky.factor(host, 6, n, "reference");
        for (int s = 0; s < 6; s++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    int k = s * n * n + i * n + j;
                    double expect = s >= 2 && s < 5 ? ref[k] : host[k];
                    assertEquals(expect, after[k], 1e-10 * (1 + Math.abs(expect)), "slice " + s);
                }
            }
        }
    }

    @Test
    void emptyBatchIsANoOp() {
        cuda.factor(Nd4j.create(DataType.DOUBLE, 0, 3, 3), "empty");
        cuda.solve(Nd4j.create(DataType.DOUBLE, 0, 3, 3), Nd4j.create(DataType.DOUBLE, 0, 3, 1), "empty");
    }

    @Test
    void selectorChoosesCudaAndMeasuresTheDevice() {
        BackendSelection sel = BackendSelector.fromClasspath().select("cuda");
        assertEquals("cuda", sel.backend());
        assertEquals("cusolver-batched", sel.cholesky().name());
        long free = sel.memory().freeBytes();
        assertTrue(free > 0, "free device memory " + free);
        assertTrue(sel.memory().memoryName().startsWith("CUDA device "), sel.memory().memoryName());
        assertEquals("cuda", BackendSelector.fromClasspath().select("auto").backend());
        LayerEstimate small = MemoryBudget.primal("p2", 200, 11, 10240, DataType.DOUBLE, 0);
        MemoryBudget.check(small, sel.memory());
        LayerEstimate huge = MemoryBudget.dual("q0", 200, 785, 1_000_000, DataType.DOUBLE, 0);
        assertThrows(org.nrws.backend.InsufficientMemoryException.class, () -> MemoryBudget.check(huge, sel.memory()));
    }
}
