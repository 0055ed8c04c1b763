package org.nrws.app.run;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.nrws.checkpoint.Checkpoint;

/**
 * The {@link RunConfig} saved in a checkpoint's manifest (entries {@code config.<option>} =
 * value, as {@link RunConfig#entries()} writes them) read back: for evaluating or sampling a
 * checkpoint, and the one resume rule of {@code ./nrws train --resume} and
 * {@code nrws-spark train --resume}. Keys a checkpoint lacks take the value they had before they were
 * options ({@link RunConfig#BEFORE_OPTION}), else the defaults; keys this version does not know are
 * ignored.
 */
public final class SavedConfig {

    private SavedConfig() {
    }

    /**
     * The configuration saved in a checkpoint, with the machine's entries ({@link #RunConfig.ENVIRONMENT})
     * taken from the caller instead.
     *
     * @param checkpoint  the checkpoint
     * @param environment data folder, backend and threads as given now (missing ones: the defaults)
     * @return the configuration
     */
    public static RunConfig fromCheckpoint(Checkpoint checkpoint, Map<String, String> environment) {
        return fromEntries(checkpoint.section("config."), environment);
    }

    /**
     * A saved configuration (e.g. the {@code config} of a model file's {@code meta.json}), with the
     * machine's entries taken from the caller; keys this version does not know are ignored.
     *
     * @param entries     option to value, as {@link RunConfig#entries()} writes them
     * @param environment data folder, backend and threads as given now (missing ones: the defaults)
     * @return the configuration
     */
    public static RunConfig fromEntries(Map<String, String> entries, Map<String, String> environment) {
        Map<String, String> saved = known(entries);
        saved.keySet().removeAll(RunConfig.ENVIRONMENT);
        saved.putAll(environment);
        return new RunConfig(saved);
    }

    private static Map<String, String> saved(Checkpoint checkpoint) {
        return known(checkpoint.section("config."));
    }

    /** The entries this version knows, and for the keys they lack, their value before they were options. */
    private static Map<String, String> known(Map<String, String> entries) {
        Map<String, String> saved = new TreeMap<>(entries);
        saved.keySet().retainAll(RunConfig.DEFAULTS.keySet());
        RunConfig.BEFORE_OPTION.forEach(saved::putIfAbsent);
        return saved;
    }

    /**
     * The resume rule of {@code ./nrws train} and {@code nrws-spark train}: the checkpoint's
     * configuration with the options given now applied. Options that define the model
     * ({@link #RunConfig.MODEL_DEFINING}) must have the checkpoint's values (compared as parsed, so
     * {@code --lr 0.010} agrees with 0.01); the machine's entries ({@link #RunConfig.ENVIRONMENT}) come from
     * the command line or the defaults; {@code --out} defaults to the checkpoint's folder.
     *
     * @param checkpoint the checkpoint
     * @param given      the options given on the command line (name without dashes to value)
     * @param file       the checkpoint file, for messages and the default output folder
     * @return the configuration
     * @throws IllegalArgumentException when a given option conflicts with the checkpoint, naming it
     */
    public static RunConfig resumed(Checkpoint checkpoint, Map<String, String> given, Path file) {
        Map<String, String> saved = saved(checkpoint);
        for (String key : RunConfig.ENVIRONMENT) {
            saved.put(key, RunConfig.DEFAULTS.get(key));
        }
        saved.put("out", file.toAbsolutePath().getParent().toString());
        RunConfig base = new RunConfig(saved);
        RunConfig merged = base.with(given);
        for (String key : given.keySet()) {
            if (RunConfig.MODEL_DEFINING.contains(key) && !merged.get(key).equals(base.get(key))) {
                throw new IllegalArgumentException("--" + key + " " + given.get(key) + " conflicts with the checkpoint "
                        + file + " (" + key + " = " + base.get(key) + "); a resumed run keeps the options that "
                        + "define the model: drop --" + key + " or start a new run");
            }
        }
        return merged;
    }

}
