package org.nrws.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.nrws.host.WorkerPool;
import org.nrws.solver.SolverPath;

/**
 * {@link MemoryPlan} against what the algorithm really allocates: the emulation's peak live bytes
 * over two refreshes (the buffers are kept, so the second refresh holds everything at once), per
 * path, per block order (batched and blocked factorisation), with and without the NVRTC kernel, in
 * both precisions; and a second refresh on a device that is exactly as large as the plan.
 */
class MemoryAccountingTest {

    private final WorkerPool pool = new WorkerPool(1);

    private static SolverPath path(FixtureCase c) {
        return SolverPath.valueOf(c.path().toUpperCase(Locale.ROOT));
    }

    @Test
    void thePlanIsThePeakOfTwoRefreshes() {
        for (FixtureGenerator.Shape s : List.of(new FixtureGenerator.Shape("q1", 60, 9, 7),
                new FixtureGenerator.Shape("q0", 8, 21, 5), new FixtureGenerator.Shape("p0", 300, 259, 1),
                new FixtureGenerator.Shape("p1", 260, 300, 2))) {
            FixtureCase c = FixtureGenerator.solve("x", s, 3, false, -1, false, pool);
            FixtureInputs in = c.inputs();
            for (boolean f64 : new boolean[] {true, false}) {
                for (boolean kernel : new boolean[] {true, false}) {
                    EmulatedMemory memory = new EmulatedMemory();
                    MemoryPlan plan = MemoryPlan.of(path(c), s.n(), s.d(), s.m(), f64 ? 8 : 4, kernel, -1, "c", "x");
                    String what = s + " " + c.path() + (f64 ? " float64" : " float32") + (kernel ? " kernel" : " cublas");
                    try (FisherAlgorithm a = new FisherAlgorithm(s.layer(), new HostOps(f64, kernel, memory), true,
                            path(c))) {
                        for (int r = 0; r < 2; r++) {
                            a.refresh(s.n(), s.d(), s.m(), in.inputs(), in.curvatures(), c.alpha(), in.gradients(),
                                    new double[s.d() * s.m()]);
                        }
                        assertEquals(plan.bytes(), memory.peak(), what);
                        assertEquals(memory.live(), a.ownedBytes(), what + ": owned bytes are the live bytes");
                    }
                    assertEquals(0, memory.live(), what);
                }
            }
        }
    }

    @Test
    void aSecondRefreshCountsItsOwnBuffersAsAvailable() {
        for (FixtureGenerator.Shape s : List.of(new FixtureGenerator.Shape("q1", 60, 9, 7),
                new FixtureGenerator.Shape("q0", 8, 21, 5))) {
            FixtureCase c = FixtureGenerator.solve("x", s, 8, false, -1, false, pool);
            FixtureInputs in = c.inputs();
            long need = MemoryPlan.of(path(c), s.n(), s.d(), s.m(), 8, true, -1, "c", "x").bytes();
            // the smallest device on which the plan fits: 90 % of it less the reserve holds the plan
            long capacity = (need + MemoryPlan.RESERVE_BYTES + MemoryPlan.USABLE_PERCENT - 1) / MemoryPlan.USABLE_PERCENT
                    * 100;
            EmulatedMemory memory = new EmulatedMemory().capacity(capacity);
            try (FisherAlgorithm a = new FisherAlgorithm(s.layer(), new HostOps(true, true, memory), true, path(c))) {
                for (int r = 0; r < 3; r++) {
                    double[] dir = new double[s.d() * s.m()];
                    a.refresh(s.n(), s.d(), s.m(), in.inputs(), in.curvatures(), c.alpha(), in.gradients(), dir);
                    assertTrue(c.relativeError(dir) < 1e-12, s + " refresh " + r);
                }
                // the buffers are held between refreshes: the device's free memory alone no longer holds the plan
                assertTrue(memory.free() / 100 * MemoryPlan.USABLE_PERCENT - MemoryPlan.RESERVE_BYTES < need);
            }
            assertEquals(0, memory.live());
            // and the device is the smallest that holds the plan: with 100 bytes less, the dual plan does not fit
            // and the primal one builds W for fewer units at a time
            if (path(c) == SolverPath.DUAL) {
                assertThrows(DeviceMemoryException.class, () -> MemoryPlan.of(path(c), s.n(), s.d(), s.m(), 8, true,
                        capacity - 100, "c", "x"));
            } else {
                assertTrue(MemoryPlan.of(path(c), s.n(), s.d(), s.m(), 8, true, capacity - 100, "c", "x").chunk() < s.m());
            }
        }
    }
}
