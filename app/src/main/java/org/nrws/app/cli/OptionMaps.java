package org.nrws.app.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nrws.app.run.RunConfig;
import org.nrws.app.run.SavedConfig;
import org.nrws.checkpoint.Checkpoint;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Turns a parsed command's options into its {@link RunConfig}: the one path from the command line
 * to the typed configuration, for {@code ./nrws train}, {@code ./nrws compare} and
 * {@code nrws-spark train}.
 */
public final class OptionMaps {

    private OptionMaps() {
    }

    /**
     * @param spec        the command's spec, after parsing
     * @param onlyMatched only the options given on the command line (for resuming), or all of them with their defaults
     * @return option name (without dashes) to value, for every option that is a {@link RunConfig} entry
     */
    static Map<String, String> collect(CommandSpec spec, boolean onlyMatched) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        Map<String, String> m = new LinkedHashMap<>();
        for (OptionSpec o : spec.options()) {
            String key = o.longestName().replaceFirst("^--", "");
            if (!RunConfig.DEFAULTS.containsKey(key)) {
                continue;
            }
            if (onlyMatched && (parsed == null || !parsed.hasMatchedOption(o))) {
                continue;
            }
            Object v = o.getValue();
            if (v != null) {
                m.put(key, v.toString());
            }
        }
        return m;
    }

    /**
     * The configuration of a parsed {@code train} command: its options with their defaults, or for
     * {@code --resume} the checkpoint's configuration with the options given now
     * ({@link SavedConfig#resumed}; the machine's entries come from this command line).
     *
     * @param spec       the command's spec, after parsing
     * @param resumed    the checkpoint being resumed, or null for a new run
     * @param resumeFile its file (null for a new run)
     * @return the configuration
     * @throws IllegalArgumentException for an invalid value or a conflict with the checkpoint, naming the option
     */
    public static RunConfig config(CommandSpec spec, Checkpoint resumed, Path resumeFile) {
        if (resumed == null) {
            return new RunConfig(collect(spec, false));
        }
        Map<String, String> given = collect(spec, true);
        Map<String, String> all = collect(spec, false);
        for (String key : RunConfig.ENVIRONMENT) {
            given.putIfAbsent(key, all.get(key));
        }
        return SavedConfig.resumed(resumed, given, resumeFile);
    }
}
