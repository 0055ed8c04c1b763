package org.nrws.app.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Takes files out of a gzipped tar archive such as an npm package tarball, with Apache Commons
 * Compress ({@link TarArchiveInputStream} over a {@link GzipCompressorInputStream}: ustar, GNU
 * and PAX names). An archive holding an entry whose name points outside the archive's folder
 * (an absolute name, or {@code ..}) is refused as a whole, and nothing is written outside the
 * target folder.
 */
public final class TarGz {

    private TarGz() {
    }

    /**
     * Extracts the regular files {@code folder + name}, for each of {@code names}, to
     * {@code target/name}.
     *
     * @param archive the .tgz file
     * @param folder  the folder of the files inside the archive, e.g. {@code package/data/}
     * @param names   the file names to take, e.g. {@code t10k-labels-idx1-ubyte}
     * @param target  the folder to write them to (it must exist)
     * @return the names that were found and written
     * @throws IOException on a read or write error, a malformed or truncated archive, or an entry
     *                     or a name that points outside its folder
     */
    public static Set<String> extract(Path archive, String folder, Collection<String> names, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        for (String name : names) {
            inside(root, name, "file name");
        }
        Set<String> found = new HashSet<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
                new BufferedInputStream(Files.newInputStream(archive), 1 << 16)))) {
            for (TarArchiveEntry e = tar.getNextTarEntry(); e != null; e = tar.getNextTarEntry()) {
                inside(root, e.getName(), archive.getFileName() + " entry");
                if (!e.isFile() || !e.getName().startsWith(folder)) {
                    continue;
                }
                String name = e.getName().substring(folder.length());
                if (names.contains(name)) {
                    Path dest = inside(root, name, "file name");
                    long copied = Files.copy(tar, dest, StandardCopyOption.REPLACE_EXISTING);
                    if (copied != e.getSize()) {
                        throw new IOException(archive + " is truncated: " + e.getName() + " has " + copied + " of its "
                                + e.getSize() + " bytes");
                    }
                    found.add(name);
                }
            }
        } catch (IllegalArgumentException e) {
            // Commons Compress reports some malformed headers this way.
            throw new IOException(archive + " is not a valid tar.gz archive: " + e.getMessage(), e);
        }
        return found;
    }

    /** The path of {@code name} under {@code root}, refusing one that leaves it. */
    private static Path inside(Path root, String name, String what) throws IOException {
        Path p = root.resolve(name).normalize();
        if (name.isEmpty() || Path.of(name).isAbsolute() || !p.startsWith(root)) {
            throw new IOException("refusing the archive: " + what + " '" + name + "' points outside its folder");
        }
        return p;
    }
}
