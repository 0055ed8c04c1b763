package org.nrws.app.cli;

import org.nrws.app.run.RunConfig;
import picocli.CommandLine;

/**
 * Gives picocli the defaults of {@link RunConfig} (one source of truth): an option
 * {@code --name} without a default in its annotation defaults to {@code RunConfig.DEFAULTS.get("name")}.
 */
public final class ConfigDefaults implements CommandLine.IDefaultValueProvider {

    /** Creates the provider (picocli instantiates it). */
    public ConfigDefaults() {
        // nothing to set up
    }

    @Override
    public String defaultValue(CommandLine.Model.ArgSpec argSpec) {
        if (argSpec.defaultValue() != null) {
            return null;   // a default in the annotation wins
        }
        if (argSpec instanceof CommandLine.Model.OptionSpec o) {
            return RunConfig.DEFAULTS.get(o.longestName().replaceFirst("^--", ""));
        }
        return null;
    }
}
