package org.nrws.cuda.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.nrws.cuda.FisherAlgorithm;
import org.nrws.cuda.FixtureCase;
import org.nrws.cuda.FixtureGenerator;
import org.nrws.cuda.FixtureInputs;
import org.nrws.cuda.MemoryPlan;
import org.nrws.host.WorkerPool;
import org.nrws.solver.SolverPath;

/**
 * On a device only (skipped with the probe's reason elsewhere): the routes and the memory that the
 * emulation tests of cuda-backend check on the host, on cuBLAS/cuSOLVER: blocks of order 785
 * (blocked potrf/potrs), the cuBLAS dual build, the device peak within the plan, and nothing left
 * allocated after two layers' solvers are closed.
 */
class DeviceResourcesTest {

    private static final CudaRuntime.Probe PROBE = CudaRuntime.probe();
    private final WorkerPool pool = new WorkerPool(1);

    private static SolverPath path(FixtureCase c) {
        return SolverPath.valueOf(c.path().toUpperCase(Locale.ROOT));
    }

    @Test
    void largeOrderAndCublasBuildAgreeWithTheCpuWithinThePlanAndLeaveNothing() {
        assumeTrue(PROBE.available(), "no device: " + PROBE.reason());
        long live0 = DeviceBuffer.liveBytes();
        for (FixtureGenerator.Shape s : List.of(new FixtureGenerator.Shape("q0", 800, 785, 2),
                new FixtureGenerator.Shape("q1", 160, 201, 20))) {
            FixtureCase c = FixtureGenerator.solve("x", s, 6, false, -1, false,
                    s.layer().equals("q0") ? SolverPath.PRIMAL : SolverPath.DUAL, pool);   // q0: order 785, blocked
            FixtureInputs in = c.inputs();
            for (boolean f64 : new boolean[] {true, false}) {
                for (boolean kernel : new boolean[] {true, false}) {
                    DeviceBuffer.resetPeak();
                    CudaOps ops = new CudaOps(f64, PROBE, "layer " + s.layer(), kernel);
                    long plan = MemoryPlan.of(path(c), s.n(), s.d(), s.m(), f64 ? 8 : 4, ops.hasDualKernel(), -1, "c", "x")
                            .bytes();
                    double[] dir = new double[s.d() * s.m()];
                    try (FisherAlgorithm a = new FisherAlgorithm(s.layer(), ops, true, path(c))) {
                        for (int r = 0; r < 2; r++) {
                            a.refresh(s.n(), s.d(), s.m(), in.inputs(), in.curvatures(), c.alpha(), in.gradients(), dir);
                        }
                        if (!kernel && path(c) == SolverPath.DUAL) {
                            assertTrue(a.buildRoute().startsWith("cublas-dgmm"), a.buildRoute());
                        }
                    }
                    String what = s + (f64 ? " float64" : " float32") + (kernel ? "" : " cublas build");
                    assertTrue(c.relativeError(dir) <= (f64 ? 1e-8 : 1e-3), what + ": " + c.relativeError(dir));
                    assertTrue(DeviceBuffer.peakBytes() - live0 <= plan, what + ": peak " + (DeviceBuffer.peakBytes()
                            - live0) + " > plan " + plan);
                    assertEquals(live0, DeviceBuffer.liveBytes(), what + ": device bytes left after close");
                }
            }
        }
    }
}
