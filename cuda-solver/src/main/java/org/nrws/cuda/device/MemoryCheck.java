package org.nrws.cuda.device;

import java.util.List;
import java.util.Locale;
import org.nrws.cuda.DeviceOps;
import org.nrws.cuda.EmulatedMemory;
import org.nrws.cuda.FisherAlgorithm;
import org.nrws.cuda.FixtureCase;
import org.nrws.cuda.FixtureInputs;
import org.nrws.cuda.HostOps;
import org.nrws.cuda.JsonLine;
import org.nrws.cuda.MemoryPlan;
import org.nrws.solver.SolverPath;

/**
 * The bundle's checks of memory and routes, on the device or on the emulation ({@link HostOps}):
 * every layer's algorithm, as a run holds it (kept factors, two refreshes), allocates at most its
 * {@link MemoryPlan} and leaves nothing allocated once closed; several layers in one process (as
 * {@code ./nrws compare} trains several runs) end at the bytes they started from; and the cuBLAS
 * dual build that replaces the NVRTC kernel when NVRTC is missing agrees with the CPU.
 */
final class MemoryCheck {

    private final DeviceCheck report;

    /**
     * @param report where the JSON lines go
     */
    MemoryCheck(DeviceCheck report) {
        this.report = report;
    }

    private static SolverPath path(FixtureCase c) {
        return SolverPath.valueOf(c.path().toUpperCase(Locale.ROOT));
    }

    /**
     * Kept factors, two refreshes, close, for each case on one emulated device: the peak live bytes
     * equal the plan, and nothing is left.
     *
     * @param cases cases that the CPU solved
     */
    void emulated(List<FixtureCase> cases) {
        EmulatedMemory memory = new EmulatedMemory();
        for (FixtureCase c : cases) {
            FixtureInputs in = c.inputs();
            JsonLine line = new JsonLine().put("case", "emulated-memory-" + c.name()).put("path", c.path());
            try {
                MemoryPlan plan = MemoryPlan.of(path(c), in.n(), in.d(), in.m(), 8, true, -1, c.layer(), "emulation");
                memory.resetPeak();
                double err;
                try (FisherAlgorithm a = new FisherAlgorithm(c.layer(), new HostOps(true, true, memory), true, path(c))) {
                    err = twoRefreshes(a, c);
                }
                long peak = memory.peak();
                line.put("plan_bytes", plan.bytes()).put("peak_bytes", peak).put("live_after", memory.live())
                        .put("rel_err", err).put("tol", DeviceCheck.TOL_F64);
                report.record(line, peak == plan.bytes() && memory.live() == 0 && err <= DeviceCheck.TOL_F64);
            } catch (RuntimeException e) {
                report.fail(line.put("pass", false).put("error", e.toString()));
            }
        }
        report.record(new JsonLine().put("case", "emulated-leak-check").put("allocations", memory.allocations())
                .put("frees", memory.frees()).put("live_after", memory.live()),
                memory.live() == 0 && memory.allocations() == memory.frees());
    }

    /**
     * The same on the device: the peak of this process's device buffers is at most the plan (the
     * blocked potrf's workspace is planned as k^2 elements: this checks that bound), and after
     * close no buffer is left; the free memory before and after is reported.
     *
     * @param cases cases that the CPU solved
     * @param probe the device
     */
    void device(List<FixtureCase> cases, CudaRuntime.Probe probe) {
        long live0 = DeviceBuffer.liveBytes();
        long free0 = CudaRuntime.freeBytes();
        for (FixtureCase c : cases) {
            for (boolean f64 : new boolean[] {true, false}) {
                FixtureInputs in = c.inputs();
                JsonLine line = new JsonLine().put("case", "memory-" + c.name()).put("path", c.path())
                        .put("precision", f64 ? "float64" : "float32");
                try {
                    DeviceBuffer.resetPeak();
                    long before = DeviceBuffer.liveBytes();
                    DeviceOps ops = new CudaOps(f64, probe, "layer " + c.layer());
                    MemoryPlan plan = MemoryPlan.of(path(c), in.n(), in.d(), in.m(), f64 ? 8 : 4, ops.hasDualKernel(), -1,
                            c.layer(), probe.device());
                    double err;
                    try (FisherAlgorithm a = new FisherAlgorithm(c.layer(), ops, true, path(c))) {
                        err = twoRefreshes(a, c);
                    }
                    long peak = DeviceBuffer.peakBytes() - before;
                    double tol = f64 ? DeviceCheck.TOL_F64 : DeviceCheck.TOL_F32;
                    line.put("plan_bytes", plan.bytes()).put("peak_bytes", peak).put("peak_over_plan",
                            peak / (double) plan.bytes()).put("live_after", DeviceBuffer.liveBytes() - before)
                            .put("rel_err", err).put("tol", tol);
                    report.record(line, peak <= plan.bytes() && DeviceBuffer.liveBytes() == before && err <= tol);
                } catch (RuntimeException e) {
                    report.fail(line.put("pass", false).put("error", e.toString()));
                }
            }
        }
        long free1 = CudaRuntime.freeBytes();
        report.record(new JsonLine().put("case", "leak-check").put("live_after", DeviceBuffer.liveBytes() - live0)
                .put("free_before", free0).put("free_after", free1).put("free_delta_mib", (free1 - free0) / 1048576.0),
                DeviceBuffer.liveBytes() == live0);
    }

    /**
     * The cuBLAS dual build (the route taken without NVRTC) on the device or the emulation.
     *
     * @param c     a dual case that the CPU solved
     * @param f64   float64, else float32
     * @param probe the device, or null for the emulation
     */
    void cublasDualBuild(FixtureCase c, boolean f64, CudaRuntime.Probe probe) {
        FixtureInputs in = c.inputs();
        JsonLine line = new JsonLine().put("case", (probe == null ? "emulated-" : "") + "cublas-build-" + c.name())
                .put("path", c.path()).put("precision", f64 ? "float64" : "float32");
        DeviceOps ops = probe == null ? new HostOps(f64, false, new EmulatedMemory())
                : new CudaOps(f64, probe, "layer " + c.layer(), false);
        double[] dir = new double[in.d() * in.m()];
        try (FisherAlgorithm a = new FisherAlgorithm(c.layer(), ops, false, path(c))) {
            a.refresh(in.n(), in.d(), in.m(), in.inputs(), in.curvatures(), c.alpha(), in.gradients(), dir);
            double err = c.relativeError(dir);
            double tol = f64 ? DeviceCheck.TOL_F64 : DeviceCheck.TOL_F32;
            line.put("build", a.buildRoute()).put("rel_err", err).put("tol", tol);
            report.record(line, a.buildRoute().startsWith("cublas-dgmm") && err <= tol);
        } catch (RuntimeException e) {
            report.fail(line.put("pass", false).put("error", e.toString()));
        }
    }

    private static double twoRefreshes(FisherAlgorithm a, FixtureCase c) {
        FixtureInputs in = c.inputs();
        double[] dir = new double[in.d() * in.m()];
        a.refresh(in.n(), in.d(), in.m(), in.inputs(), in.curvatures(), c.alpha(), new double[dir.length], dir);
        a.refresh(in.n(), in.d(), in.m(), in.inputs(), in.curvatures(), c.alpha(), in.gradients(), dir);
        return c.relativeError(dir);
    }
}
