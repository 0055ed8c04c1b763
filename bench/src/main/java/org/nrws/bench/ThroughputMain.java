package org.nrws.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.estimator.StepResult;
import org.nrws.app.run.Json;
import org.nrws.linalg.BatchedCholesky;
import org.nrws.linalg.BatchedCholeskies;
import org.nrws.host.Blas;
import org.nrws.host.HostMatrix;
import org.nrws.host.Phases;
import org.nrws.host.Precision;
import org.nrws.host.ThreadPlan;
import org.nrws.solver.SolverFactory;
import org.nrws.train.Algorithm;

/**
 * Training throughput: updates per second of every algorithm at the reference size
 * (784-200-200-10, B = 32, K = 5), the natural ones with a float64, a float32 and a mixed-precision
 * Fisher, each step split into its phases ({@link Phases}: forward, weights, gradients, Fisher
 * build, factor, solve, optimiser), the DGEMM rate of the same run, and how the cost of RWS and
 * NRWS grows with K, with B and with the latent width. Each case is warmed up, then timed step by
 * step; the median is reported. One JSON line per case goes to stdout (the first line describes the
 * machine, the second the DGEMM rate); one PNG per scaling curve goes to {@code --out}.
 *
 * <p>Options: {@code --out DIR} (default bench/results), {@code --backend cpu|cuda} (recorded),
 * {@code --batch B} and {@code --samples K} (a single size: all algorithms at that B and K, no
 * scaling curves), {@code --latents 200,200,10}, {@code --algos ws,rws,...}, {@code --warmup W}
 * (default 20), {@code --reps R} (default 200), {@code --max-seconds S} per case (default 20; at
 * least 3 timed reps), {@code --no-scaling}, {@code --scaling}, {@code --threads T} (the thread
 * plan's pool; default all processors), {@code --solver cpu|reference} (the fused solver or the
 * original tensor path), {@code --fisher float64,float32,mixed}.
 */
public final class ThroughputMain {

    private ThroughputMain() {
    }

    /** Parsed options. */
    static final class Options {
        Path out = Path.of("bench/results");
        String backend = "cpu";
        Integer batch;
        Integer samples;
        int[] latents = {200, 200, 10};
        List<Algorithm> algos = new ArrayList<>(List.of(Algorithm.values()));
        int warmup = 20;
        int reps = 200;
        Integer threads;
        String solver = "cpu";
        List<String> fisher = new ArrayList<>(List.of("float64", "float32", "mixed"));
        double maxSeconds = 20;
        Boolean scaling;
    }

