package org.nrws.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.nrws.host.HostMatrix;
import org.nrws.host.Precision;
import org.nrws.host.WorkerPool;
import org.nrws.linalg.NotPositiveDefiniteException;
import org.nrws.solver.CpuFusedSolver;
import org.nrws.solver.PathRule;
import org.nrws.solver.LayerSamples;
import org.nrws.solver.SolverOptions;
import org.nrws.solver.SolverPath;

/**
 * What runs on the device that the float64 emulation of {@link FisherAlgorithmTest} does not reach,
 * against the CPU engine at the bundle's tolerances (1e-8 float64, 1e-3 float32): float32 end to
 * end, blocks above {@link MemoryPlan#LARGE_ORDER} (the blocked potrf/potrs, q0's order 785), the
 * cuBLAS dual build when NVRTC is missing, a bad argument reported by potrsBatched, and NaN pivots
 * that cuSOLVER's info does not report.
 */
class EmulationTest {

    private final WorkerPool pool = new WorkerPool(1);

    private static SolverPath path(FixtureCase c) {
        return SolverPath.valueOf(c.path().toUpperCase(Locale.ROOT));
    }

    /** Runs a case on the emulation; checks that everything is freed; returns the direction. */
    private static double[] run(FixtureCase c, boolean f64, boolean kernel, String[] route) {
        FixtureInputs in = c.inputs();
        EmulatedMemory memory = new EmulatedMemory();
        double[] dir = new double[in.d() * in.m()];
        try (FisherAlgorithm a = new FisherAlgorithm(c.layer(), new HostOps(f64, kernel, memory), false, path(c))) {
            a.refresh(in.n(), in.d(), in.m(), in.inputs(), in.curvatures(), c.alpha(), in.gradients(), dir);
            route[0] = a.buildRoute();
        }
        assertEquals(0, memory.live());
        return dir;
    }

    @Test
    void float32EndToEndAgreesWithTheCpuOnBothPaths() {
        for (FixtureGenerator.Shape s : List.of(new FixtureGenerator.Shape("q1", 60, 9, 7),
                new FixtureGenerator.Shape("q0", 8, 21, 5), new FixtureGenerator.Shape("p1", 30, 40, 6))) {
            FixtureCase c = FixtureGenerator.solve("x", s, 19, false, -1, false, pool);
            String[] route = new String[1];
            double e32 = c.relativeError(run(c, false, true, route));
            double e64 = c.relativeError(run(c, true, true, route));
            assertTrue(e32 <= 1e-3, s + " float32: " + e32);
            assertTrue(e32 > 1e3 * e64, s + ": float32 (" + e32 + ") is not rounded to float (float64 " + e64 + ")");
        }
    }

    @Test
    void blocksAboveTheLargeOrderGoThroughTheBlockedPathInBothPrecisions() {
        // q0 at a large batch (primal, d = 785: 784 pixels and the bias), and a dual layer with N = 300
        for (FixtureGenerator.Shape s : List.of(new FixtureGenerator.Shape("q0", 800, 785, 2),
                new FixtureGenerator.Shape("p1", 300, 340, 2))) {
            SolverPath forced = s.layer().equals("q0") ? SolverPath.PRIMAL : SolverPath.DUAL;
            FixtureCase c = FixtureGenerator.solve("x", s, 5, false, -1, false, forced, pool);
            int k = forced == SolverPath.PRIMAL ? s.d() : s.n();
            assertEquals(forced, path(c));
            assertTrue(k > MemoryPlan.LARGE_ORDER, s + ": order " + k);
            for (boolean f64 : new boolean[] {true, false}) {
                double err = c.relativeError(run(c, f64, true, new String[1]));
                assertTrue(err <= (f64 ? 1e-8 : 1e-3), s + (f64 ? " float64: " : " float32: ") + err);
            }
        }
    }

