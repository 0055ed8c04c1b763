package org.nrws.app.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.Initialization;
import org.nrws.model.SigmoidLayer;
import org.nrws.model.Units;
import org.nrws.random.RandomSource;

/**
 * Model files: export then import gives the machine back bit for bit (both unit conventions,
 * float64 and float32, depths 1 to 3) and the same passes; the file's arrays, read with the spec's
 * own parser ({@link NpyOracle}), are the documented orientation (q(h1 | x) computed from them
 * agrees with the engine's); bad files are refused with one line naming the cause; a failed write
 * leaves nothing behind.
 */
class ModelFileTest {

    @TempDir
    Path dir;

    /** A machine whose every parameter is a distinct non-trivial value (biases included). */
    static HelmholtzMachine machine(int[] latents, int visible, Units units, DataType type, long seed) {
        HelmholtzMachine m = Initialization.ARGO.create(visible, latents, type, units, 0.01, 0.002, RandomSource.of(seed));
        RandomSource r = RandomSource.of(seed + 1);
        for (SigmoidLayer layer : m.layers()) {
            INDArray t = layer.theta();
            for (int i = 0; i < t.rows(); i++) {
                for (int j = 0; j < t.columns(); j++) {
                    t.putScalar(i, j, r.nextGaussian());
                }
            }
        }
        return m;
    }

    static Stream<Arguments> variants() {
        List<Arguments> a = new ArrayList<>();
        for (Units u : Units.values()) {
            for (DataType t : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                for (int[] latents : new int[][] {{5}, {5, 3}, {6, 4, 2}}) {
                    a.add(Arguments.of(u, t, latents));
                }
            }
        }
        return a.stream();
    }

    static ModelMeta meta(HelmholtzMachine m) {
        return new ModelMeta(m.sizes(), m.units(), m.clip(), m.dataType(), "nrws", Map.of("data", "lines.csv"), "nrws test",
                "nrws trainer", 7L, 40L, Map.of("algo", "nrws", "k", "5"));
    }

    static void assertSameParameters(HelmholtzMachine expected, HelmholtzMachine actual) {
        assertArrayEquals(expected.sizes(), actual.sizes());
        assertEquals(expected.units(), actual.units());
        assertEquals(expected.clip(), actual.clip());
        assertEquals(expected.dataType(), actual.dataType());
        for (int l = 0; l < expected.layers().size(); l++) {
            INDArray a = expected.layers().get(l).theta();
            INDArray b = actual.layers().get(l).theta();
            assertEquals(a.dataType(), b.dataType());
            assertArrayEquals(a.shape(), b.shape(), expected.layers().get(l).name());
            for (int i = 0; i < a.rows(); i++) {
                for (int j = 0; j < a.columns(); j++) {
                    assertEquals(Double.doubleToRawLongBits(a.getDouble(i, j)), Double.doubleToRawLongBits(b.getDouble(i, j)),
                            expected.layers().get(l).name() + "[" + i + "," + j + "]");
                }
            }
        }
    }

    static INDArray image(int n, DataType type, long seed) {
        RandomSource r = RandomSource.of(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble() < 0.4 ? 1 : 0;
        }
        return Nd4j.createFromArray(x).reshape(1, n).castTo(type);
    }