    /**
     * @param args see the class documentation
     * @throws IOException when a plot cannot be written
     */
    public static void main(String[] args) throws IOException {
        Options o = parse(args);
        Map<String, Object> env = BenchEnvironment.describe();
        env.put("case", "environment");
        if (!o.backend.equalsIgnoreCase("cuda") == !Nd4j.getEnvironment().isCPU()) {
            env.put("warning", "requested backend " + o.backend + " but ND4J loaded " + env.get("backend"));
            System.err.println("WARNING: requested backend " + o.backend + " but ND4J loaded " + env.get("backend"));
        }
        ThreadPlan plan = o.threads != null ? ThreadPlan.setShared(o.threads) : ThreadPlan.shared();
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        BatchedCholesky chol = BatchedCholeskies.best();
        SolverFactory solvers = "reference".equals(o.solver) ? SolverFactory.tensor(chol) : SolverFactory.cpu();
        env.put("solver", solvers.name());
        env.put("thread_plan", plan.toString());
        System.out.println(Json.write(env, 6));
        System.out.println(Json.write(dgemm(plan), 6));
        int b = o.batch != null ? o.batch : 32;
        int k = o.samples != null ? o.samples : 5;
        boolean single = o.batch != null || o.samples != null;
        boolean scaling = o.scaling != null ? o.scaling : !single;
        Map<String, Double> reference = new LinkedHashMap<>();
        for (Algorithm a : o.algos) {
            for (String fisher : a.isNatural() ? o.fisher : List.of("float64")) {
                reference.put(a.id() + "/" + fisher, measure(o, "reference", a, o.latents, b, k, solvers, fisher)
                        .get("seconds_median_double"));
            }
        }
        Double rws = reference.get("rws/float64");
        Double nrws = reference.get("nrws/float64");
        if (rws != null && nrws != null) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("case", "summary");
            s.put("batch", b);
            s.put("samples", k);
            s.put("rws_updates_per_s", 1 / rws);
            s.put("nrws_updates_per_s", 1 / nrws);
            reference.forEach((key, v) -> s.put(key.replace('/', '_') + "_updates_per_s", 1 / v));
            s.put("nrws_over_rws_time", nrws / rws);
            System.out.println(Json.write(s, 6));
        }
        if (!scaling) {
            return;
        }
        Algorithm[] pair = {Algorithm.RWS, Algorithm.NRWS};
        int[] ks = {1, 5, 10, 20};
        int[] bs = {8, 32, 128};
        int[] widths = {100, 200, 400};
        curve(o, "K", "samples K (B=32, 784-200-200-10)", ks, pair, v -> new int[] {32, v, 200}, solvers, "scaling-K.png");
        curve(o, "B", "batch B (K=5, 784-200-200-10)", bs, pair, v -> new int[] {v, 5, 200}, solvers, "scaling-B.png");
        curve(o, "width", "latent width w (784-w-w-10, B=32, K=5)", widths, pair, v -> new int[] {32, 5, v}, solvers,
                "scaling-width.png");
    }

    private static void curve(Options o, String name, String xLabel, int[] values, Algorithm[] algos,
                              java.util.function.IntFunction<int[]> bkw, SolverFactory solvers, String png)
            throws IOException {
        Map<String, double[][]> series = new LinkedHashMap<>();
        for (Algorithm a : algos) {
            double[][] xy = new double[2][values.length];
            for (int i = 0; i < values.length; i++) {
                int[] s = bkw.apply(values[i]);
                int[] latents = {s[2], s[2], 10};
                xy[0][i] = values[i];
                xy[1][i] = measure(o, "scaling-" + name, a, latents, s[0], s[1], solvers, "float64")
                        .get("seconds_median_double");
            }
            series.put(a.id(), xy);
        }
        if (series.size() == 2) {
            double[][] r = series.get(algos[0].id());
            double[][] n = series.get(algos[1].id());
            double[] ratio = new double[values.length];
            for (int i = 0; i < ratio.length; i++) {
                ratio[i] = n[1][i] / r[1][i];
            }
            System.out.println(Json.write(Map.of("case", "ratio-" + name, "values", Arrays.toString(values), "nrws_over_rws",
                    Arrays.toString(Arrays.stream(ratio).mapToObj(v -> String.format(Locale.ROOT, "%.2f", v)).toArray())), 6));
        }
        Plots.line(o.out.resolve(png), "Seconds per update vs " + name + " (median; " + BenchEnvironment.gitCommit() + ")",
                xLabel, "seconds per update (log)", series, true);
        System.err.println("plot: " + o.out.resolve(png));
    }

    /** @return the heap bytes allocated so far by every live thread (HotSpot's per-thread counters) */
    private static long allocatedBytes() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        if (!(mx instanceof com.sun.management.ThreadMXBean hs)) {
            return 0;
        }
        long sum = 0;
        for (long v : hs.getThreadAllocatedBytes(mx.getAllThreadIds())) {
            sum += Math.max(0, v);
        }
        return sum;
    }

    /** The DGEMM rate of this run: 1024^3 into a preallocated output, rows split over the thread plan. */
    static Map<String, Object> dgemm(ThreadPlan plan) {
        int n = 1024;
        HostMatrix a = HostMatrix.allocate(Precision.F64, n, n).fill(0.5);
        HostMatrix bb = HostMatrix.allocate(Precision.F64, n, n).fill(0.25);
        HostMatrix c = HostMatrix.allocate(Precision.F64, n, n);
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            Blas.gemm(plan.pool(), false, false, 1.0, a, bb, 0.0, c);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("case", "dgemm");
        j.put("n", n);
        j.put("gflops_best", 2.0 * n * n * n / best / 1e9);
        j.put("threads", plan.threads());
        j.put("load", BenchEnvironment.loadAverage());
        return j;
    }

    private static Map<String, Double> measure(Options o, String label, Algorithm a, int[] latents, int b, int k,
                                               SolverFactory solvers, String fisher) {
        System.gc();
        String loadBefore = BenchEnvironment.loadAverage();
        StepFixture f = new StepFixture(a, 784, latents, b, k, solvers, fisher, 1);
        long rows = 0;
        for (int i = 0; i < o.warmup; i++) {
            StepResult r = f.step();
            rows = r.wake().rows();
        }
        if (o.warmup == 0) {
            rows = f.step().wake().rows();
        }
        List<Double> times = new ArrayList<>();
        double total = 0;
        Phases.reset();
        Phases.enable(true);
        long allocatedBefore = allocatedBytes();
        while (times.size() < o.reps && (times.size() < 3 || total < o.maxSeconds)) {
            long t0 = System.nanoTime();
            f.step();
            double s = (System.nanoTime() - t0) / 1e9;
            times.add(s);
            total += s;
        }
        Phases.enable(false);
        long allocated = allocatedBytes() - allocatedBefore;
        double[] phases = Phases.millis();
        double[] t = Plots.array(times);
        Arrays.sort(t);
        double median = t.length % 2 == 1 ? t[t.length / 2] : 0.5 * (t[t.length / 2 - 1] + t[t.length / 2]);
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("case", label);
        j.put("algo", a.id());
        j.put("sizes", "784-" + String.join("-", Arrays.stream(latents).mapToObj(Integer::toString).toArray(String[]::new)));
        j.put("batch", b);
        j.put("samples", k);
        j.put("reps", t.length);
        j.put("seconds_median", median);
        j.put("seconds_min", t[0]);
        j.put("seconds_mean", total / t.length);
        j.put("updates_per_s", 1 / median);
        j.put("heap_bytes_allocated_per_step", (double) allocated / times.size());
        for (Phases.Phase p : Phases.Phase.values()) {
            j.put("ms_" + p.name().toLowerCase(Locale.ROOT), phases[p.ordinal()] / t.length);
        }
        if (a.isNatural()) {
            j.put("fisher", fisher);
            j.put("layer_paths", String.join("; ", f.layerPaths(rows)));
            j.put("solver", solvers.name());
        }
        j.put("load_before", loadBefore);
        j.put("load_after", BenchEnvironment.loadAverage());
        System.out.println(Json.write(j, 6));
        return Map.of("seconds_median_double", median);
    }

    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--out" -> o.out = Path.of(args[++i]);
                case "--backend" -> o.backend = args[++i];
                case "--batch" -> o.batch = Integer.parseInt(args[++i]);
                case "--samples" -> o.samples = Integer.parseInt(args[++i]);
                case "--latents" -> o.latents = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--algos" -> {
                    o.algos.clear();
                    for (String s : args[++i].split(",")) {
                        o.algos.add(Algorithm.parse(s.trim()));
                    }
                }
                case "--warmup" -> o.warmup = Integer.parseInt(args[++i]);
                case "--threads" -> o.threads = Integer.parseInt(args[++i]);
                case "--solver" -> o.solver = args[++i];
                case "--fisher" -> o.fisher = new ArrayList<>(List.of(args[++i].split(",")));
                case "--reps" -> o.reps = Integer.parseInt(args[++i]);
                case "--max-seconds" -> o.maxSeconds = Double.parseDouble(args[++i]);
                case "--no-scaling" -> o.scaling = false;
                case "--scaling" -> o.scaling = true;
                case "-h", "--help" -> {
                    System.out.println("ThroughputMain [--out DIR] [--backend cpu|cuda] [--batch B] [--samples K] [--latents 200,200,10]"
                            + " [--algos ws,rws,bihm,nws,nrws,nbihm] [--warmup W] [--reps R] [--max-seconds S] [--no-scaling|--scaling]"
                            + " [--threads T] [--solver cpu|reference] [--fisher float64,float32,mixed]");
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown option " + a + " (see --help)");
            }
        }
        return o;
    }
}
