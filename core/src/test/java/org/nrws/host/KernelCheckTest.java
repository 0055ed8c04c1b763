package org.nrws.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The kernels the solvers rely on are right in the test JVM (whose OPENBLAS_CORETYPE the build
 * sets), checked both by {@link KernelCheck} and, independently, through {@link Lapack} against a
 * hand-computed answer.
 */
class KernelCheckTest {

    @Test
    void openBlasKernelsPassTheStartUpCheck() {
        assertDoesNotThrow(KernelCheck::verify);
    }

    /** A 120 x 120 system (above OpenBLAS's unblocked size) solved through potrf + potrs. */
    @Test
    void lapackSolveRecoversAKnownSolution() {
        int n = 120;
        HostMatrix a = HostMatrix.allocate(Precision.F64, n, n);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.cos(i);
            for (int j = 0; j < n; j++) {
                a.set(i, j, (i == j ? n : 0) + 1.0 / (1 + i + j));       // symmetric, diagonally dominant
            }
        }
        HostMatrix b = HostMatrix.allocate(Precision.F64, n, 1);
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += a.get(i, j) * x[j];
            }
            b.set(i, 0, s);
        }
        assertEquals(0, Lapack.potrf(a));
        Lapack.potrs(a, b);
        double[] got = new double[n];
        for (int i = 0; i < n; i++) {
            got[i] = b.get(i, 0);
        }
        assertArrayEquals(x, got, 1e-12);
    }
}
