package org.nrws.cuda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nrws.host.HostMatrix;
import org.nrws.host.Precision;
import org.nrws.host.WorkerPool;
import org.nrws.linalg.NotPositiveDefiniteException;
import org.nrws.solver.CpuFusedSolver;
import org.nrws.solver.LayerSamples;
import org.nrws.solver.PathRule;
import org.nrws.solver.SolverOptions;
import org.nrws.solver.SolverPath;

/**
 * Writes the device check's fixtures: every layer of the reference machine 784-200-200-10 at
 * B = 32, K = 5 (N = 160; q0 sees the B distinct data rows) with stored inputs, the same layers at
 * B = 1024, K = 10 (N = 10,240) with generated inputs, and two cases whose systems are not
 * positive definite (one per path). The expected directions are the CPU engine's
 * ({@link CpuFusedSolver}, float64), on the path that its cost model picks.
 *
 * <p>Usage: {@code FixtureGenerator OUT_DIR [--small]}; {@code --small} writes tiny shapes only (tests).
 */
public final class FixtureGenerator {

    /** The reference case whose blocks are of order 785 (q0, primal forced, N = 800, m = 2). */
    public static final String LARGE_ORDER_CASE = "large-order-q0";

    /** The reference damping (docs/math.md section 7: alpha = 0.01). */
    public static final double ALPHA = 0.01;

    /**
     * One layer's shape.
     *
     * @param layer the layer's name
     * @param n     N
     * @param d     d
     * @param m     m
     */
    public record Shape(String layer, int n, int d, int m) {
    }

    private FixtureGenerator() {
    }

    /**
     * @param batch   B
     * @param samples K
     * @return the seven layers of 784-200-200-10 (p0..p3, q0..q2): N = B K, except q0 with N = B
     */
    public static List<Shape> machine(int batch, int samples) {
        int n = batch * samples;
        return List.of(new Shape("p0", n, 201, 784), new Shape("p1", n, 201, 200), new Shape("p2", n, 11, 200),
                new Shape("p3", n, 1, 10), new Shape("q0", batch, 785, 200), new Shape("q1", n, 201, 200),
                new Shape("q2", n, 201, 10));
    }

    /**
     * @param args {@code OUT_DIR [--small]}
     * @throws IOException when a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: FixtureGenerator OUT_DIR [--small]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        boolean small = args.length > 1 && args[1].equals("--small");
        WorkerPool pool = org.nrws.host.ThreadPlan.shared().pool();
        long t0 = System.nanoTime();
        if (small) {
            List<FixtureCase> cases = new ArrayList<>();
            cases.add(solve("small-primal", new Shape("t0", 40, 7, 5), 11, false, -1, true, pool));
            cases.add(solve("small-dual", new Shape("t1", 6, 9, 4), 12, false, -1, true, pool));
            cases.add(solve("small-generated", new Shape("t2", 30, 5, 3), 13, true, -1, true, pool));
            cases.add(solve("small-nonspd", new Shape("t3", 6, 9, 4), 14, false, 2, false, pool));
            FixtureFile.write(dir.resolve("small.fix"), cases);
        } else {
            List<FixtureCase> ref = new ArrayList<>();
            long seed = 1000;
            for (Shape s : machine(32, 5)) {
                ref.add(solve("ref-" + s.layer(), s, seed++, false, -1, true, pool));
            }
            ref.add(solve("nonspd-dual-p1", new Shape("p1", 160, 201, 200), seed++, false, 3, false, pool));
            ref.add(solve("nonspd-primal-p2", new Shape("p2", 160, 11, 200), seed++, false, 5, false, pool));
            // q0's blocks at a large batch (order 785 > MemoryPlan.LARGE_ORDER: the blocked potrf/potrs), few units so
            // that the bundle's self-test can run it on the emulation
            ref.add(solve(LARGE_ORDER_CASE, new Shape("q0", 800, 785, 2), 2000, false, -1, true, SolverPath.PRIMAL, pool));
            FixtureFile.write(dir.resolve("reference.fix"), ref);
            List<FixtureCase> large = new ArrayList<>();
            for (Shape s : machine(1024, 10)) {
                large.add(solve("large-" + s.layer(), s, seed++, true, -1, false, pool));
            }
            FixtureFile.write(dir.resolve("large.fix"), large);
        }
        System.out.printf("fixtures written to %s in %.1f s%n", dir, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Solves one case on the CPU.
     *
     * @param name      the case's name
     * @param s         the shape
     * @param seed      the inputs' seed
     * @param generated whether the file stores only the seed
     * @param negated   the unit to make indefinite, or -1
     * @param f32       also measure the CPU's own float32 error
     * @param pool      the CPU threads
     * @return the case
     */
    public static FixtureCase solve(String name, Shape s, long seed, boolean generated, int negated, boolean f32,
                                    WorkerPool pool) {
        return solve(name, s, seed, generated, negated, f32, null, pool);
    }

