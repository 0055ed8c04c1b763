package org.nrws.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.nrws.checkpoint.Checkpoint;
import org.nrws.app.data.Datasets;
import org.nrws.app.data.NpmFetcher;
import org.nrws.app.data.Splits;
import org.nrws.app.export.ModelFile;
import org.nrws.app.run.InitialModel;
import org.nrws.app.run.RunConfig;
import org.nrws.app.run.SavedConfig;

/**
 * What {@code eval} and {@code sample} take from a checkpoint (or {@code eval} from a model file):
 * its configuration and its data.
 */
final class Checkpoints {

    private Checkpoints() {
    }

    /**
     * The configuration saved in a checkpoint, with the environment entries (data folder,
     * backend, threads) taken from this command line.
     *
     * @param checkpoint the checkpoint
     * @param common     this command's common options
     * @return the configuration
     */
    static RunConfig config(Checkpoint checkpoint, CommonOptions common) {
        return SavedConfig.fromCheckpoint(checkpoint, common.environment());
    }

    /**
     * The configuration saved in a model file's {@code meta.json} ({@code config}; the defaults where
     * it has none), with the file's layers, units and dtype and, when the configuration has none,
     * its {@code algorithm}; the environment entries are taken from this command line.
     *
     * @param file   the model file
     * @param common this command's common options
     * @return the configuration
     */
    static RunConfig config(ModelFile.Loaded file, CommonOptions common) {
        Map<String, String> saved = new TreeMap<>(file.meta().config());
        if (!saved.containsKey("algo") && file.meta().algorithm() != null) {
            saved.put("algo", file.meta().algorithm());
        }
        return new InitialModel(file).configure(SavedConfig.fromEntries(saved, common.environment()), Set.of());
    }

    /**
     * Loads the data a checkpoint was trained on (same protocol and seed).
     *
     * @param config its configuration
     * @param fetch  whether MNIST may be fetched
     * @param log    messages
     * @return the splits
     * @throws IOException when the data is unavailable
     */
    static Splits data(RunConfig config, boolean fetch, PrintWriter log) throws IOException {
        return Datasets.load(new Datasets.Request(config.data(), config.binarization(), config.binarizeSeed(),
                config.dataDir(), config.dataType(), config.batch(), fetch ? new NpmFetcher() : null), log);
    }
}
