package org.nrws.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.nrws.host.WorkerPool;
import org.nrws.linalg.NotPositiveDefiniteException;
import org.nrws.solver.SolverPath;

/**
 * The device algorithm on the host emulation of cuBLAS/cuSOLVER ({@link HostOps}) against the CPU
 * engine: the column-major mapping, strides, chunking, the Woodbury formula, the errors and the
 * kept factors, without a device.
 */
class FisherAlgorithmTest {

    private final WorkerPool pool = new WorkerPool(1);

    private static SolverPath path(FixtureCase c) {
        return SolverPath.valueOf(c.path().toUpperCase(Locale.ROOT));
    }

    private static double[] run(FixtureCase c, HostOps ops, boolean keep) {
        FixtureInputs in = c.inputs();
        double[] dir = new double[in.d() * in.m()];
        try (FisherAlgorithm a = new FisherAlgorithm("x", ops, keep, path(c))) {
            a.refresh(in.n(), in.d(), in.m(), in.inputs(), in.curvatures(), c.alpha(), in.gradients(), dir);
            assertEquals(path(c), a.lastPath());
            assertTrue(a.lastTimings().total() >= a.lastTimings().build());
        }
        assertTrue(ops.closed);
        assertEquals(0, ops.memory().live());
        assertEquals(ops.memory().allocations(), ops.memory().frees());
        return dir;
    }

    @Test
    void primalAndDualAgreeWithTheCpu() {
        for (FixtureGenerator.Shape s : List.of(new FixtureGenerator.Shape("q1", 60, 9, 7),
                new FixtureGenerator.Shape("q0", 8, 21, 5), new FixtureGenerator.Shape("p3", 30, 1, 4))) {
            FixtureCase c = FixtureGenerator.solve("x", s, 17, false, -1, false, pool);
            double err = c.relativeError(run(c, new HostOps(), false));
            assertTrue(err < 1e-12, s + " (" + c.path() + "): " + err);
        }
    }

    @Test
    void theOtherPathGivesTheSameDirection() {
        FixtureCase c = FixtureGenerator.solve("x", new FixtureGenerator.Shape("q1", 12, 10, 6), 3, false, -1, false, pool);
        FixtureInputs in = c.inputs();
        for (SolverPath p : SolverPath.values()) {
            double[] dir = new double[60];
            try (FisherAlgorithm a = new FisherAlgorithm("q1", new HostOps(), false, p)) {
                a.refresh(in.n(), in.d(), in.m(), in.inputs(), in.curvatures(), c.alpha(), in.gradients(), dir);
            }
            assertTrue(c.relativeError(dir) < 1e-10, p + ": " + c.relativeError(dir));
        }
    }

    @Test
    void primalChunksGiveTheSameResult() {
        FixtureGenerator.Shape s = new FixtureGenerator.Shape("p1", 50, 6, 7);
        FixtureCase c = FixtureGenerator.solve("x", s, 23, false, -1, false, pool);
        long full = MemoryPlan.of(SolverPath.PRIMAL, 50, 6, 7, 8, true, -1, "c", "x").bytes();
        long perUnit = 8L * 50 * 6;
        long fixed = full - 7 * perUnit;
        long free = (fixed + 2 * perUnit + MemoryPlan.RESERVE_BYTES) * 100 / MemoryPlan.USABLE_PERCENT + 200;
        HostOps ops = new HostOps(true, true, new EmulatedMemory().capacity(free));
        assertEquals(2, MemoryPlan.of(SolverPath.PRIMAL, 50, 6, 7, 8, true, ops.freeBytes(), "c", "x").chunk());
        assertTrue(c.relativeError(run(c, ops, false)) < 1e-12);
    }

    @Test
    void notPositiveDefiniteNamesTheCpusLayerPathAndNeuron() {
        for (FixtureGenerator.Shape s : List.of(new FixtureGenerator.Shape("p2", 40, 5, 6),
                new FixtureGenerator.Shape("p1", 6, 13, 6))) {
            FixtureCase c = FixtureGenerator.solve("bad", s, 8, false, 4, false, pool);
            FixtureInputs in = c.inputs();
            for (boolean f64 : new boolean[] {true, false}) {
                try (FisherAlgorithm a = new FisherAlgorithm(s.layer(), new HostOps(f64, true, new EmulatedMemory()), true,
                        path(c))) {
                    NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class, () -> a.refresh(
                            in.n(), in.d(), in.m(), in.inputs(), in.curvatures(), c.alpha(), in.gradients(),
                            new double[s.d() * s.m()]));
                    assertEquals(c.errorContext(), e.context());
                    assertEquals(c.errorNeuron(), e.index());
                    assertFalse(a.hasFactors());
                }
            }
        }
    }

    @Test
    void keptFactorsSolveANewGradient() {
        FixtureCase c = FixtureGenerator.solve("x", new FixtureGenerator.Shape("q2", 7, 11, 3), 5, false, -1, false, pool);
        FixtureInputs in = c.inputs();
        try (FisherAlgorithm a = new FisherAlgorithm("q2", new HostOps(), true, null)) {
            IllegalStateException before = assertThrows(IllegalStateException.class, () -> a.solve(new double[33],
                    new double[33]));
            assertTrue(before.getMessage().startsWith("layer q2: no factors are kept"), before.getMessage());
            double[] dir = new double[33];
            a.refresh(in.n(), in.d(), in.m(), in.inputs(), in.curvatures(), c.alpha(), new double[33], dir);
            assertEquals(0.0, java.util.Arrays.stream(dir).map(Math::abs).max().getAsDouble());
            assertTrue(a.hasFactors());
            a.solve(in.gradients(), dir);
            assertTrue(c.relativeError(dir) < 1e-12);
        }
        try (FisherAlgorithm a = new FisherAlgorithm("q2", new HostOps(), false, null)) {
            a.refresh(in.n(), in.d(), in.m(), in.inputs(), in.curvatures(), c.alpha(), in.gradients(), new double[33]);
            assertFalse(a.hasFactors());
        }
    }

    @Test
    void badArgumentsAndTooLittleMemoryAreClearErrors() {
        try (FisherAlgorithm a = new FisherAlgorithm("q0", new HostOps(), false, null)) {
            assertThrows(IllegalArgumentException.class, () -> a.refresh(2, 2, 1, new double[4], new double[2], 0,
                    new double[2], new double[2]));
            assertThrows(IllegalArgumentException.class, () -> a.refresh(2, 2, 1, new double[3], new double[2], 0.1,
                    new double[2], new double[2]));
        }
        HostOps tiny = new HostOps(true, true, new EmulatedMemory().capacity(1L << 20));
        try (FisherAlgorithm a = new FisherAlgorithm("q0", tiny, false, null)) {
            DeviceMemoryException e = assertThrows(DeviceMemoryException.class, () -> a.refresh(40, 3, 2, new double[120],
                    new double[80], 0.1, new double[6], new double[6]));
            assertTrue(e.getMessage().startsWith("layer q0 (primal): needs "), e.getMessage());
            assertEquals(0, tiny.memory().allocations());
        }
    }
}
