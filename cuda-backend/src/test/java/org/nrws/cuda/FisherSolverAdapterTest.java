package org.nrws.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nrws.host.HostMatrix;
import org.nrws.host.Precision;
import org.nrws.host.WorkerPool;
import org.nrws.solver.LayerSamples;
import org.nrws.solver.NaturalGradientSolver;
import org.nrws.solver.SolverPath;

/** The SPI adapter over the emulated device: views with a leading dimension, float32 operands, kept factors. */
class FisherSolverAdapterTest {

    /** A [rows, cols] view with leading dimension cols + 3 holding a, in the given precision. */
    private static HostMatrix strided(double[] a, int rows, int cols, Precision p) {
        HostMatrix big = HostMatrix.allocate(p, rows, cols + 3);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                big.set(r, c, a[r * cols + c]);
            }
        }
        return big.columnBlock(0, cols);
    }

    @Test
    void stridedAndFloat32OperandsGiveTheCpusDirection() {
        FixtureGenerator.Shape s = new FixtureGenerator.Shape("q1", 9, 14, 5);
        FixtureCase c = FixtureGenerator.solve("x", s, 31, false, -1, false, new WorkerPool(1));
        FixtureInputs in = c.inputs();
        try (NaturalGradientSolver a = new FisherSolverAdapter(new FisherAlgorithm("q1", new HostOps(), true, null),
                "emulated")) {
            LayerSamples samples = new LayerSamples("q1", strided(in.inputs(), 9, 14, Precision.F64),
                    strided(in.curvatures(), 9, 5, Precision.F64));
            HostMatrix g = strided(in.gradients(), 14, 5, Precision.F64);
            HostMatrix out = strided(new double[70], 14, 5, Precision.F64);
            a.refresh(samples, c.alpha(), g, out);
            assertEquals(SolverPath.DUAL, a.lastPath());
            assertTrue(a.hasFactors());
            assertTrue(c.relativeError(FixtureGenerator.values(out)) < 1e-12);
            HostMatrix out32 = strided(new double[70], 14, 5, Precision.F32);
            a.solve(strided(in.gradients(), 14, 5, Precision.F32), out32);       // the gradient is float32-exact
            assertTrue(c.relativeError(FixtureGenerator.values(out32)) < 1e-6);
            assertEquals("emulated", a.name());
            assertThrows(IllegalArgumentException.class, () -> a.solve(g, HostMatrix.allocate(Precision.F64, 5, 14)));
        }
    }

    @Test
    void withoutKeptFactorsSolveIsRefused() {
        FixtureGenerator.Shape s = new FixtureGenerator.Shape("p2", 30, 4, 3);
        FixtureCase c = FixtureGenerator.solve("x", s, 2, false, -1, false, new WorkerPool(1));
        FixtureInputs in = c.inputs();
        try (NaturalGradientSolver a = new FisherSolverAdapter(new FisherAlgorithm("p2", new HostOps(), false, null), "e")) {
            HostMatrix out = HostMatrix.allocate(Precision.F64, 4, 3);
            a.refresh(new LayerSamples("p2", FixtureGenerator.matrix(in.inputs(), 30, 4),
                    FixtureGenerator.matrix(in.curvatures(), 30, 3)), c.alpha(), FixtureGenerator.matrix(in.gradients(), 4, 3),
                    out);
            assertTrue(c.relativeError(FixtureGenerator.values(out)) < 1e-12);
            assertFalse(a.hasFactors());
            assertThrows(IllegalStateException.class, () -> a.solve(FixtureGenerator.matrix(in.gradients(), 4, 3), out));
        }
    }
}
