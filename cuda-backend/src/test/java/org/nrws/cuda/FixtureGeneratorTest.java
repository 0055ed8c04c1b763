package org.nrws.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nrws.host.WorkerPool;

/** The fixtures' expected directions are the damped natural gradient, computed independently here. */
class FixtureGeneratorTest {

    private final WorkerPool pool = new WorkerPool(1);

    /** (1 + alpha) (alpha I + sum_n c_{n,i} u_n u_n^T)^{-1} g_i by dense Gaussian elimination. */
    private static double[] direct(FixtureInputs in, double alpha) {
        int n = in.n();
        int d = in.d();
        int m = in.m();
        double[] u = in.inputs();
        double[] c = in.curvatures();
        double[] g = in.gradients();
        double[] out = new double[d * m];
        for (int i = 0; i < m; i++) {
            double[][] a = new double[d][d + 1];
            for (int r = 0; r < d; r++) {
                a[r][r] = alpha;
                a[r][d] = g[r * m + i];
                for (int s = 0; s < d; s++) {
                    for (int k = 0; k < n; k++) {
                        a[r][s] += c[k * m + i] * u[k * d + r] * u[k * d + s];
                    }
                }
            }
            for (int p = 0; p < d; p++) {
                for (int r = p + 1; r < d; r++) {
                    double f = a[r][p] / a[p][p];
                    for (int s = p; s <= d; s++) {
                        a[r][s] -= f * a[p][s];
                    }
                }
            }
            for (int r = d - 1; r >= 0; r--) {
                double v = a[r][d];
                for (int s = r + 1; s < d; s++) {
                    v -= a[r][s] * out[s * m + i] / (1 + alpha);
                }
                out[r * m + i] = (1 + alpha) * v / a[r][r];
            }
        }
        return out;
    }

    @Test
    void bothPathsMatchTheDirectSolve() {
        for (FixtureGenerator.Shape s : List.of(new FixtureGenerator.Shape("t0", 40, 7, 5),
                new FixtureGenerator.Shape("t1", 6, 9, 4))) {
            FixtureCase c = FixtureGenerator.solve("x", s, 5, false, -1, true, pool);
            double err = c.relativeError(direct(c.inputs(), FixtureGenerator.ALPHA));
            assertTrue(err < 1e-10, s + ": " + err);
            assertTrue(c.cpuF32Error() < 1e-3 && c.cpuF32Error() > 0, "float32 error " + c.cpuF32Error());
        }
        assertEquals("primal", FixtureGenerator.solve("x", new FixtureGenerator.Shape("t0", 40, 7, 5), 5, false, -1, false,
                pool).path());
        assertEquals("dual", FixtureGenerator.solve("x", new FixtureGenerator.Shape("t1", 6, 9, 4), 5, false, -1, false,
                pool).path());
    }

    @Test
    void aNegatedUnitIsTheCpusNotPositiveDefiniteError() {
        FixtureCase c = FixtureGenerator.solve("bad", new FixtureGenerator.Shape("p1", 6, 9, 4), 5, false, 2, false, pool);
        assertTrue(c.expectsError());
        assertEquals(2, c.errorNeuron());
        assertEquals("layer p1 (dual)", c.errorContext());
        assertTrue(c.errorMessage().startsWith("layer p1 (dual): block of neuron 2 is not symmetric positive definite"),
                c.errorMessage());
    }

    @Test
    void theReferenceMachineHasSevenLayers() {
        List<FixtureGenerator.Shape> l = FixtureGenerator.machine(32, 5);
        assertEquals(7, l.size());
        assertEquals(new FixtureGenerator.Shape("q0", 32, 785, 200), l.get(4));
        assertEquals(new FixtureGenerator.Shape("p0", 160, 201, 784), l.get(0));
        assertEquals(10240, FixtureGenerator.machine(1024, 10).get(1).n());
    }

    @Test
    void smallFixturesAreWrittenAndReadBack(@TempDir Path dir) throws IOException {
        FixtureGenerator.main(new String[] {dir.toString(), "--small"});
        List<FixtureCase> cases = FixtureFile.read(dir.resolve("small.fix"));
        assertEquals(4, cases.size());
        assertTrue(cases.get(2).generated());
        assertFalse(cases.get(0).expectsError());
        assertTrue(cases.get(3).expectsError());
        assertTrue(cases.get(0).relativeError(direct(cases.get(0).inputs(), FixtureGenerator.ALPHA)) < 1e-10);
    }
}