    @Test
    void withoutNvrtcTheCublasBuildGivesTheSameDirection() {
        FixtureCase c = FixtureGenerator.solve("x", new FixtureGenerator.Shape("q2", 12, 30, 4), 2, false, -1, false, pool);
        assertEquals("dual", c.path());
        String[] route = new String[1];
        double[] kernel = run(c, true, true, route);
        assertEquals("host-kernel", route[0]);
        for (boolean f64 : new boolean[] {true, false}) {
            double[] fallback = run(c, f64, false, route);
            assertTrue(route[0].startsWith("cublas-dgmm (no NVRTC"), route[0]);
            assertTrue(c.relativeError(fallback) <= (f64 ? 1e-8 : 1e-3), route[0] + ": " + c.relativeError(fallback));
        }
        assertTrue(FixtureCase.relativeError(run(c, true, false, route), kernel) < 1e-13);
    }

    @Test
    void aBadArgumentOfTheBatchedSolveIsACudaError() {
        FixtureCase c = FixtureGenerator.solve("x", new FixtureGenerator.Shape("p2", 20, 6, 3), 4, false, -1, false, pool);
        FixtureInputs in = c.inputs();
        HostOps ops = new HostOps();
        try (FisherAlgorithm a = new FisherAlgorithm("p2", ops, true, path(c))) {
            ops.rejectArgument = 7;
            CudaException e = assertThrows(CudaException.class, () -> a.refresh(in.n(), in.d(), in.m(), in.inputs(),
                    in.curvatures(), c.alpha(), in.gradients(), new double[18]));
            assertEquals("layer p2 (primal): the batched solve rejected argument 7 (info=-7)", e.getMessage());
            assertFalse(a.hasFactors());
        }
        try (HostOps direct = new HostOps()) {       // cuSOLVER's own checks: n (argument 2), batchSize (9)
            DeviceOps.Buffer b = direct.allocate(4, "t");
            assertEquals(-2, direct.potrsBatched(b, -1, 1, b, 2, "t"));
            assertEquals(-9, direct.potrsBatched(b, 2, -1, b, 2, "t"));
            direct.free(b);
        }
    }

    @Test
    void aNanPivotNamesTheCpusLayerPathAndNeuron() {
        for (FixtureGenerator.Shape s : List.of(new FixtureGenerator.Shape("p2", 40, 5, 6),
                new FixtureGenerator.Shape("q1", 6, 13, 6))) {
            FixtureInputs in = FixtureInputs.generate(11, s.n(), s.d(), s.m(), FixtureCase.DENSITY, -1);
            double[] c = in.curvatures();
            c[3 * s.m() + 4] = Double.NaN;                 // row 3 of unit 4
            SolverPath path = PathRule.choose(s.n(), s.d(), s.m());
            NotPositiveDefiniteException cpu;
            try (CpuFusedSolver solver = new CpuFusedSolver(s.layer(), new SolverOptions(Precision.F64, false, false, path),
                    pool)) {
                cpu = assertThrows(NotPositiveDefiniteException.class, () -> solver.refresh(new LayerSamples(s.layer(),
                        FixtureGenerator.matrix(in.inputs(), s.n(), s.d()), FixtureGenerator.matrix(c, s.n(), s.m())),
                        FixtureGenerator.ALPHA, FixtureGenerator.matrix(in.gradients(), s.d(), s.m()),
                        HostMatrix.allocate(Precision.F64, s.d(), s.m())));
            }
            for (boolean f64 : new boolean[] {true, false}) {
                try (FisherAlgorithm a = new FisherAlgorithm(s.layer(), new HostOps(f64, true, new EmulatedMemory()), false,
                        path)) {
                    NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class, () -> a.refresh(
                            s.n(), s.d(), s.m(), in.inputs(), c, FixtureGenerator.ALPHA, in.gradients(),
                            new double[s.d() * s.m()]));
                    assertEquals(cpu.context(), e.context(), e.getMessage());
                    assertEquals(cpu.index(), e.index(), e.getMessage());
                    assertTrue(e.getMessage().contains("(NaN or infinity in the input)"), e.getMessage());
                }
            }
        }
    }
}
