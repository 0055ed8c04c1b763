package org.nrws.examples.cli;

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
            description = "Threads of ND4J and OpenBLAS; 0 keeps the backend's default (default: 0).")
    String threads;

    /** {@code --quiet}. */
    @Option(names = {"-q", "--quiet"}, description = "No progress bars or messages on stderr (errors are still shown).")
    boolean quiet;
}
