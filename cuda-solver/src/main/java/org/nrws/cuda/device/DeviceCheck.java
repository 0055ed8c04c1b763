package org.nrws.cuda.device;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nrws.cuda.FixtureCase;
import org.nrws.cuda.FixtureFile;
import org.nrws.cuda.FixtureGenerator;
import org.nrws.cuda.FixtureInputs;
import org.nrws.cuda.JsonLine;
import org.nrws.linalg.NotPositiveDefiniteException;
import org.nrws.solver.SolverPath;

/**
 * The GPU bundle's check (run by its {@code run.sh}; no Maven, no ND4J): compares the device's
 * directions with the CPU's fixtures in float64 (relative error &le; {@value #TOL_F64}) and float32
 * (&le; {@value #TOL_F32}), checks that the not-positive-definite cases fail naming the same layer,
 * path and neuron as on the CPU, checks a solve with kept factors, and times build, factor, solve
 * and the whole layer for N in {160, 1024, 10240}. One JSON line per case on stdout, and in
 * {@code $OUT/device-check.jsonl} when {@code --out} is given.
 *
 * <p>{@code --self-test} needs no device: it reads the fixtures, probes the device (reporting "no
 * CUDA device" where there is none) and runs the device algorithm on the CPU emulation of its
 * cuBLAS/cuSOLVER calls ({@link org.nrws.cuda.HostOps}) for the small fixtures, in float64 and
 * float32, the order-785 case (the blocked potrf/potrs), the cuBLAS dual build, and the memory
 * plan and leak check of {@link MemoryCheck}. On a device the same cases run on cuBLAS/cuSOLVER.
 *
 * <p>Usage: {@code DeviceCheck --fixtures DIR [--out DIR] [--self-test] [--no-timing]}. Exit
 * status: 0 all passed, 1 a check failed, 2 no CUDA device (not with --self-test).
 */
public final class DeviceCheck {

    /** Relative error allowed in float64. */
    public static final double TOL_F64 = 1e-8;
    /** Relative error allowed in float32. */
    public static final double TOL_F32 = 1e-3;
    /** The N of the timings. */
    static final int[] TIMING_N = {160, 1024, 10240};

    /** The timings stop (each further case reported as skipped) once the check has run this long. */
    static final long BUDGET_NANOS = 240_000_000_000L;

    private final List<String> lines = new ArrayList<>();
    private final long start = System.nanoTime();
    private int passed;
    private int failed;

    private DeviceCheck() {
    }

