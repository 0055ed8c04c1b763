package org.nrws.app.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.data.BinaryDataset;
import org.nrws.data.Binarization;
import org.nrws.data.DynamicBinarization;
import org.nrws.data.GrayImages;
import org.nrws.random.RandomSource;

/** Splits and binarisation protocols of the examples' data sets, on synthetic images and CSV files. */
class DatasetsTest {

    @TempDir
    Path dir;

    private static GrayImages gray(int n, int d, long seed) {
        byte[] px = new byte[n * d];
        RandomSource r = RandomSource.of(seed);
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) r.nextInt(256);
        }
        return new GrayImages(px, n, d);
    }

    private static Datasets.Request request(Binarization b, long seed) {
        return new Datasets.Request("synthetic", b, seed, Path.of("unused"), DataType.FLOAT, 10, null);
    }

    @Test
    void imageSplitsFollowTheProtocol() {
        GrayImages train = gray(60, 16, 1);
        GrayImages test = gray(12, 16, 2);
        Splits fixed = Datasets.images("synthetic", train, test, request(Binarization.FIXED, 7), Map.of());
        assertEquals(50, fixed.trainSize());
        assertEquals(10, fixed.valid().rows());
        assertEquals(12, fixed.test().rows());
        assertArrayEquals(new int[] {4, 4}, fixed.imageShape());
        assertInstanceOf(BinaryDataset.class, fixed.train());
        assertEquals("fixed(seed=7)", fixed.protocol());
        BinaryDataset.checkBinary(fixed.valid());
        // the same seed gives the same bits, another seed others
        Splits again = Datasets.images("synthetic", train, test, request(Binarization.FIXED, 7), Map.of());
        Splits other = Datasets.images("synthetic", train, test, request(Binarization.FIXED, 8), Map.of());
        assertEquals(fixed.test(), again.test());
        assertEquals(fixed.trainForEvaluation(), again.trainForEvaluation());
        assertNotEquals(fixed.test(), other.test());

        Splits dynamic = Datasets.images("synthetic", train, test, request(Binarization.DYNAMIC, 7), Map.of());
        assertInstanceOf(DynamicBinarization.class, dynamic.train());
        assertEquals(fixed.valid(), dynamic.valid(), "validation and test are fixed under dynamic binarisation");
        assertEquals(fixed.test(), dynamic.test());
        assertTrue(dynamic.protocol().startsWith("dynamic"));

        Splits threshold = Datasets.images("synthetic", train, test, request(Binarization.THRESHOLD, 7), Map.of());
        assertEquals(test.threshold(DataType.FLOAT), threshold.test());
        assertEquals("threshold(0.5)", threshold.protocol());
    }

    @Test
    void csvFileIsSplitInRowOrder() throws IOException {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            s.append(i % 2).append(',').append((i / 2) % 2).append(",1,0\n");
        }
        Path csv = dir.resolve("toy.csv");
        Files.writeString(csv, s);
        Splits sp = Datasets.load(new Datasets.Request(csv.toString(), Binarization.FIXED, 0, dir, DataType.DOUBLE, 4, null),
                new PrintWriter(new StringWriter()));
        assertEquals(24, sp.trainSize());
        assertEquals(3, sp.valid().rows());
        assertEquals(3, sp.test().rows());
        assertEquals("given-binary", sp.protocol());
        assertArrayEquals(new int[] {2, 2}, sp.imageShape());
        INDArray last = sp.test().getRow(2, true);
        assertEquals(1.0, last.getDouble(0, 0));   // row 29
        assertEquals(0.5, sp.trainMeans()[0], 1e-12);
    }

    @Test
    void csvFolderUsesItsFiles() throws IOException {
        Files.writeString(dir.resolve("train.csv"), "0,1,1\n1,0,0\n1,1,1\n0,0,0\n1,0,1\n0,1,0\n1,1,0\n0,0,1\n1,1,1\n0,1,1\n");
        Files.writeString(dir.resolve("test.csv"), "1,1,1\n");
        Splits sp = Datasets.load(new Datasets.Request(dir.toString(), Binarization.FIXED, 0, dir, DataType.DOUBLE, 4, null),
                new PrintWriter(new StringWriter()));
        assertEquals(9, sp.trainSize());
        assertEquals(1, sp.valid().rows());
        assertArrayEquals(new int[] {1, 3}, sp.imageShape());
        Files.writeString(dir.resolve("test.csv"), "1,1\n");
        DataException e = assertThrows(DataException.class, () -> Datasets.load(new Datasets.Request(dir.toString(),
                Binarization.FIXED, 0, dir, DataType.DOUBLE, 4, null), new PrintWriter(new StringWriter())));
        assertTrue(e.getMessage().contains("columns"), e.getMessage());
    }

    @Test
    void unknownDataNamesTheChoices() {
        DataException e = assertThrows(DataException.class, () -> Datasets.load(new Datasets.Request("emnist",
                Binarization.FIXED, 0, dir, DataType.DOUBLE, 4, null), new PrintWriter(new StringWriter())));
        assertTrue(e.getMessage().contains("expected mnist, fashion-mnist, a CSV file"), e.getMessage());
    }
}
