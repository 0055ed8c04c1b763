package org.nrws.app.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fashion-MNIST (MIT licence), same format and sizes as MNIST, from the Debian package
 * {@code dataset-fashion-mnist}: gzipped IDX files in {@value #DEBIAN_DIR}. A copy in
 * {@code <data-dir>/fashion-mnist/} (gzipped or not) or in the folder named by the environment
 * variable {@value #ENV_DIR} is used first.
 */
public final class FashionMnist {

    /** Where the Debian package installs the files. */
    public static final String DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";
    /** Environment variable naming another folder holding the files. */
    public static final String ENV_DIR = "NRWS_FASHION_MNIST_DIR";
    /** The base names of the training and test images. */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    /** The base name of the test images. */
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";

    private FashionMnist() {
    }

    /**
     * Finds the folder holding the training and test images.
     *
     * @param dataDir the data directory
     * @return the image files, training then test
     * @throws DataException when no candidate folder holds them, with the install command
     */
    public static Path[] locate(Path dataDir) throws DataException {
        List<Path> candidates = new ArrayList<>();
        candidates.add(dataDir.resolve("fashion-mnist"));
        String env = System.getenv(ENV_DIR);
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        candidates.add(Path.of(DEBIAN_DIR));
        for (Path dir : candidates) {
            Path train = find(dir, TRAIN_IMAGES);
            Path test = find(dir, TEST_IMAGES);
            if (train != null && test != null) {
                return new Path[] {train, test};
            }
        }
        throw new DataException("Fashion-MNIST not found (looked in " + candidates + "). Install the Debian package: "
                + "sudo apt-get install dataset-fashion-mnist (files in " + DEBIAN_DIR + "), or copy "
                + TRAIN_IMAGES + ".gz and " + TEST_IMAGES + ".gz into " + candidates.get(0) + ".");
    }

    private static Path find(Path dir, String base) {
        for (String name : new String[] {base + ".gz", base}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }
}
