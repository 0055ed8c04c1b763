package org.nrws.app.run;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nrws.app.data.Splits;
import org.nrws.app.export.ModelFile;
import org.nrws.checkpoint.Checkpoint;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.Initialization;
import org.nrws.random.RandomSource;

/**
 * The parameters a new run starts from instead of an initialisation: {@code ./nrws train
 * --init-from model.npz} (a {@link ModelFile}). The file defines the model: {@code --layers},
 * {@code --units} and {@code --dtype} default to the file's and, when given, must agree with it;
 * {@code --init} and {@code --init-std} are refused (they would have no effect); the data must have
 * the file's visible size. The run records the file's path and SHA-256 in its checkpoints
 * ({@code provenance.init-from}, {@code provenance.init-from-sha256}) and {@code result.json}
 * ({@code init_from}, {@code init_from_sha256}); a resumed run keeps them.
 */
public final class InitialModel {

    /** The checkpoint entry holding the file's path. */
    public static final String PATH_KEY = "provenance.init-from";
    /** The checkpoint entry holding the file's SHA-256. */
    public static final String SHA_KEY = "provenance.init-from-sha256";

    private final ModelFile.Loaded file;

    /**
     * @param file the model file, read and checked
     */
    public InitialModel(ModelFile.Loaded file) {
        this.file = file;
    }

    /**
     * @param columns the data's number of columns
     * @return a copy of the file's machine (the run trains it in place)
     * @throws IllegalArgumentException when the file's visible size differs from the data's
     */
    public HelmholtzMachine machine(int columns) {
        int n0 = file.meta().sizes()[0];
        if (n0 != columns) {
            throw new IllegalArgumentException("the model file " + file.file() + " has " + n0 + " visible units but the data "
                    + "has " + columns + " columns");
        }
        return file.machine().copy();
    }

    /**
     * The machine a new run starts from: the model file's, or the configured initialisation (for
     * {@link Initialization#SMALL} with the visible biases from the training means).
     *
     * @param initial the model file ({@code --init-from}), or null
     * @param config  the run's configuration
     * @param splits  the run's data
     * @param root    the run's root random source
     * @return the machine
     * @throws IllegalArgumentException when the file's visible size differs from the data's
     */
    public static HelmholtzMachine start(InitialModel initial, RunConfig config, Splits splits, RandomSource root) {
        if (initial != null) {
            return initial.machine(splits.columns());
        }
        ModelChoices choices = config.choices();
        HelmholtzMachine machine = choices.initialization().create(splits.columns(), config.layers(), config.dataType(),
                choices.units(), config.initStd(), HelmholtzMachine.DEFAULT_CLIP, root.stream(RandomSource.DOMAIN_INIT, 0));
        if (choices.initialization() == Initialization.SMALL) {
            machine.setVisibleBiasFromMarginals(splits.trainMeans());
        }
        return machine;
    }

    /**
     * The run's configuration with the model-defining entries taken from the file.
     *
     * @param config the configuration of the command line (with its defaults)
     * @param given  the options given on the command line (names without dashes)
     * @return the configuration with the file's layers, units and dtype
     * @throws IllegalArgumentException when a given option conflicts with the file, naming it
     */
    public RunConfig configure(RunConfig config, Set<String> given) {
        for (String key : new String[] {"init", "init-std"}) {
            if (given.contains(key)) {
                throw new IllegalArgumentException("--" + key + " has no effect with --init-from (the parameters come from "
                        + file.file() + "); drop --" + key);
            }
        }
        var meta = file.meta();
        Map<String, String> fromFile = new TreeMap<>();
        fromFile.put("layers", Arrays.stream(meta.latents()).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        fromFile.put("units", meta.units().id());
        fromFile.put("dtype", meta.dataType() == DataType.FLOAT ? "float32" : "float64");
        RunConfig fileConfig = config.with(fromFile);
        for (String key : fromFile.keySet()) {
            if (given.contains(key) && !config.get(key).equals(fileConfig.get(key))) {
                throw new IllegalArgumentException("--" + key + " " + config.get(key) + " does not match the model file "
                        + file.file() + " (" + key + " " + fileConfig.get(key) + "); drop --" + key + " to take the file's");
            }
        }
        return fileConfig;
    }

    /**
     * The checkpoint entries recording where a run's parameters came from.
     *
     * @param initial the model file of a new run, or null
     * @param resumed the checkpoint a run resumes, or null
     * @return the file's path and SHA-256 (from {@code initial}, or carried over from {@code resumed}), or nothing
     */
    public static Map<String, String> provenance(InitialModel initial, Checkpoint resumed) {
        Map<String, String> m = new TreeMap<>();
        if (initial != null) {
            m.put(PATH_KEY, initial.file.file().toAbsolutePath().toString());
            m.put(SHA_KEY, initial.file.sha256());
        } else if (resumed != null) {
            resumed.manifest().forEach((k, v) -> {
                if (k.equals(PATH_KEY) || k.equals(SHA_KEY)) {
                    m.put(k, v);
                }
            });
        }
        return m;
    }

    /**
     * @param manifest the entries of {@link #provenance}
     * @param result   the result entries to add {@code init_from} and {@code init_from_sha256} to, when recorded
     */
    public static void toResult(Map<String, String> manifest, Map<String, Object> result) {
        if (manifest.containsKey(PATH_KEY)) {
            result.put("init_from", manifest.get(PATH_KEY));
            result.put("init_from_sha256", manifest.get(SHA_KEY));
        }
    }

    /** @return the file */
    public Path file() {
        return file.file();
    }
}