    /**
     * @param args see the class comment
     * @throws IOException when a fixture or the output cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Path fixtures = null;
        Path out = null;
        boolean selfTest = false;
        boolean timing = true;
        for (int k = 0; k < args.length; k++) {
            switch (args[k]) {
                case "--fixtures": fixtures = Path.of(args[++k]); break;
                case "--out": out = Path.of(args[++k]); break;
                case "--self-test": selfTest = true; break;
                case "--no-timing": timing = false; break;
                default:
                    System.err.println("device-check: unknown argument " + args[k]);
                    System.exit(2);
            }
        }
        if (fixtures == null) {
            System.err.println("usage: DeviceCheck --fixtures DIR [--out DIR] [--self-test] [--no-timing]");
            System.exit(2);
        }
        System.exit(new DeviceCheck().run(fixtures, out, selfTest, timing));
    }

    private int run(Path fixtures, Path out, boolean selfTest, boolean timing) throws IOException {
        List<FixtureCase> reference = FixtureFile.read(fixtures.resolve("reference.fix"));
        List<FixtureCase> large = FixtureFile.read(fixtures.resolve("large.fix"));
        CudaRuntime.Probe p = CudaRuntime.probe();
        emit(new JsonLine().put("case", "probe").put("available", p.available()).put("device", p.device())
                .put("sm", p.available() ? p.major() + "." + p.minor() : null).put("free_bytes", p.freeBytes())
                .put("total_bytes", p.totalBytes()).put("cuda_runtime", CudaRuntime.version(p.runtimeVersion()))
                .put("cuda_driver", CudaRuntime.version(p.driverVersion())).put("reason", p.reason())
                .put("java", System.getProperty("java.version")));
        int code;
        if (selfTest) {
            // The device algorithm on the CPU emulation of its cuBLAS/cuSOLVER calls, for the small fixtures.
            MemoryCheck memory = new MemoryCheck(this);
            List<FixtureCase> solved = new ArrayList<>();
            for (FixtureCase c : reference) {
                if (List.of("ref-p3", "ref-p2", "ref-q2", "nonspd-primal-p2", "nonspd-dual-p1").contains(c.name())) {
                    emulate(c, true);
                    emulate(c, false);
                }
                if (c.name().equals(FixtureGenerator.LARGE_ORDER_CASE)) {       // order 785: the blocked potrf/potrs
                    emulate(c, true);
                    emulate(c, false);
                }
                if (c.name().equals("ref-q2")) {
                    memory.cublasDualBuild(c, true, null);
                    memory.cublasDualBuild(c, false, null);
                }
                if (List.of("ref-p3", "ref-p2", "ref-q2").contains(c.name())) {
                    solved.add(c);
                }
            }
            memory.emulated(solved);
            for (FixtureCase c : reference) {
                if (c.name().equals("ref-p2")) {
                    adapter(c, true);             // the SPI adapter and HostMatrix (JavaCPP memory) on this runtime
                }
            }
            boolean ok = failed == 0;
            emit(new JsonLine().put("case", "self-test").put("fixture_cases", reference.size() + large.size())
                    .put("emulated_passed", passed).put("emulated_failed", failed).put("status", ok ? "ok" : "failed")
                    .put("device", p.available() ? p.device() : p.reason()));
            System.out.println((p.available() ? "self-test: CUDA device " + p.device() + " found" : "self-test: " + p.reason())
                    + "; fixtures read (" + (reference.size() + large.size()) + " cases); CPU emulation of the device "
                    + "algorithm: " + passed + " passed, " + failed + " failed: " + (ok ? "OK" : "FAILED"));
            code = ok ? 0 : 1;
        } else if (!p.available()) {
            System.out.println("device-check: " + p.reason());
            code = 2;
        } else {
            for (FixtureCase c : reference) {
                check(c, true);
                check(c, false);
            }
            for (FixtureCase c : large) {
                check(c, true);
                check(c, false);
            }
            keptFactors(reference.get(0));
            MemoryCheck memory = new MemoryCheck(this);
            List<FixtureCase> solved = new ArrayList<>();
            for (FixtureCase c : reference) {
                if (List.of("ref-q1", "ref-q2").contains(c.name())) {
                    memory.cublasDualBuild(c, true, p);
                    memory.cublasDualBuild(c, false, p);
                }
                if (List.of("ref-p2", "ref-q1", FixtureGenerator.LARGE_ORDER_CASE).contains(c.name())) {
                    solved.add(c);
                }
            }
            memory.device(solved, p);
            for (FixtureCase c : reference) {
                if (c.name().equals("ref-q1") || c.name().equals("ref-p2")) {
                    adapter(c, false);
                }
            }
            if (timing) {
                for (int n : TIMING_N) {
                    for (boolean f64 : new boolean[] {true, false}) {
                        time("q0", n, 785, 200, f64);
                        time("p1", n, 201, 200, f64);
                    }
                }
            }
            emit(new JsonLine().put("case", "summary").put("passed", passed).put("failed", failed)
                    .put("seconds", (System.nanoTime() - start) / 1e9));
            System.out.println(passed + " passed, " + failed + " failed");
            code = failed == 0 ? 0 : 1;
        }
        if (out != null) {
            Files.createDirectories(out);
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("device-check.jsonl")))) {
                lines.forEach(w::println);
            }
        }
        return code;
    }

    private void check(FixtureCase c, boolean f64) {
        FixtureInputs in = c.inputs();
        SolverPath path = SolverPath.valueOf(c.path().toUpperCase(java.util.Locale.ROOT));
        JsonLine line = new JsonLine().put("case", c.name()).put("layer", c.layer()).put("precision", f64 ? "float64"
                : "float32").put("path", c.path()).put("n", in.n()).put("d", in.d()).put("m", in.m());
        double[] dir = new double[in.d() * in.m()];
        try (CudaFisherSolver s = new CudaFisherSolver(c.layer(), f64, false, path)) {
            try {
                s.refresh(in.n(), in.d(), in.m(), in.inputs(), in.curvatures(), c.alpha(), in.gradients(), dir);
                line.put("build", s.buildRoute()).put("ms_total", s.lastTimings().total() / 1e6);
                if (c.expectsError()) {
                    fail(line.put("pass", false).put("error", "expected " + c.errorMessage() + ", but the device solved it"));
                    return;
                }
                double err = c.relativeError(dir);
                double tol = f64 ? TOL_F64 : TOL_F32;
                line.put("rel_err", err).put("tol", tol).put("cpu_f32_rel_err", f64 ? null : c.cpuF32Error());
                record(line, err <= tol);
            } catch (NotPositiveDefiniteException e) {
                boolean same = c.expectsError() && e.context().equals(c.errorContext()) && e.index() == c.errorNeuron();
                line.put("expected_error", c.errorMessage()).put("error", e.getMessage());
                record(line, same);
            }
        } catch (RuntimeException e) {
            fail(line.put("pass", false).put("error", e.toString()));
        }
    }

    private void emulate(FixtureCase c, boolean f64) {
        FixtureInputs in = c.inputs();
        JsonLine line = new JsonLine().put("case", "emulated-" + c.name()).put("precision", f64 ? "float64" : "float32")
                .put("path", c.path()).put("n", in.n()).put("d", in.d()).put("m", in.m());
        double[] dir = new double[in.d() * in.m()];
        double tol = f64 ? TOL_F64 : TOL_F32;
        org.nrws.cuda.EmulatedMemory memory = new org.nrws.cuda.EmulatedMemory();
        try (org.nrws.cuda.FisherAlgorithm a = new org.nrws.cuda.FisherAlgorithm(c.layer(),
                new org.nrws.cuda.HostOps(f64, true, memory), false,
                SolverPath.valueOf(c.path().toUpperCase(java.util.Locale.ROOT)))) {
            a.refresh(in.n(), in.d(), in.m(), in.inputs(), in.curvatures(), c.alpha(), in.gradients(), dir);
            double err = c.expectsError() ? Double.NaN : c.relativeError(dir);
            line.put("rel_err", err).put("tol", tol);
            record(line, !c.expectsError() && err <= tol);
        } catch (NotPositiveDefiniteException e) {
            record(line.put("error", e.getMessage()), c.expectsError() && e.context().equals(c.errorContext())
                    && e.index() == c.errorNeuron());
        } catch (RuntimeException e) {
            fail(line.put("pass", false).put("error", e.toString()));
        }
    }

    private void keptFactors(FixtureCase c) {
        FixtureInputs in = c.inputs();
        JsonLine line = new JsonLine().put("case", "kept-factors-" + c.name()).put("precision", "float64");
        try (CudaFisherSolver s = new CudaFisherSolver(c.layer(), true, true,
                SolverPath.valueOf(c.path().toUpperCase(java.util.Locale.ROOT)))) {
            double[] dir = new double[in.d() * in.m()];
            double[] zero = new double[dir.length];
            s.refresh(in.n(), in.d(), in.m(), in.inputs(), in.curvatures(), c.alpha(), zero, dir);
            s.solve(in.gradients(), dir);                     // the kept factors, a new gradient
            double err = c.relativeError(dir);
            line.put("has_factors", s.hasFactors()).put("rel_err", err).put("tol", TOL_F64)
                    .put("ms_solve", s.lastTimings().solve() / 1e6);
            record(line, s.hasFactors() && err <= TOL_F64);
        } catch (RuntimeException e) {
            fail(line.put("pass", false).put("error", e.toString()));
        }
    }

    /**
     * The engine's solver SPI: HostMatrix operands, kept factors, a second gradient; on the device,
     * or on the CPU emulation.
     */
    private void adapter(FixtureCase c, boolean emulated) {
        FixtureInputs in = c.inputs();
        JsonLine line = new JsonLine().put("case", (emulated ? "emulated-adapter-" : "adapter-") + c.name())
                .put("precision", "float64").put("path", c.path());
        SolverPath path = SolverPath.valueOf(c.path().toUpperCase(java.util.Locale.ROOT));
        org.nrws.solver.SolverOptions options = new org.nrws.solver.SolverOptions(org.nrws.host.Precision.F64, false, true,
                path);
        try (org.nrws.solver.NaturalGradientSolver s = emulated
                ? new org.nrws.cuda.FisherSolverAdapter(new org.nrws.cuda.FisherAlgorithm(c.layer(),
                        new org.nrws.cuda.HostOps(), true, path), "emulated")
                : CudaSolverProvider.solver(c.layer(), options)) {
            org.nrws.solver.LayerSamples samples = new org.nrws.solver.LayerSamples(c.layer(),
                    host(in.inputs(), in.n(), in.d()), host(in.curvatures(), in.n(), in.m()));
            org.nrws.host.HostMatrix g = host(in.gradients(), in.d(), in.m());
            org.nrws.host.HostMatrix out = org.nrws.host.HostMatrix.allocate(org.nrws.host.Precision.F64, in.d(), in.m());
            s.refresh(samples, c.alpha(), g, out);
            double first = c.relativeError(values(out));
            s.solve(g, out);
            double second = c.relativeError(values(out));
            line.put("name", s.name()).put("rel_err_refresh", first).put("rel_err_solve", second).put("tol", TOL_F64);
            record(line, s.hasFactors() && first <= TOL_F64 && second <= TOL_F64 && s.lastPath() == path);
        } catch (RuntimeException e) {
            fail(line.put("pass", false).put("error", e.toString()));
        }
    }

