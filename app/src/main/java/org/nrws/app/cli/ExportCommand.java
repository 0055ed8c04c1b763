package org.nrws.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.nrws.app.export.ModelFile;
import org.nrws.app.export.ModelLayout;
import org.nrws.app.export.ModelMeta;
import org.nrws.app.export.NpyArrays;
import org.nrws.app.run.Console;
import org.nrws.app.run.Json;
import org.nrws.app.run.Version;
import org.nrws.checkpoint.Checkpoint;
import org.nrws.model.HelmholtzMachine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nrws export}: a checkpoint's model as a NumPy {@code .npz} file (layout: {@code docs/export.md}). */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes the model of a checkpoint as one NumPy .npz file: every parameter of p and q as an .npy array "
                + "(p/W0, p/b0, ..., p/prior_b, q/W0, q/b0, ..., float64 or float32 as trained) and meta.json (layer sizes, "
                + "units, clip, dtype, algorithm, data protocol, engine version, the run's configuration). The layout is in "
                + "docs/export.md. The file is written atomically; an existing one is refused unless --overwrite. Prints "
                + "one JSON line."})
public final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "A checkpoint written by train.")
    Path checkpoint;

    @Option(names = "--out", required = true, paramLabel = "FILE.npz", description = "The model file to write.")
    Path out;

    @Option(names = "--overwrite", description = "Replace --out if it exists.")
    boolean overwrite;

    @Option(names = {"-q", "--quiet"}, description = "No messages on stderr (errors excepted).")
    boolean quiet;

    /** Creates the command (picocli fills it). */
    public ExportCommand() {
        // filled by picocli
    }

    @Override
    public Integer call() throws IOException {
        if (Files.exists(out) && !overwrite) {
            throw new IllegalArgumentException(out + " exists; pass --overwrite to replace it");
        }
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException(out + " is a folder; --out names the .npz file to write");
        }
        Console console = Nrws.console(spec, quiet);
        Checkpoint c = Checkpoint.load(checkpoint);
        HelmholtzMachine m = c.machine();
        ModelFile.write(out, m, meta(c, m));
        String sha = ModelFile.read(out).sha256();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("out", out.toString());
        r.put("sha256", sha);
        r.put("bytes", Files.size(out));
        r.put("arrays", ModelLayout.names(m.depth()));
        r.put("sizes", m.sizes());
        r.put("units", m.units().id());
        r.put("dtype", NpyArrays.numpyName(m.dataType()));
        r.put("checkpoint", checkpoint.toString());
        r.put("version", Version.get());
        console.info("exported " + checkpoint + " to " + out + " (" + Files.size(out) + " bytes)");
        console.out().println(Json.write(r));
        console.out().flush();
        return 0;
    }

    private static ModelMeta meta(Checkpoint c, HelmholtzMachine m) {
        Map<String, String> data = new TreeMap<>();
        c.section("provenance.").forEach((k, v) -> {
            if (k.startsWith("data.")) {
                data.put(k, v);
            }
        });
        Map<String, String> config = c.section("config.");
        for (String key : new String[] {"data", "binarize", "binarize-seed"}) {
            if (config.containsKey(key)) {
                data.put(key, config.get(key));
            }
        }
        String algorithm = c.manifest().getOrDefault("provenance.algorithm", config.get("algo"));
        return new ModelMeta(m.sizes(), m.units(), m.clip(), m.dataType(), algorithm, data, Version.get(),
                c.manifest().get("provenance.version"), c.seed(), c.updates(), config);
    }
}