    /**
     * Solves one case on the CPU on a given path.
     *
     * @param name      the case's name
     * @param s         the shape
     * @param seed      the inputs' seed
     * @param generated whether the file stores only the seed
     * @param negated   the unit to make indefinite, or -1
     * @param f32       also measure the CPU's own float32 error
     * @param forced    the path, or null for the CPU's choice ({@link PathRule#choose})
     * @param pool      the CPU threads
     * @return the case
     */
    public static FixtureCase solve(String name, Shape s, long seed, boolean generated, int negated, boolean f32,
                                    SolverPath forced, WorkerPool pool) {
        FixtureInputs in = FixtureInputs.generate(seed, s.n(), s.d(), s.m(), FixtureCase.DENSITY, negated);
        SolverPath path = forced != null ? forced : PathRule.choose(s.n(), s.d(), s.m());
        LayerSamples samples = new LayerSamples(s.layer(), matrix(in.inputs(), s.n(), s.d()),
                matrix(in.curvatures(), s.n(), s.m()));
        HostMatrix g = matrix(in.gradients(), s.d(), s.m());
        HostMatrix out = HostMatrix.allocate(Precision.F64, s.d(), s.m());
        try (CpuFusedSolver cpu = new CpuFusedSolver(s.layer(), new SolverOptions(Precision.F64, false, false, path), pool)) {
            cpu.refresh(samples, ALPHA, g, out);
        } catch (NotPositiveDefiniteException e) {
            if (negated < 0) {
                throw e;
            }
            return new FixtureCase(name, s.layer(), path.id(), ALPHA, seed, generated, in, null, Double.NaN, e.context(),
                    (int) e.index(), e.getMessage());
        }
        if (negated >= 0) {
            throw new IllegalStateException(name + ": the CPU solved a system with negated unit " + negated);
        }
        double[] expected = values(out);
        double f32Error = Double.NaN;
        if (f32) {
            HostMatrix o32 = HostMatrix.allocate(Precision.F64, s.d(), s.m());
            try (CpuFusedSolver cpu = new CpuFusedSolver(s.layer(), new SolverOptions(Precision.F32, false, false, path),
                    pool)) {
                cpu.refresh(samples, ALPHA, g, o32);
            }
            f32Error = FixtureCase.relativeError(values(o32), expected);
        }
        return new FixtureCase(name, s.layer(), path.id(), ALPHA, seed, generated, in, expected, f32Error, null, -1, null);
    }

    /**
     * @param a    row-major values
     * @param rows rows
     * @param cols columns
     * @return a float64 host matrix holding them
     */
    public static HostMatrix matrix(double[] a, int rows, int cols) {
        HostMatrix h = HostMatrix.allocate(Precision.F64, rows, cols);
        for (int k = 0; k < a.length; k++) {
            h.set(k, a[k]);
        }
        return h;
    }

    /**
     * @param h a contiguous matrix
     * @return its values, row-major
     */
    public static double[] values(HostMatrix h) {
        double[] a = new double[h.rows() * h.cols()];
        for (int r = 0; r < h.rows(); r++) {
            for (int c = 0; c < h.cols(); c++) {
                a[r * h.cols() + c] = h.get(r, c);
            }
        }
        return a;
    }
}
