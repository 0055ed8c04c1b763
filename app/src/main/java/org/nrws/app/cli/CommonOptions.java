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
            description = "ND4J backend to require; the run fails if another one is loaded (default: auto).")
    String backend;

    /** {@code --threads}. */
    @Option(names = "--threads", paramLabel = "N",
            description = "Threads of ND4J and OpenBLAS, at least 1 (default: all available processors, or fewer if "
                    + "OMP_NUM_THREADS says so).")
    String threads;

    /**
     * Checks the values that can be checked before anything is loaded.
     *
     * @throws IllegalArgumentException for an invalid {@code --threads} or {@code --backend}, naming the option
     */
    void validate() {
        Map<String, String> given = new TreeMap<>();
        if (threads != null) {
            given.put("threads", threads);
        }
        if (backend != null) {
            given.put("backend", backend);
        }
        new RunConfig(given);
    }

    /** {@code --quiet}. */
    @Option(names = {"-q", "--quiet"}, description = "No progress bars or messages on stderr (errors are still shown).")
    boolean quiet;
}
