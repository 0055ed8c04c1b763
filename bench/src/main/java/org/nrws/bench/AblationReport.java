package org.nrws.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.knowm.xchart.XYChart;
import org.nrws.app.run.Json;
import org.nrws.app.run.MetricsCsv;

/**
 * Summarises the runs of {@code bench/science/ablation.sh}: the grid (best validation LL of each
 * grid point, the chosen one marked), the finals (test LL at K = 1000 on the full test set, mean
 * and spread over the seeds, updates and updates per second; then exact minus each method, seed by seed),
 * the conventions 2 x 2 (units x initialisation), the reference run, and one PNG per
 * family (RWS, BiHM) with the test LL of the monitor (K = 20, first 1000 test rows) against updates
 * and against training seconds, averaged over the seeds at each evaluation. Markdown to stdout.
 *
 * <p>Usage: {@code AblationReport RUNS_DIR [PNG_DIR]} (default PNG_DIR: bench/results).
 */
public final class AblationReport {

    private static final String[] METHODS = {"none", "diagonal", "foof", "kfac", "exact"};

    private AblationReport() {
    }

    /**
     * @param args the runs folder (runs/ablation) and optionally the PNG folder
     * @throws IOException when a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Path runs = Path.of(args.length > 0 ? args[0] : "runs/ablation");
        Path png = Path.of(args.length > 1 ? args[1] : "bench/results");
        System.out.println("### Grid (seed 1; budgets as ablation.sh ran them; best validation LL of the monitor, K = 20, 1000 rows)\n");
        System.out.println("| method | grid point | best valid LL | updates |");
        System.out.println("|---|---|---|---|");
        Map<String, String> chosen = new TreeMap<>();
        for (Path dir : list(runs.resolve("grid"))) {
            JsonObject r = result(dir);
            String name = dir.getFileName().toString();
            String method = method(name);
            double v = r == null ? Double.NEGATIVE_INFINITY : number(r, "best_valid_ll_monitor");
            String point = name.substring(method.length() + 1);
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s |%n", method, point, r == null ? "failed (diverged)"
                    : fmt(v), r == null ? "" : r.get("updates").getAsString());
            String prev = chosen.get(method);
            if (r != null && (prev == null || v > Double.parseDouble(prev.split("\\|")[1]))) {
                chosen.put(method, point + "|" + v);
            }
        }
        System.out.println("\nChosen: " + chosen.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().split("\\|")[0])
                .reduce((a, b) -> a + ", " + b).orElse("none"));
        System.out.println("\n### Finals (each method at its chosen grid point; test LL on all 10,000 test images at the K of each run's eval_k)\n");
        System.out.println("| method | K | test LL (mean +- sd over seeds) | per seed | mean SE | BiHM log p* (mean) | updates"
                + " | updates/s |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        List<String> paired = new ArrayList<>();
        for (String family : new String[] {"rws", "bihm"}) {
            Map<String, double[]> bySeed = new LinkedHashMap<>();
            Map<String, double[][]> byUpdates = new LinkedHashMap<>();
            Map<String, double[][]> bySeconds = new LinkedHashMap<>();
            for (String m : METHODS) {
                String method = family + "-" + m;
                List<JsonObject> results = new ArrayList<>();
                List<List<MetricsCsv.Row>> curves = new ArrayList<>();
                for (int seed = 1; seed <= 3; seed++) {
                    Path dir = runs.resolve("final").resolve(method + "-seed" + seed);
                    JsonObject r = result(dir);
                    if (r != null) {
                        results.add(r);
                        bySeed.computeIfAbsent(m, x -> new double[] {Double.NaN, Double.NaN, Double.NaN})[seed - 1] =
                                number(r, "test_ll");
                        curves.add(MetricsCsv.read(dir.resolve("metrics.csv")).stream()
                                .filter(row -> "monitor".equals(row.kind()) && row.testLl() != null).toList());
                    }
                }
                if (results.isEmpty()) {
                    continue;
                }
                double[] ll = results.stream().mapToDouble(r -> number(r, "test_ll")).toArray();
                String per = String.join(", ", Arrays.stream(ll).mapToObj(AblationReport::fmt).toList());
                double pstar = meanOf(results, "bihm_log_pstar");
                String ks = results.stream().map(r -> r.get("eval_k").getAsString()).distinct()
                        .reduce((a, b) -> a + "/" + b).orElse("");
                System.out.printf(Locale.ROOT, "| %s | %s | %s +- %s | %s | %s | %s | %.0f | %.1f |%n", method, ks, fmt(mean(ll)),
                        fmt(sd(ll)), per, fmt(meanOf(results, "test_ll_se")), Double.isNaN(pstar) ? "" : fmt(pstar),
                        meanOf(results, "updates"), meanOf(results, "updates_per_s"));
                int n = curves.stream().mapToInt(List::size).min().orElse(0);
                double[][] u = new double[2][n];
                double[][] s = new double[2][n];
                for (int i = 0; i < n; i++) {
                    for (List<MetricsCsv.Row> c : curves) {
                        u[0][i] += c.get(i).updates() / (double) curves.size();
                        s[0][i] += c.get(i).wallS() / curves.size();
                        u[1][i] += c.get(i).testLl() / curves.size();
                    }
                    s[1][i] = u[1][i];
                }
                byUpdates.put(m, u);
                bySeconds.put(m, s);
            }
            paired.addAll(paired(family, bySeed));
            if (!byUpdates.isEmpty()) {
                plot(png.resolve("ablation-" + family + ".png"), family, byUpdates, bySeconds);
            }
        }
        if (!paired.isEmpty()) {
            System.out.println("\nPaired by seed (a seed gives every method the same initial model, minibatches and evaluation"
                    + " stream): exact minus method, in nats\n");
            System.out.println("| method | seeds | per seed | mean | sd |");
            System.out.println("|---|---|---|---|---|");
            paired.forEach(System.out::println);
        }
        conventions(runs.resolve("conventions"));
        JsonObject ref = result(runs.resolve("reference").resolve("nrws-paper"));
        if (ref != null) {
            System.out.printf(Locale.ROOT, "%n### Reference run%n%nNRWS, paper configuration: test LL %s +- %s (K = %s), %s updates,"
                            + " %s epochs, %s training seconds, %s s of evaluation%n", fmt(number(ref, "test_ll")),
                    fmt(number(ref, "test_ll_se")), ref.get("eval_k").getAsString(), ref.get("updates").getAsString(),
                    ref.get("epochs").getAsString(), ref.get("wall_s").getAsString(), ref.get("eval_s").getAsString());
        }
    }

    /** The 2 x 2 of {@code ablation.sh conventions}: one row per run, with the monitor's first and last test LL. */
    private static void conventions(Path dir) throws IOException {
        List<Path> runs = list(dir);
        if (runs.isEmpty()) {
            return;
        }
        System.out.println("\n### Conventions (NRWS, the reference run's settings; units x initialisation)\n");
        System.out.println("| run | test LL +- SE | K | monitor at the start | monitor at the end | updates | updates/s |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Path run : runs) {
            JsonObject r = result(run);
            if (r == null) {
                System.out.printf(Locale.ROOT, "| %s | failed | | | | | |%n", run.getFileName());
                continue;
            }
            List<MetricsCsv.Row> m = MetricsCsv.read(run.resolve("metrics.csv")).stream()
                    .filter(row -> "monitor".equals(row.kind()) && row.testLl() != null).toList();
            System.out.printf(Locale.ROOT, "| %s | %s +- %s | %s | %s | %s | %s | %.1f |%n", run.getFileName(),
                    fmt(number(r, "test_ll")), fmt(number(r, "test_ll_se")), r.get("eval_k").getAsString(),
                    m.isEmpty() ? "" : fmt(m.get(0).testLl()), m.isEmpty() ? "" : fmt(m.get(m.size() - 1).testLl()),
                    r.get("updates").getAsString(), number(r, "updates_per_s"));
        }
    }

