package org.nrws.bench;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.nrws.app.run.Charts;
import org.nrws.app.run.Json;
import org.nrws.app.run.MetricsCsv;

/**
 * Summarises a study of {@code bench/science/timed.sh}: a Markdown table with one row per run
 * (arm, seed, updates, updates per training second, final test LL with its standard error, the
 * DGEMM rate and load measured before the run) and a mean over seeds per arm, then one figure per
 * question of the arms file, {@code OUT/<study>-<question>.png}, with the test LL of the curve's
 * evaluations (K = 20, 1000 test rows) against updates and against training seconds from the first
 * minute on, every arm of
 * the question plus the arms of question {@code base}. A run is read from the runs folder when it
 * is there, else from the kept copy; arms with no finished run are listed as missing.
 */
public final class ScienceReport {

    /** The figures start at this many training seconds. */
    static final double FIGURE_FROM_SECONDS = 60;

    private ScienceReport() {
    }

    /** One line of an arms file. */
    private record Arm(String name, String question, String options) {
    }

    /**
     * @param args {@code ARMS_FILE RUNS_DIR KEPT_DIR PNG_DIR}
     * @throws IOException when a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("ScienceReport: usage: ScienceReport ARMS_FILE RUNS_DIR KEPT_DIR PNG_DIR");
            System.exit(2);
        }
        Path armsFile = Path.of(args[0]);
        String study = armsFile.getFileName().toString().replaceFirst("\\.arms$", "");
        List<Arm> arms = new ArrayList<>();
        for (String line : Files.readAllLines(armsFile)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\|", 3);
            if (f.length != 3) {
                throw new IllegalArgumentException(armsFile + ": not name|question|options: " + line);
            }
            arms.add(new Arm(f[0], f[1], f[2]));
        }
        Map<String, Map<String, List<MetricsCsv.Row>>> figures = new LinkedHashMap<>();
        StringBuilder runs = new StringBuilder("| arm | seed | question | updates | updates/s | final test LL | K, test images "
                + "| DGEMM GF/s before | load before | options |\n|---|---|---|---|---|---|---|---|---|---|\n");
        StringBuilder means = new StringBuilder("| arm | seeds | mean test LL | per seed |\n|---|---|---|---|\n");
        List<String> missing = new ArrayList<>();
        for (Arm arm : arms) {
            List<Double> lls = new ArrayList<>();
            for (int seed : seeds(arm, Path.of(args[1]), Path.of(args[2]))) {
                Path dir = find(arm.name() + "-s" + seed, Path.of(args[1]), Path.of(args[2]));
                JsonObject r = Json.parseObject(Files.readString(dir.resolve("result.json")));
                Path machinePath = dir.resolve("machine.json");
                JsonObject m = Files.exists(machinePath) ? Json.parseObject(Files.readString(machinePath)) : new JsonObject();
                JsonObject dgemm = m.has("dgemm") && m.get("dgemm").isJsonObject() ? m.getAsJsonObject("dgemm") : null;
                double ll = r.get("test_ll").getAsDouble();
                lls.add(ll);
                runs.append(String.format(Locale.ROOT, "| %s | %d | %s | %d | %.2f | %.2f ± %.2f | %d, %d | %s | %s | `%s` |%n", arm.name(), seed,
                        arm.question(), r.get("updates").getAsLong(), r.get("updates_per_s").getAsDouble(), ll,
                        r.get("test_ll_se").getAsDouble(), r.get("eval_k").getAsInt(), r.get("test_n").getAsInt(),
                        dgemm == null ? "-" : String.format(Locale.ROOT, "%.1f", dgemm.get("gflops_best").getAsDouble()),
                        m.has("load_before") ? m.get("load_before").getAsString() : "-", arm.options()));
                if (lls.size() == 1) {   // the first seed (seed 1 when it ran) draws the figure
                    // from the first minute on: the start (about -200 nats) would squeeze the end of every curve
                    List<MetricsCsv.Row> rows = MetricsCsv.read(dir.resolve("metrics.csv")).stream()
                            .filter(row -> row.wallS() >= FIGURE_FROM_SECONDS).toList();
                    figures.computeIfAbsent(arm.question(), q -> new LinkedHashMap<>()).put(arm.name(), rows);
                }
            }
            if (lls.isEmpty()) {
                missing.add(arm.name());
            } else {
                double mean = lls.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                StringBuilder per = new StringBuilder();
                lls.forEach(v -> per.append(per.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", v)));
                means.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %s |%n", arm.name(), lls.size(), mean, per));
            }
        }
        System.out.println("### Runs of " + study + "\n\n" + runs + "\n### Mean over seeds\n\n" + means);
        if (!missing.isEmpty()) {
            System.out.println("\nNot run yet: " + String.join(", ", missing));
        }
        Map<String, List<MetricsCsv.Row>> base = figures.getOrDefault("base", Map.of());
        for (Map.Entry<String, Map<String, List<MetricsCsv.Row>>> q : figures.entrySet()) {
            Map<String, List<MetricsCsv.Row>> series = new LinkedHashMap<>(base);
            series.putAll(q.getValue());
            Path png = Path.of(args[3]).resolve(study + "-" + q.getKey() + ".png");
            Files.createDirectories(png.getParent());
            Charts.compare(series, study + ": " + q.getKey() + " (test LL, K = 20, 1000 test images)", png);
            System.out.println("figure: " + png);
        }
    }

    /** The seeds with a finished run of this arm, in the runs folder or the kept copy. */
    private static TreeSet<Integer> seeds(Arm arm, Path runs, Path kept) throws IOException {
        TreeSet<Integer> seeds = new TreeSet<>();
        for (Path root : new Path[] {runs, kept}) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (var s = Files.list(root)) {
                s.filter(d -> d.getFileName().toString().matches(java.util.regex.Pattern.quote(arm.name()) + "-s\\d+"))
                        .filter(d -> Files.exists(d.resolve("result.json")))
                        .forEach(d -> seeds.add(Integer.parseInt(d.getFileName().toString().replaceFirst(".*-s", ""))));
            }
        }
        return seeds;
    }

    private static Path find(String run, Path runs, Path kept) {
        Path d = runs.resolve(run);
        return Files.exists(d.resolve("result.json")) ? d : kept.resolve(run);
    }
}