    @ParameterizedTest
    @MethodSource("variants")
    void exportThenImportIsBitIdenticalAndComputesTheSame(Units units, DataType type, int[] latents) throws IOException {
        HelmholtzMachine m = machine(latents, 9, units, type, 11);
        Path file = dir.resolve("model.npz");
        ModelFile.write(file, m, meta(m));
        ModelFile.Loaded back = ModelFile.read(file);
        assertSameParameters(m, back.machine());
        assertArrayEquals(m.sizes(), back.meta().sizes());
        assertEquals(units, back.meta().units());
        assertEquals(0.002, back.meta().clip());
        assertEquals("nrws", back.meta().algorithm());
        assertEquals(40L, back.meta().updates());
        assertEquals(Map.of("algo", "nrws", "k", "5"), back.meta().config());
        assertEquals(64, back.sha256().length());
        INDArray x = image(9, type, 5);
        var t1 = m.wake(m.workspace(1), x, RandomSource.of(3));
        var t2 = back.machine().wake(back.machine().workspace(1), x, RandomSource.of(3));
        assertEquals(t1.logP().getDouble(0), t2.logP().getDouble(0));
        assertEquals(t1.logQ().getDouble(0), t2.logQ().getDouble(0));
        assertEquals(t1.qProbabilities(0), t2.qProbabilities(0));
        ModelFile.write(dir.resolve("again.npz"), back.machine(), back.meta());
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(dir.resolve("again.npz")), "a deterministic file");
    }

    @ParameterizedTest
    @CsvSource({"01", "pm1"})
    void theArraysHaveTheDocumentedOrientation(String u) throws IOException {
        Units units = Units.parse(u);
        HelmholtzMachine m = machine(new int[] {4, 3}, 9, units, DataType.DOUBLE, 21);
        Path file = dir.resolve("model.npz");
        ModelFile.write(file, m, meta(m));
        Map<String, byte[]> entries = NpyOracle.unzip(file);
        assertEquals(List.of("p/W0.npy", "p/b0.npy", "p/W1.npy", "p/b1.npy", "p/prior_b.npy", "q/W0.npy", "q/b0.npy",
                "q/W1.npy", "q/b1.npy", "meta.json"), new ArrayList<>(entries.keySet()));
        NpyOracle.Array w = NpyOracle.parse(entries.get("q/W0.npy"));
        NpyOracle.Array b = NpyOracle.parse(entries.get("q/b0.npy"));
        assertArrayEquals(new long[] {9, 4}, w.shape());
        assertArrayEquals(new long[] {4}, b.shape());
        assertArrayEquals(new long[] {4, 9}, NpyOracle.parse(entries.get("p/W0.npy")).shape());
        assertArrayEquals(new long[] {3}, NpyOracle.parse(entries.get("p/prior_b.npy")).shape());
        INDArray x = image(9, DataType.DOUBLE, 8);
        double[] engine = m.wake(m.workspace(1), x, RandomSource.of(1)).qProbabilities(0).toDoubleVector();
        for (int j = 0; j < 4; j++) {
            double a = b.values()[j];
            for (int i = 0; i < 9; i++) {
                a += units.encode(x.getDouble(0, i)) * w.values()[i * 4 + j];
            }
            assertEquals(1 / (1 + Math.exp(-a)), engine[j], 1e-12, "q(h1_" + j + " | x)");
        }
        String json = new String(entries.get("meta.json"), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"units\": \"" + u + "\""), json);
        assertTrue(json.contains("\"sizes\": [\n    9,\n    4,\n    3\n  ]"), json);
    }

    /** Rewrites a valid file with one change: entries replaced (null value: removed). */
    private Path variant(HelmholtzMachine m, Map<String, byte[]> changes) throws IOException {
        Path good = dir.resolve("good.npz");
        ModelFile.write(good, m, meta(m));
        Map<String, byte[]> e = new LinkedHashMap<>(NpyOracle.unzip(good));
        changes.forEach((k, v) -> {
            if (v == null) {
                e.remove(k);
            } else {
                e.put(k, v);
            }
        });
        Path bad = dir.resolve("bad.npz");
        NpyOracle.zip(bad, e);
        return bad;
    }

    private static byte[] f64(long[] shape, double fill, int at, double special) {
        double[] v = new double[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        Arrays.fill(v, fill);
        v[at] = special;
        return NpyOracle.encode("<f8", false, shape, v);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "missing; missing array q/W1",
        "shape; array q/W0 has shape (4, 9), expected (9, 4) = (n0, n1)",
        "nan; array p/b0 holds NaN at index (2)",
        "inf; array q/W1 holds Infinity at index (1, 2)",
        "dtype; array p/b1 is float32 but meta.json says dtype float64",
        "int; array p/b1 has dtype '<i8'",
        "fortran; array q/W0 is stored in Fortran order",
        "units; meta.json units is 'binary'; expected 01 or pm1",
        "sizes; meta.json sizes must hold the visible and at least one latent size",
        "json; meta.json is not valid JSON",
        "format; meta.json format is 'other'",
        "extra; unexpected entry p/W9.npy",
        "foreign; no meta.json entry: not an NRWS model file",
        "truncated; not a complete zip archive"})
    void badFilesAreRefusedWithOneLineNamingTheCause(String kind, String cause) throws IOException {
        HelmholtzMachine m = machine(new int[] {4, 3}, 9, Units.ZERO_ONE, DataType.DOUBLE, 2);
        String meta = new String(meta(m).toJson(), StandardCharsets.UTF_8);
        Map<String, byte[]> change = new LinkedHashMap<>();
        switch (kind) {
            case "missing" -> change.put("q/W1.npy", null);
            case "shape" -> change.put("q/W0.npy", f64(new long[] {4, 9}, 0.5, 0, 0.5));
            case "nan" -> change.put("p/b0.npy", f64(new long[] {9}, 0.5, 2, Double.NaN));
            case "inf" -> change.put("q/W1.npy", f64(new long[] {4, 3}, 0.5, 5, Double.POSITIVE_INFINITY));
            case "dtype" -> change.put("p/b1.npy", NpyOracle.encode("<f4", false, new long[] {4}, new double[4]));
            case "int" -> change.put("p/b1.npy", NpyOracle.encode("<i8", false, new long[] {4}, new double[4]));
            case "fortran" -> change.put("q/W0.npy", NpyOracle.encode("<f8", true, new long[] {9, 4}, new double[36]));
            case "units" -> change.put("meta.json", meta.replace("\"01\"", "\"binary\"").getBytes(StandardCharsets.UTF_8));
            case "sizes" -> change.put("meta.json", meta.replaceAll("\"sizes\": \\[[^]]*]", "\"sizes\": [9]")
                    .getBytes(StandardCharsets.UTF_8));
            case "json" -> change.put("meta.json", meta.substring(0, 40).getBytes(StandardCharsets.UTF_8));
            case "format" -> change.put("meta.json", meta.replace("nrws-model", "other").getBytes(StandardCharsets.UTF_8));
            case "extra" -> change.put("p/W9.npy", f64(new long[] {2}, 0.5, 0, 0.5));
            case "foreign" -> {
                for (String n : ModelLayout.names(2)) {
                    change.put(n + ".npy", null);
                }
                change.put("meta.json", null);
                change.put("arr_0.npy", f64(new long[] {3}, 1, 0, 1));
            }
            case "truncated" -> { }
            default -> throw new IllegalArgumentException(kind);
        }
        Path bad = variant(m, change);
        if (kind.equals("truncated")) {
            byte[] all = Files.readAllBytes(bad);
            Files.write(bad, Arrays.copyOf(all, all.length * 2 / 3));
        }
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.read(bad));
        assertTrue(e.getMessage().startsWith(bad.toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(cause), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aFailedWriteLeavesNothingBehind() throws IOException {
        HelmholtzMachine m = machine(new int[] {4}, 9, Units.ZERO_ONE, DataType.DOUBLE, 2);
        m.q().layer(0).theta().putScalar(3, 1, Double.NaN);
        Path target = dir.resolve("out").resolve("model.npz");
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.write(target, m, meta(m)));
        assertTrue(e.getMessage().contains("array q/W0 holds NaN at index (3, 1)"), e.getMessage());
        assertFalse(Files.exists(target.getParent()) && Files.list(target.getParent()).findAny().isPresent());

        HelmholtzMachine good = machine(new int[] {4}, 9, Units.ZERO_ONE, DataType.DOUBLE, 3);
        ModelFile.write(target, good, meta(good));
        byte[] before = Files.readAllBytes(target);
        assertThrows(ModelFileException.class, () -> ModelFile.write(target, m, meta(m)));
        assertArrayEquals(before, Files.readAllBytes(target), "the old file is unchanged");
        try (Stream<Path> s = Files.list(target.getParent())) {
            assertEquals(List.of(target), s.toList(), "no temporary file left");
        }
        HelmholtzMachine bias = machine(new int[] {4}, 9, Units.ZERO_ONE, DataType.DOUBLE, 2);
        bias.p().layer(1).theta().putScalar(0, 2, Double.NEGATIVE_INFINITY);
        e = assertThrows(ModelFileException.class, () -> ModelFile.write(target, bias, meta(bias)));
        assertTrue(e.getMessage().contains("array p/prior_b holds -Infinity at index (2)"), e.getMessage());
    }

    @Test
    void optionalMetadataMayBeAbsent() throws IOException {
        HelmholtzMachine m = machine(new int[] {3}, 4, Units.PLUS_MINUS_ONE, DataType.FLOAT, 9);
        Path file = dir.resolve("external.npz");
        String minimal = "{\"format\": \"nrws-model\", \"format_version\": 1, \"sizes\": [4, 3], \"units\": \"pm1\", "
                + "\"clip\": 0.002, \"dtype\": \"float32\"}";
        ModelFile.write(file, m, meta(m));
        Path external = variant(m, Map.of("meta.json", minimal.getBytes(StandardCharsets.UTF_8)));
        ModelFile.Loaded back = ModelFile.read(external);
        assertSameParameters(m, back.machine());
        assertNull(back.meta().algorithm());
        assertNull(back.meta().seed());
        assertEquals(Map.of(), back.meta().config());
    }
}
