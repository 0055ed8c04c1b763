package org.nrws.spark.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import org.nrws.checkpoint.Checkpoint;
import org.nrws.app.data.Datasets;
import org.nrws.app.data.NpmFetcher;
import org.nrws.app.data.Splits;
import org.nrws.app.run.RunConfig;
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
        Map<String, String> saved = new TreeMap<>(c.section("config."));
        saved.keySet().retainAll(RunConfig.DEFAULTS.keySet());
        saved.put("data-dir", dataDir != null ? dataDir : RunConfig.defaultDataDir());
        saved.put("threads", "1");
        return new RunConfig(saved);
    }

    /**
     * @param config a configuration
     * @param log    messages
     * @return its data
     * @throws IOException when the data is unavailable
     */
    Splits load(RunConfig config, PrintWriter log) throws IOException {
        return Datasets.load(new Datasets.Request(config.data(), config.binarization(), config.binarizeSeed(),
                config.dataDir(), config.dataType(), config.batch(), noFetch ? null : new NpmFetcher()), log);
    }
}
