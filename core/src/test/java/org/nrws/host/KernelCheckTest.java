package org.nrws.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nrws.data.BinaryDataset;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.model.HelmholtzMachine;
import org.nrws.optim.Sgd;
import org.nrws.testing.TinyMachines;
import org.nrws.train.Algorithm;
import org.nrws.train.NaturalGradientOptions;
import org.nrws.train.Trainer;
import org.nrws.train.TrainerConfig;

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

    /** OpenBLAS's kernels again, checked afresh, whatever a test installed. */
    @AfterEach
    void restore() {
        KernelCheck.checkNext(KernelCheck.Kernels.OPENBLAS);
        KernelCheck.verify();
    }

    /** A triangular solve that is off by 1e-6 in one element (a wrong kernel, as on the faulty CPUs). */
    private static final KernelCheck.Kernels WRONG_TRSM = new KernelCheck.Kernels() {
        @Override
        public void trsm(HostMatrix l, HostMatrix b) {
            KernelCheck.Kernels.OPENBLAS.trsm(l, b);
            b.set(7, 2, b.get(7, 2) + 1e-6);
        }
    };

    private static HostMatrix spd(int n) {
        HostMatrix a = HostMatrix.allocate(Precision.F64, n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a.set(i, j, (i == j ? n : 0) + 1.0 / (1 + i + j));
            }
        }
        return a;
    }

    @Test
    void aWrongTriangularKernelStopsTheSolversNamingItAndTheFix() {
        KernelCheck.checkNext(WRONG_TRSM);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Lapack.potrf(spd(30)));
        assertTrue(e.getMessage().contains("dtrsm") && e.getMessage().contains("OPENBLAS_CORETYPE=Haswell"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Lapack.potrf(spd(30)), "and it keeps stopping them");
    }

    @Test
    void aWrongFactorisationKernelStopsTheSolvers() {
        KernelCheck.checkNext(new KernelCheck.Kernels() {
            @Override
            public int potrf(double[] a, int n) {
                int info = KernelCheck.Kernels.OPENBLAS.potrf(a, n);
                a[5 * n + 9] *= 1 + 1e-7;      // one entry of the upper factor
                return info;
            }
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Lapack.potrf(spd(30)));
        assertTrue(e.getMessage().contains("dpotrf"), e.getMessage());
    }

    /** A natural-gradient training run on a CPU with a wrong kernel stops at its first solve. */
    @Test
    void aNaturalGradientRunStopsOnAWrongKernel() {
        KernelCheck.checkNext(WRONG_TRSM);
        HelmholtzMachine m = TinyMachines.random(6, new int[] {3, 2}, 1.0, 21);
        Trainer t = new Trainer(m, Algorithm.NRWS.estimator(EstimatorOptions.defaults(5)),
                Algorithm.NRWS.preconditioner(NaturalGradientOptions.defaults(0.01)), new Sgd(), TrainerConfig.updates(3, 0.01), 1);
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> t.train(new BinaryDataset(TinyMachines.binary(16, 6, 23), 8, true)));
        Throwable c = e;
        while (c.getCause() != null && !(c instanceof IllegalStateException)) {
            c = c.getCause();
        }
        assertTrue(c.getMessage().contains("dtrsm"), e.toString());
        assertEquals(0, t.updates(), "no update was applied");
    }
}
