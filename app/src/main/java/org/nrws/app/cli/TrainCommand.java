package org.nrws.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nrws.checkpoint.Checkpoint;
import org.nrws.app.data.NpmFetcher;
import org.nrws.app.export.ModelFile;
import org.nrws.app.run.Console;
import org.nrws.app.run.InitialModel;
import org.nrws.app.run.Json;
import org.nrws.app.run.RunConfig;
import org.nrws.app.run.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code nrws train}: one training run, or the continuation of one ({@code --resume}), or a new
 * run from a model file's parameters ({@code --init-from}).
 */
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

    @Mixin
    RunOptions run;

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
        Path resume = run.resume();
        if (resume != null && run.initFrom() != null) {
            throw new IllegalArgumentException("--init-from cannot be combined with --resume: a resumed run continues its "
                    + "checkpoint's parameters and optimiser state; drop one of them");
        }
        Checkpoint checkpoint = resume != null ? Checkpoint.load(resume) : null;
        InitialModel initial = run.initFrom() != null ? new InitialModel(ModelFile.read(run.initFrom())) : null;
        RunConfig config = OptionMaps.config(spec, checkpoint, resume);
        if (initial != null) {
            config = initial.configure(config, OptionMaps.collect(spec, true).keySet());
        }
        TrainingRun training = new TrainingRun(config, console, checkpoint, resume, options.noFetch ? null : new NpmFetcher(),
                run.overwrite()).initFrom(initial);
        Nrws.withInterruptHandler(() -> training.requestStop("interrupted"), () -> {
            Map<String, Object> result = training.run();
            console.out().println(Json.write(result));
            console.out().flush();
            return result;
        });
        return 0;
    }
}
