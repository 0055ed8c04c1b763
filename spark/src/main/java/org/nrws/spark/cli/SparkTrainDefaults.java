package org.nrws.spark.cli;

import org.nrws.app.cli.ConfigDefaults;
import picocli.CommandLine;

/**
 * The defaults of {@code nrws-spark train}: those of {@code ./nrws train} ({@link ConfigDefaults}),
 * except {@code --out}, which is {@value #OUT} so that a distributed run does not land in the
 * single-machine run's folder.
 */
public final class SparkTrainDefaults implements CommandLine.IDefaultValueProvider {

    /** The default output folder of {@code nrws-spark train}. */
    public static final String OUT = "runs/spark-train";

    private final ConfigDefaults train = new ConfigDefaults();

    /** Creates the provider (picocli instantiates it). */
    public SparkTrainDefaults() {
        // nothing to set up
    }

    @Override
    public String defaultValue(CommandLine.Model.ArgSpec argSpec) throws Exception {
        if (argSpec instanceof CommandLine.Model.OptionSpec o && o.longestName().equals("--out")) {
            return OUT;
        }
        return train.defaultValue(argSpec);
    }
}
