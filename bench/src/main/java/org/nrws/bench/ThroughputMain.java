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
import org.nrws.linalg.BatchedCholesky;
import org.nrws.linalg.BatchedCholeskies;
import org.nrws.train.Algorithm;

/**
 * Training throughput: updates per second of every algorithm at the reference size
 * (784-200-200-10, B = 32, K = 5), and how the cost of RWS and NRWS grows with K, with B and
 * with the latent width. Each case is warmed up, then timed step by step; the median is
 * reported. One JSON line per case goes to stdout (the first line describes the machine); one
 * PNG per scaling curve goes to {@code --out}.
 *
 * <p>Options: {@code --out DIR} (default bench/results), {@code --backend cpu|cuda} (recorded and
 * checked against the ND4J backend that loaded; select the backend with BACKEND_PRIORITY_*),
 * {@code --batch B} and {@code --samples K} (a single size: all algorithms at that B and K, no
 * scaling curves, as {@code scripts/gpu-check.sh} calls it), {@code --latents 200,200,10},
 * {@code --algos ws,rws,...}, {@code --warmup W} (default 3), {@code --reps R} (default 10),
 * {@code --max-seconds S} per case (default 20; at least 3 timed reps), {@code --no-scaling},
 * {@code --scaling} (force the curves in single-size mode).
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
        int warmup = 3;
        int reps = 10;
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
        BatchedCholesky chol = BatchedCholeskies.best();
        env.put("cholesky", chol.name());
        System.out.println(Json.write(env));
        int b = o.batch != null ? o.batch : 32;
        int k = o.samples != null ? o.samples : 5;
        boolean single = o.batch != null || o.samples != null;
        boolean scaling = o.scaling != null ? o.scaling : !single;
        Map<Algorithm, Double> reference = new LinkedHashMap<>();
        for (Algorithm a : o.algos) {
            reference.put(a, measure(o, "reference", a, o.latents, b, k, chol).get("seconds_median_double"));
        }
        if (reference.containsKey(Algorithm.RWS) && reference.containsKey(Algorithm.NRWS)) {
            System.out.println(Json.write(Map.of("case", "summary", "nrws_over_rws_time", reference.get(Algorithm.NRWS)
                    / reference.get(Algorithm.RWS), "nrws_updates_per_s", 1 / reference.get(Algorithm.NRWS), "batch", b, "samples", k)));
        }
        if (!scaling) {
            return;
        }
        Algorithm[] pair = {Algorithm.RWS, Algorithm.NRWS};
        int[] ks = {1, 5, 10, 20};
        int[] bs = {8, 32, 128};
        int[] widths = {100, 200, 400};
        curve(o, "K", "samples K (B=32, 784-200-200-10)", ks, pair, v -> new int[] {32, v, 200}, chol, "scaling-K.png");
        curve(o, "B", "batch B (K=5, 784-200-200-10)", bs, pair, v -> new int[] {v, 5, 200}, chol, "scaling-B.png");
        curve(o, "width", "latent width w (784-w-w-10, B=32, K=5)", widths, pair, v -> new int[] {32, 5, v}, chol,
                "scaling-width.png");
    }

    private static void curve(Options o, String name, String xLabel, int[] values, Algorithm[] algos,
                              java.util.function.IntFunction<int[]> bkw, BatchedCholesky chol, String png) throws IOException {
        Map<String, double[][]> series = new LinkedHashMap<>();
        for (Algorithm a : algos) {
            double[][] xy = new double[2][values.length];
            for (int i = 0; i < values.length; i++) {
                int[] s = bkw.apply(values[i]);
                int[] latents = {s[2], s[2], 10};
                xy[0][i] = values[i];
                xy[1][i] = measure(o, "scaling-" + name, a, latents, s[0], s[1], chol).get("seconds_median_double");
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
                    Arrays.toString(Arrays.stream(ratio).mapToObj(v -> String.format(Locale.ROOT, "%.2f", v)).toArray()))));
        }
        Plots.line(o.out.resolve(png), "Seconds per update vs " + name + " (median; " + BenchEnvironment.gitCommit() + ")",
                xLabel, "seconds per update (log)", series, true);
        System.err.println("plot: " + o.out.resolve(png));
    }

    private static Map<String, Double> measure(Options o, String label, Algorithm a, int[] latents, int b, int k,
                                               BatchedCholesky chol) {
        System.gc();
        String loadBefore = BenchEnvironment.loadAverage();
        StepFixture f = new StepFixture(a, 784, latents, b, k, chol, 1);
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
        while (times.size() < o.reps && (times.size() < 3 || total < o.maxSeconds)) {
            long t0 = System.nanoTime();
            f.step();
            double s = (System.nanoTime() - t0) / 1e9;
            times.add(s);
            total += s;
        }
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
        if (a.isNatural()) {
            j.put("layer_paths", String.join("; ", f.layerPaths(rows)));
            j.put("cholesky", chol.name());
        }
        j.put("load_before", loadBefore);
        j.put("load_after", BenchEnvironment.loadAverage());
        System.out.println(Json.write(j));
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
                case "--reps" -> o.reps = Integer.parseInt(args[++i]);
                case "--max-seconds" -> o.maxSeconds = Double.parseDouble(args[++i]);
                case "--no-scaling" -> o.scaling = false;
                case "--scaling" -> o.scaling = true;
                case "-h", "--help" -> {
                    System.out.println("ThroughputMain [--out DIR] [--backend cpu|cuda] [--batch B] [--samples K] [--latents 200,200,10]"
                            + " [--algos ws,rws,bihm,nws,nrws,nbihm] [--warmup W] [--reps R] [--max-seconds S] [--no-scaling|--scaling]");
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown option " + a + " (see --help)");
            }
        }
        return o;
    }
}
