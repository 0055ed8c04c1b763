package org.nrws.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.checkpoint.Checkpoint;
import org.nrws.app.data.Splits;
import org.nrws.app.run.Backends;
import org.nrws.app.run.Console;
import org.nrws.app.run.ImageGrid;
import org.nrws.app.run.Json;
import org.nrws.app.run.RunConfig;
import org.nrws.model.HelmholtzMachine;
import org.nrws.random.RandomSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nrws sample}: a picture of samples from a checkpoint's model, and reconstructions. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Draws N samples from the generative network p (tiles show the means p(x|h1)) and, below them, test "
                + "images with their reconstructions, into a PNG. Prints one JSON line."})
public final class SampleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "A checkpoint written by train.")
    Path checkpoint;

    @Option(names = "--n", paramLabel = "N", defaultValue = "64", description = "Number of samples (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--out", paramLabel = "FILE.png", defaultValue = "samples.png",
            description = "The picture (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--overwrite", description = "Replace --out if it exists (without it, an existing file is refused).")
    boolean overwrite;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "0", description = "Seed of the samples (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--no-reconstructions", description = "Samples only: do not load the data for reconstructions.")
    boolean noReconstructions;

    @Mixin
    CommonOptions common;

    /** Creates the command (picocli fills it). */
    public SampleCommand() {
        // filled by picocli
    }

    @Override
    public Integer call() throws IOException {
        if (n < 1 || n > 10_000) {
            throw new IllegalArgumentException("--n must be between 1 and 10000, got " + n);
        }
        if (!out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
            throw new IllegalArgumentException("--out must name a .png file, got " + out);
        }
        if (!overwrite && Files.exists(out)) {
            throw new IllegalArgumentException("--out " + out + " already exists: choose another --out, or add --overwrite to "
                    + "replace it");
        }
        common.validate();
        Console console = Nrws.console(spec, common.quiet);
        Checkpoint c = Checkpoint.load(checkpoint);
        RunConfig config = Checkpoints.config(c, common);
        Backends.threads(config);
        Backends.check(config.backend());
        HelmholtzMachine machine = c.machine();
        INDArray data = null;
        int[] shape = shapeOf(machine.visible());
        if (!noReconstructions) {
            try {
                Splits s = Checkpoints.data(config, false, console.err());
                data = s.test();
                shape = s.imageShape();
            } catch (IOException e) {
                console.warn("no reconstructions: " + e.getMessage());
            }
        }
        ImageGrid.save(ImageGrid.samplesAndReconstructions(machine, data, n, shape, RandomSource.of(seed)), out);
        console.info("wrote " + out);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("out", out.toString());
        r.put("n", n);
        r.put("reconstructions", data != null);
        r.put("seed", seed);
        r.put("checkpoint", checkpoint.toString());
        r.put("updates", c.updates());
        console.out().println(Json.write(r));
        console.out().flush();
        return 0;
    }

    private static int[] shapeOf(int d) {
        int s = (int) Math.round(Math.sqrt(d));
        return s * s == d ? new int[] {s, s} : new int[] {1, d};
    }
}
