package org.nrws.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.random.RandomSource;

/** The binarisation protocols of docs/math.md section 6. */
class BinarizationTest {

    /** 50 images of 40 pixels, pixel j of every image = 6 j + image index (0..255 range covered). */
    private static GrayImages images() {
        int n = 50;
        int d = 40;
        byte[] px = new byte[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                px[i * d + j] = (byte) Math.min(255, 6 * j + i);
            }
        }
        return new GrayImages(px, n, d);
    }

    @Test
    void thresholdIsPixelAboveHalf() {
        GrayImages g = new GrayImages(new byte[] {0, 127, (byte) 128, (byte) 255}, 1, 4);
        INDArray b = g.threshold(DataType.DOUBLE);
        assertEquals(Nd4j.createFromArray(new double[][] {{0, 0, 1, 1}}), b);
        assertEquals(b, Binarization.THRESHOLD.fixedBits(g, 99, 0, DataType.DOUBLE));
    }

    @Test
    void fixedIsReproducibleWithItsSeedAndDependsOnIt() {
        GrayImages g = images();
        INDArray a = Binarization.FIXED.fixedBits(g, 1234, 0, DataType.FLOAT);
        INDArray b = Binarization.FIXED.fixedBits(g, 1234, 0, DataType.FLOAT);
        INDArray c = Binarization.FIXED.fixedBits(g, 1235, 0, DataType.FLOAT);
        INDArray otherFile = Binarization.FIXED.fixedBits(g, 1234, 1, DataType.FLOAT);
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertNotEquals(a, otherFile);
        BinaryDataset.checkBinary(a);
        // pixel 0 is never on, pixel 255 always on
        assertEquals(0.0, a.getDouble(0, 0));
        assertEquals(1.0, a.getDouble(49, 39));
    }

    @Test
    void bernoulliMeanMatchesIntensity() {
        byte[] px = new byte[20000];
        java.util.Arrays.fill(px, (byte) 64);
        GrayImages g = new GrayImages(px, 20000, 1);
        double mean = g.bernoulli(RandomSource.of(5), DataType.DOUBLE).meanNumber().doubleValue();
        assertEquals(64 / 255.0, mean, 0.015);
        assertEquals(64 / 255.0, g.means()[0], 1e-12);
    }

    @Test
    void dynamicDiffersAcrossEpochsAndRepeatsForTheSameStream() {
        GrayImages g = images();
        DynamicBinarization src = new DynamicBinarization(g, 16, DataType.FLOAT);
        RandomSource root = RandomSource.of(7);
        List<INDArray> e0 = drain(src.epoch(0, root.stream(RandomSource.DOMAIN_SHUFFLE, 0)));
        List<INDArray> e0again = drain(src.epoch(0, root.stream(RandomSource.DOMAIN_SHUFFLE, 0)));
        List<INDArray> e1 = drain(src.epoch(1, root.stream(RandomSource.DOMAIN_SHUFFLE, 1)));
        assertEquals(4, e0.size());
        assertEquals(2, e0.get(3).rows());
        assertEquals(e0, e0again);
        assertNotEquals(e0, e1);
        for (INDArray b : e0) {
            BinaryDataset.checkBinary(b);
        }
        // Each epoch visits every image once: the sum of the on-probabilities is matched on average.
        double on = e0.stream().mapToDouble(b -> b.sumNumber().doubleValue()).sum();
        double expected = 0;
        for (double m : g.means()) {
            expected += m * g.rows();
        }
        assertEquals(expected, on, 0.05 * expected);
    }

    @Test
    void rangeSharesPixels() {
        GrayImages g = images().range(10, 20);
        assertEquals(10, g.rows());
        assertEquals(10, g.pixel(0, 0));
        assertThrows(IllegalArgumentException.class, () -> images().range(40, 60));
    }

    @Test
    void parseNamesTheValidValues() {
        assertEquals(Binarization.DYNAMIC, Binarization.parse("Dynamic"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Binarization.parse("otsu"));
        assertTrue(e.getMessage().contains("fixed, dynamic or threshold"));
    }

    private static List<INDArray> drain(Iterator<INDArray> it) {
        List<INDArray> l = new ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }
}