    private static org.nrws.host.HostMatrix host(double[] a, int rows, int cols) {
        org.nrws.host.HostMatrix h = org.nrws.host.HostMatrix.allocate(org.nrws.host.Precision.F64, rows, cols);
        for (int k = 0; k < a.length; k++) {
            h.set(k, a[k]);
        }
        return h;
    }

    private static double[] values(org.nrws.host.HostMatrix h) {
        double[] a = new double[h.rows() * h.cols()];
        for (int k = 0; k < a.length; k++) {
            a[k] = h.get(k / h.cols(), k % h.cols());
        }
        return a;
    }

    private void time(String layer, int n, int d, int m, boolean f64) {
        FixtureInputs in = FixtureInputs.generate(7 + n, n, d, m, FixtureCase.DENSITY, -1);
        double[] u = in.inputs();
        double[] c = in.curvatures();
        double[] g = in.gradients();
        double[] dir = new double[d * m];
        JsonLine line = new JsonLine().put("case", "timing").put("layer", layer).put("precision", f64 ? "float64"
                : "float32").put("n", n).put("d", d).put("m", m);
        if (System.nanoTime() - start > BUDGET_NANOS) {
            emit(line.put("skipped", "the check has run for " + BUDGET_NANOS / 1_000_000_000L + " s (5 minute limit)"));
            return;
        }
        try (CudaFisherSolver s = new CudaFisherSolver(layer, f64, false, null)) {
            s.refresh(n, d, m, u, c, 0.01, g, dir);          // warm-up (allocations, NVRTC, cuBLAS heuristics)
            long best = Long.MAX_VALUE;
            org.nrws.cuda.FisherAlgorithm.Timings bt = null;
            for (int r = 0; r < 3; r++) {
                s.refresh(n, d, m, u, c, 0.01, g, dir);
                if (s.lastTimings().total() < best) {
                    best = s.lastTimings().total();
                    bt = s.lastTimings();
                }
            }
            SolverPath path = s.lastPath();
            double buildFlops = path == SolverPath.PRIMAL ? 2.0 * m * n * (double) d * d : 2.0 * n * (double) n * d;
            line.put("path", path.id()).put("build_route", s.buildRoute()).put("ms_upload", bt.upload() / 1e6)
                    .put("ms_build", bt.build() / 1e6).put("ms_factor", bt.factor() / 1e6).put("ms_solve", bt.solve() / 1e6)
                    .put("ms_layer", bt.total() / 1e6).put("build_tflops", buildFlops / (bt.build() * 1e-9) / 1e12);
            record(line, true);
        } catch (RuntimeException e) {
            fail(line.put("pass", false).put("error", e.toString()));
        }
    }

    /**
     * @param line the case's line
     * @param ok   whether it passed
     */
    void record(JsonLine line, boolean ok) {
        line.put("pass", ok);
        if (ok) {
            passed++;
        } else {
            failed++;
        }
        emit(line);
    }

    /** @param line a failed case's line (with its error) */
    void fail(JsonLine line) {
        failed++;
        emit(line);
    }

    private void emit(JsonLine line) {
        String s = line.toString();
        lines.add(s);
        System.out.println(s);
    }
}
