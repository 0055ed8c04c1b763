package org.nrws.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.nrws.app.run.Console;
import org.nrws.app.run.Json;
import org.nrws.app.run.RunConfig;
import org.nrws.app.run.TrainingRun;
import scala.Tuple2;

/**
 * Independent training runs, one Spark task each: every run is an ordinary single-machine
 * {@link TrainingRun} (one engine thread) that writes its own folder as {@code ./nrws train}
 * does (checkpoint, metrics, curves, result.json, plus a log). A run that fails is reported with
 * its cause; the others go on. The folders must be on a file system the executors share with the
 * driver (local mode: the local disk).
 */
public final class Sweep {

    private Sweep() {
    }

    /**
     * One run's outcome.
     *
     * @param index   the run's number in the grid
     * @param options the run's options (those of the grid file, with out)
     * @param ok      whether it finished
     * @param error   the cause of a failure (one line), or null
     * @param result  the run's result.json content, or null
     * @param seconds the task's wall time
     */
    public record Outcome(int index, Map<String, String> options, boolean ok, String error, String result, double seconds)
            implements Serializable {
    }

    /**
     * Runs every configuration as one task and gathers the outcomes in grid order.
     *
     * @param sc   the Spark context
     * @param runs the runs' options ({@code ./nrws train} option names without dashes; {@code out} set)
     * @return the outcomes, in the order of {@code runs}
     */
    public static List<Outcome> run(JavaSparkContext sc, List<Map<String, String>> runs) {
        List<Tuple2<Integer, Map<String, String>>> indexed = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            indexed.add(new Tuple2<>(i, new TreeMap<>(runs.get(i))));
        }
        List<Outcome> out = new ArrayList<>(sc.parallelize(indexed, Math.max(1, indexed.size()))
                .map(t -> runOne(t._1(), t._2())).collect());
        out.sort(Comparator.comparingInt(Outcome::index));
        return out;
    }

    /**
     * Runs one configuration in this JVM (on an executor); never throws for a failed run.
     *
     * @param index   the run's number
     * @param options its options
     * @return its outcome
     */
    static Outcome runOne(int index, Map<String, String> options) {
        long t0 = System.nanoTime();
        Map<String, String> o = new TreeMap<>(options);
        o.putIfAbsent("threads", "1");
        StringWriter log = new StringWriter();
        try {
            Executors.prepare();
            RunConfig config = new RunConfig(o);
            Files.createDirectories(config.out());
            PrintWriter w = new PrintWriter(log, true);
            Map<String, Object> result = new TrainingRun(config, new Console(w, w, false), null, null, null, true).run();
            writeLog(config.out(), log);
            return new Outcome(index, options, true, null, Json.write(result), (System.nanoTime() - t0) / 1e9);
        } catch (Throwable e) {
            String m = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
            if (e.getCause() != null && e.getCause().getMessage() != null && !m.contains(e.getCause().getMessage())) {
                m += " (cause: " + e.getCause().getMessage() + ")";
            }
            String out = o.get("out");
            if (out != null) {
                try {
                    log.write("error: " + m + "\n");
                    writeLog(Path.of(out), log);
                } catch (IOException | RuntimeException ignored) {
                    // the folder may be the cause of the failure; the outcome carries the message
                }
            }
            return new Outcome(index, options, false, e.getClass().getSimpleName() + ": " + m,
                    null, (System.nanoTime() - t0) / 1e9);
        }
    }

    private static void writeLog(Path dir, StringWriter log) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("sweep-task.log"), log.toString(), StandardCharsets.UTF_8);
    }

    /**
     * The rows of the sweep table: the options, the status and the main results of every run.
     *
     * @param outcomes the outcomes
     * @return one map per run (option keys, then status, error and result keys)
     */
    public static List<Map<String, Object>> table(List<Outcome> outcomes) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Outcome o : outcomes) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("run", o.index());
            row.putAll(o.options());
            row.put("status", o.ok() ? "ok" : "failed");
            row.put("error", o.error());
            row.put("task_s", Math.round(o.seconds() * 100) / 100.0);
            if (o.result() != null) {
                Json.parseObject(o.result()).entrySet().forEach(e -> {
                    if (e.getValue().isJsonPrimitive()) {
                        row.putIfAbsent(e.getKey(), e.getValue().getAsJsonPrimitive().isNumber()
                                ? (Object) e.getValue().getAsDouble() : e.getValue().getAsString());
                    }
                });
            }
            rows.add(row);
        }
        return rows;
    }
}
