package org.nrws.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options of {@code train} (and {@code nrws-spark train}) that name one run: {@code --algo},
 * {@code --out}, {@code --resume}, {@code --init-from} and {@code --overwrite}. {@code compare} has its own
 * {@code --algo} (a list) and {@code --out}.
 */
public final class RunOptions {

    /** Creates the options (picocli fills them). */
    public RunOptions() {
        // filled by picocli
    }

    @Option(names = "--algo", paramLabel = "ws|rws|bihm|nws|nrws|nbihm", description = "Algorithm (default: ${DEFAULT-VALUE}).")
    String algo;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output folder (default: ${DEFAULT-VALUE}; with --resume, the checkpoint's folder).")
    String out;

    @Option(names = "--resume", paramLabel = "FILE",
            description = "Continue the run saved in this checkpoint (bit-identical to an uninterrupted run). Budgets, "
                    + "evaluation options and --out may change; options defining the model must not.")
    Path resume;

    @Option(names = "--init-from", paramLabel = "FILE.npz",
            description = "Start a new run from the parameters of a model file written by export (or outside the engine, "
                    + "see docs/export.md) instead of an initialisation; --layers, --units and --dtype default to the "
                    + "file's and must agree with it when given. Not with --resume.")
    Path initFrom;

    @Option(names = "--overwrite",
            description = "Replace the run already in --out (its checkpoint, metrics, result and pictures). Without it, "
                    + "train refuses a folder holding another run.")
    boolean overwrite;

    /** @return {@code --resume}, or null for a new run */
    public Path resume() {
        return resume;
    }

    /** @return {@code --init-from}, or null */
    public Path initFrom() {
        return initFrom;
    }

    /** @return whether {@code --overwrite} was given */
    public boolean overwrite() {
        return overwrite;
    }
}
