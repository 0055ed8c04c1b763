package org.nrws.spark.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.nrws.app.run.Charts;
import org.nrws.app.run.Json;
import org.nrws.app.run.MetricsCsv;
import org.nrws.spark.Sweep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code nrws-spark sweep --grid FILE}: independent training runs, one Spark task each, gathered
 * into {@code sweep.csv}, {@code sweep.json} and an overlaid {@code curves.png}.
 *
 * <p>The grid file is JSON: {@code {"base": {option: value, ...}, "grid": {option: [values], ...}}}
 * (the cartesian product of the grid's lists, each merged into base) and/or
 * {@code "runs": [{option: value, ...}, ...]} (explicit runs, merged into base). Options are those
 * of {@code ./nrws train} without the dashes (e.g. {@code "algo"}, {@code "seed"}, {@code "alpha"},
 * {@code "lr"}, {@code "max-updates"}). Run i writes into {@code OUT/run-i}.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Independent training runs on Spark, one task each; one table and one curves picture.")
public final class SweepCommand implements Callable<Integer> {

    @ParentCommand
    NrwsSpark parent;

    @Option(names = "--grid", required = true, paramLabel = "FILE", description = "The grid file (JSON).")
    Path grid;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("runs/sweep");

    /** Creates the command (picocli fills it). */
    public SweepCommand() {
        // filled by picocli
    }

    /**
     * Expands a grid file into runs.
     *
     * @param text the file's JSON
     * @param out  the sweep's output folder
     * @return the runs' options, out included
     */
    static List<Map<String, String>> expand(String text, Path out) {
        JsonObject g;
        try {
            g = Json.parseObject(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the grid file is not a JSON object: " + e.getMessage(), e);
        }
        for (Map.Entry<String, JsonElement> top : g.entrySet()) {
            String key = top.getKey();
            if (!Set.of("base", "grid", "runs").contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "' in the grid file (expected base, grid, runs)");
            }
        }
        Map<String, String> base = g.has("base") ? strings(g.getAsJsonObject("base")) : Map.of();
        List<Map<String, String>> runs = new ArrayList<>();
        if (g.has("grid")) {
            List<Map<String, String>> acc = new ArrayList<>();
            acc.add(new LinkedHashMap<>(base));
            for (Map.Entry<String, JsonElement> e : g.getAsJsonObject("grid").entrySet()) {
                if (!e.getValue().isJsonArray() || e.getValue().getAsJsonArray().size() == 0) {
                    throw new IllegalArgumentException("grid entry '" + e.getKey() + "' must be a non-empty list of values");
                }
                List<Map<String, String>> next = new ArrayList<>();
                for (Map<String, String> m : acc) {
                    for (JsonElement v : e.getValue().getAsJsonArray()) {
                        Map<String, String> c = new LinkedHashMap<>(m);
                        c.put(e.getKey(), v.getAsString());
                        next.add(c);
                    }
                }
                acc = next;
            }
            runs.addAll(acc);
        }
        if (g.has("runs")) {
            JsonArray a = g.getAsJsonArray("runs");
            for (JsonElement e : a) {
                Map<String, String> c = new LinkedHashMap<>(base);
                c.putAll(strings(e.getAsJsonObject()));
                runs.add(c);
            }
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("the grid file defines no run (give \"grid\" or \"runs\")");
        }
        for (int i = 0; i < runs.size(); i++) {
            runs.get(i).put("out", out.resolve(String.format(java.util.Locale.ROOT, "run-%03d", i)).toString());
        }
        return runs;
    }

    private static Map<String, String> strings(JsonObject o) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            if (e.getKey().equals("out")) {
                throw new IllegalArgumentException("'out' is set by the sweep (OUT/run-i); remove it from the grid file");
            }
            m.put(e.getKey(), e.getValue().getAsString());
        }
        return m;
    }

    @Override
    public Integer call() throws IOException {
        List<Map<String, String>> runs = expand(Files.readString(grid, StandardCharsets.UTF_8), out);
        Files.createDirectories(out);
        List<Sweep.Outcome> outcomes;
        try (org.nrws.spark.LocalSpark.Session session = parent.session("nrws-spark sweep")) {
            JavaSparkContext sc = session.sc();
            outcomes = Sweep.run(sc, runs);
        }
        List<Map<String, Object>> table = Sweep.table(outcomes);
        Files.writeString(out.resolve("sweep.json"), Json.write(table) + "\n", StandardCharsets.UTF_8);
        Files.writeString(out.resolve("sweep.csv"), csv(table), StandardCharsets.UTF_8);
        Map<String, List<MetricsCsv.Row>> curves = new LinkedHashMap<>();
        for (Sweep.Outcome o : outcomes) {
            Path m = Path.of(o.options().get("out")).resolve("metrics.csv");
            if (o.ok() && Files.isRegularFile(m)) {
                curves.put("run-" + o.index() + " " + label(o.options()), MetricsCsv.read(m));
            }
        }
        if (!curves.isEmpty()) {
            try {
                Charts.compare(curves, "sweep " + grid.getFileName(), out.resolve("curves.png"));
            } catch (IOException | RuntimeException e) {
                parent.err.println("nrws-spark sweep: warning: no curves.png (" + e.getMessage() + ")");
            }
        }
        long failed = outcomes.stream().filter(o -> !o.ok()).count();
        for (Sweep.Outcome o : outcomes) {
            if (!o.ok()) {
                parent.err.println("nrws-spark sweep: run " + o.index() + " failed: " + o.error());
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("runs", outcomes.size());
        summary.put("failed", failed);
        summary.put("table", out.resolve("sweep.csv").toString());
        parent.out.println(Json.write(summary));
        parent.out.flush();
        return failed == 0 ? 0 : NrwsSpark.FAILED;
    }

    private static String label(Map<String, String> options) {
        StringBuilder s = new StringBuilder();
        for (String k : List.of("algo", "seed", "alpha", "lr", "k", "batch")) {
            if (options.containsKey(k)) {
                s.append(s.length() == 0 ? "" : " ").append(k).append('=').append(options.get(k));
            }
        }
        return s.toString();
    }

    /**
     * @param table the rows
     * @return the table as CSV (the union of the rows' keys as columns)
     */
    static String csv(List<Map<String, Object>> table) {
        Set<String> cols = new LinkedHashSet<>();
        for (Map<String, Object> r : table) {
            cols.addAll(r.keySet());
        }
        StringBuilder s = new StringBuilder(String.join(",", cols)).append('\n');
        for (Map<String, Object> r : table) {
            boolean first = true;
            for (String c : cols) {
                Object v = r.get(c);
                String t = v == null ? "" : v.toString();
                if (t.contains(",") || t.contains("\"") || t.contains("\n")) {
                    t = "\"" + t.replace("\"", "\"\"").replace("\n", " ") + "\"";
                }
                s.append(first ? "" : ",").append(t);
                first = false;
            }
            s.append('\n');
        }
        return s.toString();
    }
}
