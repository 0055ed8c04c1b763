package org.nrws.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.nrws.app.run.Json;
import org.nrws.host.HostMatrix;
import org.nrws.host.Precision;
import org.nrws.host.ThreadPlan;
import org.nrws.linalg.BatchedCholeskies;
import org.nrws.linalg.BatchedCholesky;
import org.nrws.random.RandomSource;
import org.nrws.solver.LayerSamples;
import org.nrws.solver.NaturalGradientSolver;
import org.nrws.solver.SolverFactory;
import org.nrws.solver.SolverOptions;
import org.nrws.solver.SolverPath;

/**
 * The natural-gradient solvers one layer at a time: the fused CPU solver against the original
 * tensor path ({@link org.nrws.solver.TensorSolver}), at the layer shapes of the reference
 * configuration and of larger batches, in float64, float32 and mixed precision, with the
 * agreement of each with the fused float64 direction. One JSON line per case.
 *
 * <p>Inputs: binary U with a ones column (density 0.3), curvatures {@code pi (1 - pi) / N} of
 * uniform pi, a Gaussian gradient, seeded. Options: {@code --reps R} (default 5; the best is
 * reported), {@code --large} (adds N = 1024 and 10240 primal shapes), {@code --large-only}.
 */
public final class SolverMain {

    private SolverMain() {
    }

    /**
     * @param args see the class documentation
     */
    public static void main(String[] args) {
        int reps = 5;
        boolean large = false;
        boolean largeOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--large" -> large = true;
                case "--large-only" -> largeOnly = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--reps R, --large)");
            }
        }
        ThreadPlan plan = ThreadPlan.shared();
        Map<String, Object> env = BenchEnvironment.describe();
        env.put("case", "environment");
        env.put("thread_plan", plan.toString());
        System.out.println(Json.write(env, 6));
        BatchedCholesky chol = BatchedCholeskies.best();
        // name, N, d, m, path (null: automatic): the reference configuration's layers (q0 with its 32 merged rows)
        Object[][] shapes = {
            {"p0", 160, 201, 784, null}, {"p1", 160, 201, 200, null}, {"p2", 160, 11, 200, null},
            {"q0", 32, 785, 200, null}, {"q1", 160, 201, 200, null}, {"q2", 160, 201, 10, null},
            {"q0-unmerged", 160, 785, 200, null},
        };
        Object[][] big = {
            {"primal-N1024", 1024, 201, 200, SolverPath.PRIMAL}, {"primal-N10240", 10240, 201, 200, SolverPath.PRIMAL},
        };
        if (!largeOnly) {
            run(shapes, reps, chol);
        }
        if (large || largeOnly) {
            run(big, Math.min(reps, 2), chol);
        }
    }

    private static void run(Object[][] shapes, int reps, BatchedCholesky chol) {
        for (Object[] s : shapes) {
            String name = (String) s[0];
            int n = (Integer) s[1];
            int d = (Integer) s[2];
            int m = (Integer) s[3];
            SolverPath path = (SolverPath) s[4];
            HostMatrix[] pr = problem(n, d, m, 7);
            HostMatrix exact = HostMatrix.allocate(Precision.F64, d, m);
            double base = time(SolverFactory.cpu(), new SolverOptions(Precision.F64, false, false, path), pr, reps, exact);
            for (String what : new String[] {"float64", "float32", "mixed", "reference-float64"}) {
                SolverOptions o = switch (what) {
                    case "float32" -> new SolverOptions(Precision.F32, false, false, path);
                    case "mixed" -> new SolverOptions(Precision.F32, true, false, path);
                    default -> new SolverOptions(Precision.F64, false, false, path);
                };
                SolverFactory f = what.startsWith("reference") ? SolverFactory.tensor(chol) : SolverFactory.cpu();
                HostMatrix out = HostMatrix.allocate(Precision.F64, d, m);
                double sec = what.equals("float64") ? base : time(f, o, pr, what.startsWith("reference") ? 1 : reps, out);
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("case", "solver");
                j.put("layer", name);
                j.put("N", n);
                j.put("d", d);
                j.put("m", m);
                j.put("solver", what);
                j.put("path", path == null ? "auto" : path.id());
                j.put("ms", sec * 1e3);
                j.put("rel_error_vs_float64", what.equals("float64") ? 0.0 : relError(out, exact));
                j.put("load", BenchEnvironment.loadAverage());
                System.out.println(Json.write(j, 6));
            }
        }
    }

    private static double time(SolverFactory f, SolverOptions o, HostMatrix[] pr, int reps, HostMatrix out) {
        NaturalGradientSolver s = f.create("bench", o);
        double best = Double.MAX_VALUE;
        for (int r = 0; r < reps + 1; r++) {
            long t0 = System.nanoTime();
            s.refresh(new LayerSamples("bench", pr[0], pr[1]), 0.01, pr[2], out);
            double sec = (System.nanoTime() - t0) / 1e9;
            if (r > 0 || reps == 1) {
                best = Math.min(best, sec);
            }
        }
        s.close();
        return best;
    }

    /** max |a - b| / max |b|. */
    private static double relError(HostMatrix a, HostMatrix b) {
        double num = 0;
        double den = 0;
        for (int r = 0; r < a.rows(); r++) {
            for (int c = 0; c < a.cols(); c++) {
                num = Math.max(num, Math.abs(a.get(r, c) - b.get(r, c)));
                den = Math.max(den, Math.abs(b.get(r, c)));
            }
        }
        return num / den;
    }

    private static HostMatrix[] problem(int n, int d, int m, long seed) {
        RandomSource r = RandomSource.of(seed);
        HostMatrix u = HostMatrix.allocate(Precision.F64, n, d);
        HostMatrix c = HostMatrix.allocate(Precision.F64, n, m);
        HostMatrix g = HostMatrix.allocate(Precision.F64, d, m);
        for (int a = 0; a < n; a++) {
            for (int j = 0; j < d; j++) {
                u.set(a, j, j == d - 1 || r.nextDouble() < 0.3 ? 1 : 0);
            }
            for (int i = 0; i < m; i++) {
                double p = Math.min(0.999, Math.max(0.001, r.nextDouble()));
                c.set(a, i, p * (1 - p) / n);
            }
        }
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < m; i++) {
                g.set(j, i, r.nextGaussian());
            }
        }
        return new HostMatrix[] {u, c, g};
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
