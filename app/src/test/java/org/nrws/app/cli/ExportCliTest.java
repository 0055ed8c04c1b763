package org.nrws.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nrws.app.cli.Cli.nrws;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.app.cli.Cli.Result;
import org.nrws.app.export.ModelFile;
import org.nrws.app.run.Json;
import org.nrws.checkpoint.Checkpoint;
import org.nrws.model.HelmholtzMachine;

/**
 * {@code ./nrws export}, {@code eval --model} and {@code train --init-from} in-process on the
 * lines toy: an exported model evaluates exactly as its checkpoint does (both unit conventions,
 * float64 and float32, depths 1 to 3); a run started from a file starts from its bits and records
 * the file's SHA-256; refusals are one line and leave nothing written.
 */
class ExportCliTest {

    @TempDir
    static Path dir;

    static Path csv;

    @BeforeAll
    static void data() throws IOException {
        csv = Cli.linesCsv(dir);
    }

    private static Path train(String name, String... extra) {
        Path out = dir.resolve(name);
        String[] base = {"train", "--algo", "rws", "--max-updates", "10", "--eval-k", "0", "--data", csv.toString(), "--seed",
            "5", "--data-dir", dir.toString(), "--out", out.toString(), "--quiet"};
        Result r = nrws(Stream.concat(Arrays.stream(base), Arrays.stream(extra)).toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return out.resolve("checkpoint.nrws");
    }

    private static void assertSameBits(HelmholtzMachine a, HelmholtzMachine b) {
        assertEquals(a.layers().size(), b.layers().size());
        for (int l = 0; l < a.layers().size(); l++) {
            double[] x = a.layers().get(l).theta().dup('c').data().asDouble();
            double[] y = b.layers().get(l).theta().dup('c').data().asDouble();
            assertEquals(x.length, y.length);
            for (int k = 0; k < x.length; k++) {
                assertEquals(Double.doubleToRawLongBits(x[k]), Double.doubleToRawLongBits(y[k]), "layer " + l + " element " + k);
            }
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @ParameterizedTest
    @CsvSource({"01, float64, 4", "pm1, float64, '4,3,2'", "01, float32, '4,2'", "pm1, float32, 3"})
    void anExportedModelEvaluatesExactlyAsItsCheckpoint(String units, String dtype, String layers) throws Exception {
        String name = units + dtype + layers.replace(',', '-');
        Path ckpt = train(name, "--units", units, "--dtype", dtype, "--layers", layers);
        Path model = dir.resolve(name + ".npz");
        Result x = nrws("export", "--checkpoint", ckpt.toString(), "--out", model.toString(), "--quiet");
        assertEquals(0, x.code(), x.err());
        assertEquals(sha256(model), x.json().get("sha256").getAsString());
        assertSameBits(Checkpoint.load(ckpt).machine(), ModelFile.read(model).machine());

        String[] eval = {"--k", "20", "--split", "valid", "--seed", "3", "--data-dir", dir.toString(), "--quiet"};
        Result a = nrws(Stream.concat(Stream.of("eval", "--checkpoint", ckpt.toString()), Arrays.stream(eval))
                .toArray(String[]::new));
        Result b = nrws(Stream.concat(Stream.of("eval", "--model", model.toString()), Arrays.stream(eval))
                .toArray(String[]::new));
        assertEquals(0, a.code(), a.err());
        assertEquals(0, b.code(), b.err());
        for (String key : List.of("ll", "ll_se", "ess", "n", "algo", "train_seed", "updates", "layers")) {
            assertEquals(a.json().get(key), b.json().get(key), key);
        }
        assertEquals(sha256(model), b.json().get("model_sha256").getAsString());
        Result defaultSeed = nrws("eval", "--model", model.toString(), "--k", "20", "--split", "valid", "--data-dir",
                dir.toString(), "--quiet");
        assertEquals(5, defaultSeed.json().get("seed").getAsLong(), "the file's training seed");
    }

    @Test
    void exportRefusesToReplaceAFileAndWritesNothingOnFailure() throws Exception {
        Path ckpt = train("refuse");
        Path model = dir.resolve("refuse.npz");
        assertEquals(0, nrws("export", "--checkpoint", ckpt.toString(), "--out", model.toString(), "--quiet").code());
        byte[] first = Files.readAllBytes(model);
        Result again = nrws("export", "--checkpoint", ckpt.toString(), "--out", model.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains(model + " exists; pass --overwrite"), again.err());
        assertEquals(0, nrws("export", "--checkpoint", ckpt.toString(), "--out", model.toString(), "--overwrite",
                "--quiet").code());
        assertTrue(Arrays.equals(first, Files.readAllBytes(model)), "the same checkpoint gives the same file");

        Path broken = dir.resolve("broken.nrws");
        byte[] c = Files.readAllBytes(ckpt);
        Files.write(broken, Arrays.copyOf(c, c.length / 2));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Result r = nrws("export", "--checkpoint", broken.toString(), "--out", empty.resolve("m.npz").toString());
        assertEquals(1, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        r.assertNoStackTrace();
        try (Stream<Path> s = Files.list(empty)) {
            assertEquals(0, s.count(), "nothing written");
        }
    }

    @Test
    void trainInitFromStartsFromTheFileAndRecordsIt() throws Exception {
        Path ckpt = train("source", "--units", "pm1", "--layers", "4,2");
        Path model = dir.resolve("source.npz");
        assertEquals(0, nrws("export", "--checkpoint", ckpt.toString(), "--out", model.toString(), "--quiet").code());
        String sha = sha256(model);

        Path out = dir.resolve("init");
        // a learning rate too small to change any parameter: the run's checkpoint holds the file's bits
        Result r = nrws("train", "--init-from", model.toString(), "--algo", "rws", "--lr", "1e-300", "--max-updates", "1",
                "--eval-k", "0", "--data", csv.toString(), "--data-dir", dir.toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        JsonObject j = r.json();
        assertEquals(sha, j.get("init_from_sha256").getAsString());
        assertEquals(model.toAbsolutePath().toString(), j.get("init_from").getAsString());
        assertEquals("pm1", j.get("units").getAsString());
        assertEquals("[4,2]", j.get("layers").toString());
        JsonObject saved = Json.parseObject(Files.readString(out.resolve("result.json")).trim());
        assertEquals(sha, saved.get("init_from_sha256").getAsString());
        Checkpoint c = Checkpoint.load(out.resolve("checkpoint.nrws"));
        assertEquals(sha, c.get("provenance.init-from-sha256"));
        assertEquals(1, c.updates());
        assertSameBits(ModelFile.read(model).machine(), c.machine());

        Result resumed = nrws("train", "--resume", out.resolve("checkpoint.nrws").toString(), "--max-updates", "2",
                "--data-dir", dir.toString(), "--quiet");
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(sha, resumed.json().get("init_from_sha256").getAsString(), "a resumed run keeps the provenance");
        assertEquals(sha, Checkpoint.load(out.resolve("checkpoint.nrws")).get("provenance.init-from-sha256"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "--resume RESUME; true; --init-from cannot be combined with --resume",
        "--layers 4,3; true; --layers 4,3 does not match the model file",
        "--units 01; true; --units 01 does not match the model file",
        "--dtype float32; true; --dtype float32 does not match the model file",
        "--init argo; true; --init has no effect with --init-from",
        "--seed 1; false; has 9 visible units but the data has 12 columns"})
    void initFromRefusesWhatContradictsTheFile(String option, boolean beforeData, String message) throws Exception {
        Path ckpt = train("conflict", "--units", "pm1", "--layers", "4,2", "--overwrite");
        Path model = dir.resolve("conflict.npz");
        assertEquals(0, nrws("export", "--checkpoint", ckpt.toString(), "--out", model.toString(), "--overwrite",
                "--quiet").code());
        Path nine = dir.resolve("twelve.csv");
        Files.writeString(nine, ("1,0,1,0,1,0,1,0,1,0,1,0\n").repeat(50));
        String[] opt = option.replace("RESUME", ckpt.toString()).split(" ");
        Path out = dir.resolve("refused");
        String[] base = {"train", "--init-from", model.toString(), "--max-updates", "1", "--eval-k", "0", "--data",
            (beforeData ? csv : nine).toString(), "--data-dir", dir.toString(), "--out", out.toString(), "--quiet"};
        Result r = nrws(Stream.concat(Arrays.stream(base), Arrays.stream(opt)).toArray(String[]::new));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().lines().findFirst().orElse("").contains(message), r.err());
        r.assertNoStackTrace();
        assertFalse(Files.exists(out.resolve("checkpoint.nrws")), "nothing trained");
        if (beforeData) {
            assertFalse(Files.exists(out), "nothing written");
        }
    }

    @Test
    void aBadModelFileIsOneLineAndWritesNothing() throws Exception {
        Path bad = dir.resolve("foreign.npz");
        try (var z = new java.util.zip.ZipOutputStream(Files.newOutputStream(bad))) {
            z.putNextEntry(new java.util.zip.ZipEntry("arr_0.npy"));
            z.write(new byte[] {1, 2, 3});
            z.closeEntry();
        }
        Path out = dir.resolve("never");
        Result r = nrws("train", "--init-from", bad.toString(), "--data", csv.toString(), "--out", out.toString());
        assertEquals(1, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("no meta.json entry"), r.err());
        assertFalse(Files.exists(out));
        Result e = nrws("eval", "--model", bad.toString(), "--data-dir", dir.toString());
        assertEquals(1, e.code());
        assertTrue(e.err().contains("no meta.json entry"), e.err());
        Result both = nrws("eval", "--model", bad.toString(), "--checkpoint", bad.toString());
        assertEquals(2, both.code());
        assertTrue(both.err().contains("give only one of --checkpoint and --model"), both.err());
    }
}
