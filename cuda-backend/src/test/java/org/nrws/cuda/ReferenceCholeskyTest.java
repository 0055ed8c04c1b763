package org.nrws.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.linalg.NotPositiveDefiniteException;

/** The reference the device tests compare against must itself be right. */
class ReferenceCholeskyTest {

    @Test
    void knownFactor() {
        // A = [[4, 2], [2, 10]] = L L^T with L = [[2, 0], [1, 3]]
        double[] l = ReferenceCholesky.factor(new double[] {4, Double.NaN, 2, 10}, 1, 2, "t");
        assertArrayEquals(new double[] {2, 0, 1, 3}, l, 1e-15);
        // A [1.5, 2.3] = [4 * 1.5 + 2 * 2.3, 2 * 1.5 + 10 * 2.3] = [10.6, 26]
        double[] x = ReferenceCholesky.solve(l, new double[] {10.6, 26}, 1, 2, 1);
        assertArrayEquals(new double[] {1.5, 2.3}, x, 1e-14);
    }

    @Test
    void randomBatchesSatisfyTheirEquations() {
        SplittableRandom rnd = new SplittableRandom(3);
        int m = 3;
        int n = 6;
        int r = 2;
        double[] a = new double[m * n * n];
        double[][][] spd = new double[m][][];
        for (int s = 0; s < m; s++) {
            spd[s] = ColumnMajorPlanTest.randomSpd(n, rnd);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    a[s * n * n + i * n + j] = spd[s][i][j];
                }
            }
        }
        double[] b = new double[m * n * r];
        for (int i = 0; i < b.length; i++) {
            b[i] = rnd.nextDouble();
        }
        double[] x = ReferenceCholesky.solve(ReferenceCholesky.factor(a, m, n, "t"), b, m, n, r);
        for (int s = 0; s < m; s++) {
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < r; c++) {
                    double ax = 0;
                    for (int j = 0; j < n; j++) {
                        ax += spd[s][i][j] * x[s * n * r + j * r + c];
                    }
                    assertEquals(b[s * n * r + i * r + c], ax, 1e-12);
                }
            }
        }
    }

    @Test
    void asBatchedCholeskyOnNd4jArrays() {
        ReferenceCholesky chol = new ReferenceCholesky();
        INDArray a = Nd4j.createFromArray(new double[] {4, 99, 2, 10, 9, 0, 0, 1}).reshape('c', 2, 2, 2);
        chol.factor(a, "t");
        assertArrayEquals(new double[] {2, 0, 1, 3, 3, 0, 0, 1}, ReferenceCholesky.host(a), 1e-15);
        INDArray b = Nd4j.createFromArray(new double[] {10.6, 26, 9, 2}).reshape('c', 2, 2, 1);
        chol.solve(a, b, "t");
        assertArrayEquals(new double[] {1.5, 2.3, 1, 2}, ReferenceCholesky.host(b), 1e-14);
        assertEquals("reference-java", chol.name());
        INDArray bad = Nd4j.createFromArray(new double[] {1, 0, 0, 1, 1, 0, 0, -1}).reshape('c', 2, 2, 2).castTo(DataType.DOUBLE);
        NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class, () -> chol.factor(bad, "layer x"));
        assertEquals(1, e.index());
    }
}