    /** The rows of the paired table of one family: test LL of exact minus that of each method, seed by seed. */
    private static List<String> paired(String family, Map<String, double[]> bySeed) {
        double[] exact = bySeed.get("exact");
        List<String> rows = new ArrayList<>();
        if (exact == null) {
            return rows;
        }
        bySeed.forEach((m, ll) -> {
            if (m.equals("exact")) {
                return;
            }
            List<Double> d = new ArrayList<>();
            for (int i = 0; i < ll.length; i++) {
                if (!Double.isNaN(ll[i]) && !Double.isNaN(exact[i])) {
                    d.add(exact[i] - ll[i]);
                }
            }
            double[] a = d.stream().mapToDouble(Double::doubleValue).toArray();
            if (a.length > 0) {
                rows.add(String.format(Locale.ROOT, "| %s-%s | %d | %s | %s | %s |", family, m, a.length,
                        String.join(", ", Arrays.stream(a).mapToObj(AblationReport::fmt).toList()), fmt(mean(a)), fmt(sd(a))));
            }
        });
        return rows;
    }

    private static double meanOf(List<JsonObject> results, String key) {
        return mean(results.stream().mapToDouble(r -> number(r, key)).toArray());
    }

    private static void plot(Path file, String family, Map<String, double[][]> byUpdates, Map<String, double[][]> bySeconds)
            throws IOException {
        XYChart a = Plots.chart(family.toUpperCase(Locale.ROOT) + " + preconditioner: test LL (K=20, 1000 rows) vs updates",
                "updates (mean over the seeds run)", "test log-likelihood (nats)", false);
        byUpdates.forEach((name, xy) -> a.addSeries(name, xy[0], xy[1]));
        XYChart b = Plots.chart(family.toUpperCase(Locale.ROOT) + " + preconditioner: test LL vs training seconds",
                "training seconds (mean over the seeds run)", "test log-likelihood (nats)", false);
        bySeconds.forEach((name, xy) -> b.addSeries(name, xy[0], xy[1]));
        Plots.save(a, file.resolveSibling(file.getFileName().toString().replace(".png", "-updates.png")));
        Plots.save(b, file.resolveSibling(file.getFileName().toString().replace(".png", "-seconds.png")));
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static JsonObject result(Path dir) throws IOException {
        Path f = dir.resolve("result.json");
        if (!Files.exists(f)) {
            return null;
        }
        return Json.parseObject(Files.readString(f, StandardCharsets.UTF_8).trim());
    }

    /** {@code rws-none-adam-1e-3} to {@code rws-none}. */
    private static String method(String run) {
        String[] p = run.split("-");
        return p[0] + "-" + p[1];
    }

    private static double number(JsonObject r, String key) {
        JsonElement e = r.get(key);
        return e == null || e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }

    private static double mean(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s / a.length;
    }

    private static double sd(double[] a) {
        if (a.length < 2) {
            return Double.NaN;
        }
        double m = mean(a);
        double s = 0;
        for (double v : a) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (a.length - 1));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
