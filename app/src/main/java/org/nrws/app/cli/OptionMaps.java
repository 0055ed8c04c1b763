package org.nrws.app.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nrws.app.run.RunConfig;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Turns a parsed command's options into {@link RunConfig} entries. */
final class OptionMaps {

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
}
