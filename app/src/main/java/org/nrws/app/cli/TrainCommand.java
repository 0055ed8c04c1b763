package org.nrws.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.nrws.checkpoint.Checkpoint;
import org.nrws.app.data.NpmFetcher;
import org.nrws.app.run.Console;
import org.nrws.app.run.Json;
import org.nrws.app.run.RunConfig;
import org.nrws.app.run.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nrws train}: one training run, or the continuation of one ({@code --resume}). */
@Command(name = "train", mixinStandardHelpOptions = true, defaultValueProvider = ConfigDefaults.class,
        description = {"Trains a Helmholtz machine and writes metrics.csv, curves.png, samples.png, checkpoint.nrws and "
                + "result.json to --out; prints one JSON line with the result on stdout. A folder holding another run is "
                + "refused (see --resume, --overwrite); one process at a time writes to a folder (lock file "
                + ".nrws.lock).",
                "Defaults are the NRWS reference configuration (latents 200,200,10, K=5, B=32, SGD lr 0.01, alpha 0.01, "
                        + "refresh 1, 20 epochs, fixed-binarised MNIST)."})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--algo", paramLabel = "ws|rws|bihm|nws|nrws|nbihm", description = "Algorithm (default: ${DEFAULT-VALUE}).")
    String algo;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
    String out;

    @Option(names = "--resume", paramLabel = "FILE",
            description = "Continue the run saved in this checkpoint (bit-identical to an uninterrupted run). Budgets, "
                    + "evaluation options and --out may change; options defining the model must not.")
    Path resume;

    @Option(names = "--overwrite",
            description = "Replace the run already in --out (its checkpoint, metrics, result and pictures). Without it, "
                    + "train refuses a folder holding another run.")
    boolean overwrite;

    @Mixin
    TrainOptions options;

    @Mixin
    CommonOptions common;

    /** Creates the command (picocli fills it). */
    public TrainCommand() {
        // filled by picocli
    }

    @Override
    public Integer call() throws IOException {
        Console console = Nrws.console(spec, common.quiet);
        Checkpoint checkpoint = null;
        RunConfig config;
        if (resume != null) {
            checkpoint = Checkpoint.load(resume);
            Map<String, String> given = OptionMaps.collect(spec, true);
            Map<String, String> all = OptionMaps.collect(spec, false);
            for (String key : RunConfig.ENVIRONMENT) {
                given.putIfAbsent(key, all.get(key));
            }
            config = resumedConfig(checkpoint, given, resume);
        } else {
            config = new RunConfig(OptionMaps.collect(spec, false));
        }
        TrainingRun run = new TrainingRun(config, console, checkpoint, resume, options.noFetch ? null : new NpmFetcher(),
                overwrite);
        Nrws.withInterruptHandler(() -> run.requestStop("interrupted"), () -> {
            Map<String, Object> result = run.run();
            console.out().println(Json.write(result));
            console.out().flush();
            return result;
        });
        return 0;
    }

    /**
     * The configuration of a resumed run: the checkpoint's, with the options given on the command
     * line applied; options that define the model must agree with the checkpoint.
     *
     * @param checkpoint the checkpoint
     * @param given      options given on the command line
     * @param file       the checkpoint file, for messages
     * @return the configuration
     */
    static RunConfig resumedConfig(Checkpoint checkpoint, Map<String, String> given, Path file) {
        Map<String, String> saved = new TreeMap<>(checkpoint.section("config."));
        saved.keySet().retainAll(RunConfig.DEFAULTS.keySet());
        RunConfig base = new RunConfig(saved);
        for (Map.Entry<String, String> e : given.entrySet()) {
            if (RunConfig.MODEL_DEFINING.contains(e.getKey()) && !e.getValue().equals(base.get(e.getKey()))) {
                throw new IllegalArgumentException("--" + e.getKey() + " " + e.getValue() + " conflicts with the checkpoint "
                        + file + " (" + e.getKey() + " = " + base.get(e.getKey()) + "); a resumed run keeps the options that "
                        + "define the model: drop --" + e.getKey() + " or start a new run");
            }
        }
        if (!given.containsKey("out")) {
            Path parent = file.toAbsolutePath().getParent();
            given = new TreeMap<>(given);
            given.put("out", parent.toString());
        }
        return base.with(given);
    }
}
