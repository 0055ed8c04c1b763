package org.nrws.app.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.nrws.checkpoint.AtomicFiles;
import org.nrws.app.data.NpmFetcher;
import org.nrws.app.run.Charts;
import org.nrws.app.run.Console;
import org.nrws.app.run.Json;
import org.nrws.app.run.MetricsCsv;
import org.nrws.app.run.RunConfig;
import org.nrws.app.run.RunFolder;
import org.nrws.app.run.RunLock;
import org.nrws.app.run.TrainingRun;
import org.nrws.train.Algorithm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nrws compare}: several algorithms, each under the same budget and seed, one overlaid plot. */
@Command(name = "compare", mixinStandardHelpOptions = true, defaultValueProvider = ConfigDefaults.class,
        description = {"Trains each --algo in turn with the same options, budget and seed into OUT/<algo>/, then draws "
                + "their test log-likelihood curves (monitoring subset) against updates and training seconds in "
                + "OUT/compare.png and writes OUT/compare.csv. Prints one JSON line per algorithm (a failed algorithm "
                + "gets a line with an error, and the exit code is 1). A folder already holding any of these results is "
                + "refused unless --overwrite is given."})
public final class CompareCommand implements Callable<Integer> {

    private static final String CSV = "compare.csv";
    private static final String PNG = "compare.png";

    @Spec
    CommandSpec spec;

    @Option(names = "--algo", paramLabel = "ALGO", split = ",", defaultValue = "rws,nrws,bihm,nbihm",
            description = "Algorithms to compare, repeated or comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> algos;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/compare",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    String out;

    @Option(names = "--overwrite",
            description = "Replace the results already in --out (compare.csv, compare.png and the runs of the compared "
                    + "algorithms). Without it, compare refuses a folder holding any of them.")
    boolean overwrite;

    @Mixin
    TrainOptions options;

    @Mixin
    CommonOptions common;

    /** Creates the command (picocli fills it). */
    public CompareCommand() {
        // filled by picocli
    }

    @Override
    public Integer call() throws IOException {
        Console console = Nrws.console(spec, common.quiet);
        Map<String, String> base = OptionMaps.collect(spec, false);
        base.remove("algo");
        base.put("out", out);
        List<Algorithm> list = new ArrayList<>();
        for (String a : algos) {
            Algorithm algo = Algorithm.parse(a.trim());
            if (list.contains(algo)) {
                throw new IllegalArgumentException("--algo " + algo.id() + " is given twice");
            }
            list.add(algo);
        }
        RunConfig template = new RunConfig(base);   // validates every option before the first run
        Path dir = Path.of(out);
        try (RunLock lock = RunLock.acquire(dir, "nrws compare --out " + dir, console::warn)) {
            if (!overwrite) {
                refuseExistingResults(dir, list);
            }
            AtomicReference<TrainingRun> current = new AtomicReference<>();
            AtomicBoolean interrupted = new AtomicBoolean();
            return Nrws.withInterruptHandler(() -> {
                interrupted.set(true);
                TrainingRun r = current.get();
                if (r != null) {
                    r.requestStop("interrupted");
                }
            }, () -> compare(console, list, template, current, interrupted));
        }
    }

    /** Refuses, before the first run, a folder where this comparison would replace files. */
    private static void refuseExistingResults(Path dir, List<Algorithm> list) {
        List<String> present = new ArrayList<>();
        for (String f : new String[] {CSV, PNG}) {
            if (Files.exists(dir.resolve(f))) {
                present.add(f);
            }
        }
        for (Algorithm a : list) {
            for (String f : RunFolder.outputs(dir.resolve(a.id()))) {
                present.add(a.id() + "/" + f);
            }
        }
        if (!present.isEmpty()) {
            throw new IllegalArgumentException("--out " + dir + " already holds results (" + String.join(", ", present)
                    + "): choose a new --out, or add --overwrite to replace them");
        }
    }

    private int compare(Console console, List<Algorithm> list, RunConfig template, AtomicReference<TrainingRun> current,
                        AtomicBoolean interrupted) throws IOException {
        Path dir = Path.of(out);
        Map<String, List<MetricsCsv.Row>> curves = new LinkedHashMap<>();
        StringBuilder csv = new StringBuilder("algo,updates,wall_s,updates_per_s,test_ll,test_ll_se,eval_k,stop_reason,error\n");
        boolean failed = false;
        for (Algorithm algo : list) {
            if (interrupted.get()) {
                break;
            }
            RunConfig config = template.with(Map.of("algo", algo.id(), "out", dir.resolve(algo.id()).toString()));
            console.info("=== " + algo.id() + " ===");
            Map<String, Object> r;
            try {
                TrainingRun run = new TrainingRun(config, console, null, null, options.noFetch ? null : new NpmFetcher(),
                        overwrite);
                current.set(run);
                if (interrupted.get()) {
                    run.requestStop("interrupted");
                }
                r = run.run();
                curves.put(algo.id(), MetricsCsv.read(config.out().resolve(TrainingRun.METRICS)));
            } catch (Exception e) {
                failed = true;
                console.warn(algo.id() + " failed: " + Nrws.describe(e));
                r = new LinkedHashMap<>(Nrws.failure(algo.id(), e));
            }
            console.out().println(Json.write(r));
            console.out().flush();
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%s,%s,%s,%s,%s%n", algo.id(), cell(r.get("updates")),
                    cell(r.get("wall_s")), cell(r.get("updates_per_s")), cell(r.get("test_ll")), cell(r.get("test_ll_se")),
                    cell(r.get("eval_k")), cell(r.get("stop_reason")), cell(r.get("error"))));
        }
        byte[] table = csv.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(dir.resolve(CSV), o -> o.write(table));
        if (!curves.isEmpty()) {
            Charts.compare(curves, "test LL (first " + template.monitorSize() + " rows, K=" + template.monitorK() + "), "
                    + template.data(), dir.resolve(PNG));
            console.info("wrote " + dir.resolve(PNG) + " and " + dir.resolve(CSV));
        }
        return failed ? Nrws.FAILED : 0;
    }

    private static String cell(Object v) {
        if (v == null) {
            return "";
        }
        String s = v.toString();
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
