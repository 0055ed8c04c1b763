package org.nrws.app.cli;

import java.util.Map;
import java.util.TreeMap;
import org.nrws.app.run.RunConfig;
import picocli.CommandLine.Option;

/** Options shared by every subcommand that touches data or the backend. */
public final class CommonOptions {

    /** Creates the options (picocli fills them). */
    public CommonOptions() {
        // filled by picocli
    }

    /** {@code --data-dir}. */
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data folder; MNIST is cached in DIR/mnist (default: $NRWS_DATA_DIR, else data/ in the "
                    + "repository).")
    String dataDir;

    /** {@code --backend}. */
    @Option(names = "--backend", paramLabel = "cpu|cuda|auto",
            description = "Where the natural-gradient (Fisher) solves run: cpu = the fused CPU solver; cuda = the CUDA "
                    + "solver (a -Pcuda build and a GPU), failing if it cannot load; auto = CUDA when a device and its "
                    + "libraries load, else the CPU. Not given: $NRWS_BACKEND, else auto. ND4J itself always runs on its "
                    + "CPU backend (default: auto).")
    String backend;

    /** {@code --threads}. */
    @Option(names = "--threads", paramLabel = "N",
            description = "Size of the engine's thread pool, at least 1: N threads do the training step's parallel work, "
                    + "OpenBLAS runs single-threaded inside them and ND4J's own operations use one thread (default: all "
                    + "available processors).")
    String threads;

    /**
     * Checks the values that can be checked before anything is loaded.
     *
     * @throws IllegalArgumentException for an invalid {@code --threads} or {@code --backend}, naming the option
     */
    void validate() {
        new RunConfig(environment());
    }

    /** @return the environment entries given on the command line (data-dir, backend, threads) */
    Map<String, String> environment() {
        Map<String, String> given = new TreeMap<>();
        if (dataDir != null) {
            given.put("data-dir", dataDir);
        }
        if (threads != null) {
            given.put("threads", threads);
        }
        if (backend != null) {
            given.put("backend", backend);
        }
        return given;
    }

    /** {@code --quiet}. */
    @Option(names = {"-q", "--quiet"}, description = "No progress bars or messages on stderr (errors are still shown).")
    boolean quiet;

    /** @return whether {@code --quiet} was given */
    public boolean quiet() {
        return quiet;
    }
}
