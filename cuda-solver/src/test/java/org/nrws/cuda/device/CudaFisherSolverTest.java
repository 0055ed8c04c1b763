package org.nrws.cuda.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nrws.cuda.FixtureCase;
import org.nrws.cuda.FixtureGenerator;
import org.nrws.cuda.FixtureInputs;
import org.nrws.host.HostMatrix;
import org.nrws.host.Precision;
import org.nrws.host.WorkerPool;
import org.nrws.linalg.NotPositiveDefiniteException;
import org.nrws.solver.LayerSamples;
import org.nrws.solver.SolverOptions;
import org.nrws.solver.SolverPath;
import org.nrws.solver.SolverSelection;
import org.nrws.solver.SolverSelector;

/**
 * The CUDA solver against the CPU engine. Without a device (CI, CPU machines) only the clean
 * "no CUDA device" behaviour is checked and the device tests are skipped with the probe's reason.
 */
class CudaFisherSolverTest {

    private static final CudaRuntime.Probe PROBE = CudaRuntime.probe();
    private final WorkerPool pool = new WorkerPool(1);

    @Test
    void withoutADeviceEverythingSaysNoCudaDevice() {
        assumeFalse(PROBE.available(), "a CUDA device is present: " + PROBE.device());
        assertTrue(PROBE.reason().startsWith("no CUDA device"), PROBE.reason());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new CudaFisherSolver("q0", true, false, null));
        assertEquals("layer q0: " + PROBE.reason(), e.getMessage());
        SolverSelection auto = SolverSelector.fromClasspath().select(null);     // finds CudaSolverProvider
        assertEquals("cpu", auto.backend());
        assertTrue(auto.note().startsWith("CUDA not used: no CUDA device found (no CUDA device"), auto.note());
    }

    @Test
    void withADeviceAutoTakesCuda() {
        assumeTrue(PROBE.available(), "no device: " + PROBE.reason());
        SolverSelection auto = new SolverSelector(List.of(new CudaSolverProvider()), Map.of()).select(null);
        assertEquals("cuda", auto.backend());
        assertNull(auto.note());
    }

    @Test
    void bothPathsAndPrecisionsAgreeWithTheCpu() {
        assumeTrue(PROBE.available(), "no device: " + PROBE.reason());
        for (FixtureGenerator.Shape s : List.of(new FixtureGenerator.Shape("t0", 300, 41, 17),
                new FixtureGenerator.Shape("t1", 30, 97, 23))) {
            FixtureCase c = FixtureGenerator.solve("x", s, 9, false, -1, false, pool);
            SolverPath path = SolverPath.valueOf(c.path().toUpperCase(java.util.Locale.ROOT));
            for (boolean f64 : new boolean[] {true, false}) {
                try (CudaFisherSolver gpu = new CudaFisherSolver(s.layer(), f64, false, path)) {
                    FixtureInputs in = c.inputs();
                    double[] dir = new double[s.d() * s.m()];
                    gpu.refresh(s.n(), s.d(), s.m(), in.inputs(), in.curvatures(), c.alpha(), in.gradients(), dir);
                    double err = c.relativeError(dir);
                    assertTrue(err <= (f64 ? 1e-8 : 1e-3), s + " " + (f64 ? "f64" : "f32") + ": " + err);
                }
            }
        }
    }

    @Test
    void aNegatedUnitNamesTheSameNeuronAsTheCpu() {
        assumeTrue(PROBE.available(), "no device: " + PROBE.reason());
        for (FixtureGenerator.Shape s : List.of(new FixtureGenerator.Shape("p2", 160, 11, 20),
                new FixtureGenerator.Shape("p1", 16, 41, 9))) {
            FixtureCase c = FixtureGenerator.solve("bad", s, 3, false, 4, false, pool);
            FixtureInputs in = c.inputs();
            try (CudaFisherSolver gpu = new CudaFisherSolver(s.layer(), true, false,
                    SolverPath.valueOf(c.path().toUpperCase(java.util.Locale.ROOT)))) {
                NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class, () -> gpu.refresh(s.n(),
                        s.d(), s.m(), in.inputs(), in.curvatures(), c.alpha(), in.gradients(), new double[s.d() * s.m()]));
                assertEquals(c.errorContext(), e.context());
                assertEquals(4, e.index());
            }
        }
    }

    @Test
    void keptFactorsSolveANewGradientThroughTheAdapter() {
        assumeTrue(PROBE.available(), "no device: " + PROBE.reason());
        FixtureGenerator.Shape s = new FixtureGenerator.Shape("q1", 50, 21, 6);
        FixtureCase c = FixtureGenerator.solve("x", s, 4, false, -1, false, pool);
        FixtureInputs in = c.inputs();
        try (org.nrws.solver.NaturalGradientSolver gpu = CudaSolverProvider.solver("q1",
                new SolverOptions(Precision.F64, false, true, null))) {
            LayerSamples samples = new LayerSamples("q1", FixtureGenerator.matrix(in.inputs(), s.n(), s.d()),
                    FixtureGenerator.matrix(in.curvatures(), s.n(), s.m()));
            HostMatrix out = HostMatrix.allocate(Precision.F64, s.d(), s.m());
            gpu.refresh(samples, c.alpha(), HostMatrix.allocate(Precision.F64, s.d(), s.m()), out);
            assertTrue(gpu.hasFactors());
            gpu.solve(FixtureGenerator.matrix(in.gradients(), s.d(), s.m()), out);
            assertTrue(c.relativeError(FixtureGenerator.values(out)) <= 1e-8);
            assertEquals(SolverPath.PRIMAL, gpu.lastPath());
        }
    }
}
