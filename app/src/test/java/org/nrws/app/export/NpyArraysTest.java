package org.nrws.app.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * ND4J's {@code .npy} writer and reader, as {@link NpyArrays} uses them, against the format's
 * specification ({@link NpyOracle}): header, type, shape, {@code fortran_order} and the element
 * bits, for C-ordered arrays, views and transposes; and the refusals that keep malformed input away
 * from ND4J's native reader.
 */
class NpyArraysTest {

    private static INDArray random(DataType type, long... shape) {
        Random r = new Random(Arrays.hashCode(shape) + type.ordinal());
        double[] v = new double[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian() * Math.pow(10, r.nextInt(9) - 4);
        }
        v[0] = -0.0;
        v[v.length - 1] = Double.MIN_NORMAL / 3;   // subnormal in float64 (0 in float32)
        return Nd4j.createFromArray(v).reshape('c', shape).castTo(type);
    }

    /** The elements of an array in C order, read one by one through its indices (not its buffer). */
    private static double[] cOrder(INDArray a) {
        double[] v = new double[(int) a.length()];
        if (a.rank() == 1) {
            for (int i = 0; i < v.length; i++) {
                v[i] = a.getDouble(i);
            }
        } else {
            for (int i = 0; i < a.rows(); i++) {
                for (int j = 0; j < a.columns(); j++) {
                    v[(int) (i * a.columns() + j)] = a.getDouble(i, j);
                }
            }
        }
        return v;
    }

    private static void assertSameBits(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]), "element " + i);
        }
    }

    @Test
    void whatNd4jWritesFollowsTheSpecForMatricesVectorsViewsAndTransposes() {
        INDArray big = random(DataType.DOUBLE, 5, 7);
        INDArray[] cases = {random(DataType.DOUBLE, 3, 4), random(DataType.FLOAT, 3, 4), random(DataType.DOUBLE, 6),
            random(DataType.FLOAT, 1), big.get(NDArrayIndex.interval(1, 4), NDArrayIndex.interval(2, 5)),
            big.get(NDArrayIndex.point(4), NDArrayIndex.all()), big.transpose(), big.dup('f')};
        for (INDArray a : cases) {
            NpyOracle.Array npy = NpyOracle.parse(NpyArrays.encode(a));
            String what = Arrays.toString(a.shape()) + " " + a.dataType() + " " + a.ordering() + (a.isView() ? " view" : "");
            assertEquals(a.dataType() == DataType.DOUBLE ? "<f8" : "<f4", npy.descr(), what);
            assertFalse(npy.fortranOrder(), what);
            assertArrayEquals(a.shape(), npy.shape(), what);
            assertSameBits(cOrder(a), npy.values());
        }
    }

    @Test
    void theReaderGivesTheBitsTheSpecDescribes() throws Exception {
        Random r = new Random(3);
        double[] v = new double[12];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        v[5] = -0.0;
        v[7] = Double.MIN_VALUE;
        for (String descr : new String[] {"<f8", "<f4"}) {
            INDArray a = NpyArrays.decode("x", NpyOracle.encode(descr, false, new long[] {3, 4}, v));
            assertEquals(descr.equals("<f8") ? DataType.DOUBLE : DataType.FLOAT, a.dataType());
            assertArrayEquals(new long[] {3, 4}, a.shape());
            double[] expected = descr.equals("<f8") ? v : Arrays.stream(v).map(x -> (float) x).toArray();
            assertSameBits(expected, cOrder(a));
        }
        INDArray vector = NpyArrays.decode("b", NpyOracle.encode("<f8", false, new long[] {12}, v));
        assertArrayEquals(new long[] {12}, vector.shape());
        assertSameBits(v, cOrder(vector));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "fortran; stored in Fortran order",
        "big-endian; dtype '>f8'",
        "int64; dtype '<i8'",
        "truncated; is truncated",
        "stray; followed by stray bytes",
        "magic; not in the .npy format",
        "version2; format version 2.0",
        "header; malformed .npy header",
        "empty; empty or a scalar",
        "scalar; empty or a scalar",
        "short-header; truncated inside its .npy header"})
    void malformedArraysAreRefusedWithOneLineNamingTheArray(String kind, String cause) {
        double[] v = {1, 2, 3, 4, 5, 6};
        byte[] ok = NpyOracle.encode("<f8", false, new long[] {2, 3}, v);
        byte[] b = switch (kind) {
            case "fortran" -> NpyOracle.encode("<f8", true, new long[] {2, 3}, v);
            case "big-endian" -> NpyOracle.encode(">f8", false, new long[] {2, 3}, v);
            case "int64" -> NpyOracle.encode("<i8", false, new long[] {2, 3}, v);
            case "truncated" -> Arrays.copyOf(ok, ok.length - 3);
            case "stray" -> Arrays.copyOf(ok, ok.length + 8);
            case "magic" -> replace(ok, 1, (byte) 'X');
            case "version2" -> replace(ok, 6, (byte) 2);
            case "header" -> new String(ok, java.nio.charset.StandardCharsets.ISO_8859_1).replace("'shape'", "'shapf'")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            case "empty" -> NpyOracle.encode("<f8", false, new long[] {0, 3}, new double[0]);
            case "scalar" -> NpyOracle.encode("<f8", false, new long[] {}, new double[] {1});
            case "short-header" -> Arrays.copyOf(ok, 30);
            default -> throw new IllegalArgumentException(kind);
        };
        ModelFileException e = assertThrows(ModelFileException.class, () -> NpyArrays.decode("q/W7", b));
        assertTrue(e.getMessage().contains("q/W7"), e.getMessage());
        assertTrue(e.getMessage().contains(cause), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    private static byte[] replace(byte[] b, int at, byte value) {
        byte[] c = b.clone();
        c[at] = value;
        return c;
    }
}
