package org.nrws.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nrws.checkpoint.Checkpoint;
import org.nrws.app.cli.Cli.Result;
import org.nrws.app.run.Json;
import org.nrws.app.run.MetricsCsv;

/**
 * The command line in-process on a tiny synthetic data set (200 samples of the 3x3 lines toy
 * written as a CSV file): outputs of train, eval, sample and compare, resume through the CLI,
 * and clear errors for bad options.
 */
class CliTest {

    @TempDir
    static Path dir;

    static Path csv;
    static Path run1;
    static Result train1;

    static Result nrws(String... args) {
        return Cli.nrws(args);
    }

    @BeforeAll
    static void trainOnce() throws IOException {
        csv = Cli.linesCsv(dir);
        run1 = dir.resolve("run1");
        train1 = nrws("train", "--algo", "rws", "--layers", "4,2", "--max-updates", "30", "--eval-k", "10", "--data",
                csv.toString(), "--out", run1.toString(), "--seed", "5", "--data-dir", dir.toString(), "--threads", "2");
    }

    @Test
    void trainPrintsOneJsonLineAndWritesItsFiles() throws IOException {
        assertEquals(0, train1.code(), train1.err());
        JsonObject j = train1.json();
        assertEquals("rws", j.get("algo").getAsString());
        assertEquals(30, j.get("updates").getAsLong());
        assertTrue(j.get("wall_s").getAsDouble() > 0);
        assertTrue(j.get("updates_per_s").getAsDouble() > 0);
        double ll = j.get("test_ll").getAsDouble();
        assertTrue(Double.isFinite(ll) && ll < 0 && ll > -9 * Math.log(2) * 3, "test_ll " + ll);
        assertTrue(j.get("test_ll_se").getAsDouble() > 0);
        assertEquals(10, j.get("eval_k").getAsInt());
        assertEquals(20, j.get("test_n").getAsInt());
        assertEquals("cpu", j.get("backend").getAsString());
        assertEquals(2, j.get("threads").getAsInt(), "the engine's --threads, not ND4J's");
        assertTrue(j.get("backend_detail").getAsString().contains("nd4j threads=1, engine threads=2"),
                j.get("backend_detail").getAsString());
        assertEquals(5, j.get("seed").getAsLong());
        assertEquals("given-binary", j.get("binarize").getAsString());
        assertEquals("max-updates", j.get("stop_reason").getAsString());

        List<MetricsCsv.Row> rows = MetricsCsv.read(run1.resolve("metrics.csv"));
        List<MetricsCsv.Row> monitor = rows.stream().filter(r -> r.kind().equals("monitor")).toList();
        assertEquals(11, monitor.size(), "update 0 and every 3 updates (auto = a tenth of 30)");
        assertEquals(0, monitor.get(0).updates());
        assertEquals(30, monitor.get(10).updates());
        for (int i = 1; i < monitor.size(); i++) {
            assertTrue(monitor.get(i).wallS() >= monitor.get(i - 1).wallS(), "training seconds never decrease");
        }
        assertTrue(monitor.get(0).wallS() == 0);
        MetricsCsv.Row fin = rows.get(rows.size() - 1);
        assertEquals("final", fin.kind());
        assertEquals(ll, fin.testLl(), 1e-9);

        for (String png : new String[] {"curves.png", "samples.png"}) {
            Path p = run1.resolve(png);
            assertTrue(Files.size(p) > 0, png);
            BufferedImage img = ImageIO.read(p.toFile());
            assertNotNull(img, png + " decodes");
            assertTrue(img.getWidth() > 50 && img.getHeight() > 50, png);
        }
        Checkpoint c = Checkpoint.load(run1.resolve("checkpoint.nrws"));
        assertEquals(30, c.updates());
        assertEquals("rws", c.section("config.").get("algo"));
        assertEquals("given-binary", c.section("provenance.").get("data.protocol"));
        assertTrue(c.section("provenance.").get("backend").equals("cpu"));
        assertEquals(train1.out().strip(), Files.readString(run1.resolve("result.json")).strip());
    }

    @Test
    void evalAndSampleUseTheCheckpoint() throws IOException {
        Path ckpt = run1.resolve("checkpoint.nrws");
        Result e = nrws("eval", "--checkpoint", ckpt.toString(), "--k", "20", "--split", "valid");
        assertEquals(0, e.code(), e.err());
        JsonObject j = e.json();
        assertEquals("valid", j.get("split").getAsString());
        assertEquals(20, j.get("n").getAsInt());
        assertEquals(20, j.get("eval_k").getAsInt());
        assertTrue(j.get("ll").getAsDouble() < 0);
        assertTrue(j.get("test_ll").isJsonNull());
        assertEquals(30, j.get("updates").getAsLong());

        Path png = dir.resolve("s.png");
        Result s = nrws("sample", "--checkpoint", ckpt.toString(), "--n", "16", "--out", png.toString());
        assertEquals(0, s.code(), s.err());
        assertTrue(s.json().get("reconstructions").getAsBoolean());
        assertNotNull(ImageIO.read(png.toFile()));
    }

    @Test
    void resumeThroughTheCliIsBitIdentical() throws IOException {
        String[] common = {"--algo", "rws", "--layers", "4,2", "--eval-k", "0", "--data", csv.toString(), "--seed", "3",
                "--optimizer", "adam", "--lr", "0.01", "--k", "3", "--batch", "16"};
        Path straight = dir.resolve("straight");
        Path parts = dir.resolve("parts");
        assertEquals(0, nrws(concat(common, "--max-updates", "25", "--out", straight.toString())).code());
        assertEquals(0, nrws(concat(common, "--max-updates", "13", "--out", parts.toString())).code());
        Result again = nrws(concat(common, "--max-updates", "13", "--out", parts.toString()));
        assertEquals(2, again.code(), "a second run into the same folder is refused");
        assertTrue(again.err().contains("--resume"), again.err());

        Result conflict = nrws("train", "--resume", parts.resolve("checkpoint.nrws").toString(), "--k", "4");
        assertEquals(2, conflict.code());
        assertTrue(conflict.err().contains("--k 4 conflicts with the checkpoint"), conflict.err());

        Result resumed = nrws("train", "--resume", parts.resolve("checkpoint.nrws").toString(), "--max-updates", "25");
        assertEquals(0, resumed.code(), resumed.err());
        assertFalse(resumed.err().contains("checkpoints do not hold"), "an exact resume: " + resumed.err());
        assertEquals(25, resumed.json().get("updates").getAsLong());
        Checkpoint a = Checkpoint.load(straight.resolve("checkpoint.nrws"));
        Checkpoint b = Checkpoint.load(parts.resolve("checkpoint.nrws"));
        assertEquals(25, b.updates());
        for (int i = 0; i < a.parameters().size(); i++) {
            assertTrue(a.parameters().get(i).equalsWithEps(b.parameters().get(i), 0.0), "parameter " + i);
            double[] x = a.parameters().get(i).dup().data().asDouble();
            double[] y = b.parameters().get(i).dup().data().asDouble();
            for (int k = 0; k < x.length; k++) {
                assertEquals(Double.doubleToRawLongBits(x[k]), Double.doubleToRawLongBits(y[k]));
            }
        }
    }

    @Test
    void resumingKfacRunningAveragesWarnsThatTheyRestart() throws IOException {
        String[] common = {"--algo", "rws", "--layers", "4,2", "--eval-k", "0", "--data", csv.toString(), "--seed", "3",
                "--k", "3", "--batch", "16", "--precondition", "kfac"};
        Path averaged = dir.resolve("averaged");
        Path plain = dir.resolve("plain");
        assertEquals(0, nrws(concat(common, "--kfac-decay", "0.5", "--max-updates", "4", "--out", averaged.toString())).code());
        assertEquals(0, nrws(concat(common, "--max-updates", "4", "--out", plain.toString())).code());

        Result a = nrws("train", "--resume", averaged.resolve("checkpoint.nrws").toString(), "--max-updates", "6");
        assertEquals(0, a.code(), a.err());
        assertTrue(a.err().contains("warning: --kfac-decay 0.5: checkpoints do not hold the running averages of kfac's"),
                a.err());
        Result p = nrws("train", "--resume", plain.resolve("checkpoint.nrws").toString(), "--max-updates", "6");
        assertEquals(0, p.code(), p.err());
        assertFalse(p.err().contains("kfac-decay"), "without averages the resume is exact: " + p.err());
    }

    @Test
    void compareRunsEveryAlgorithmAndOverlaysTheCurves() throws IOException {
        Path out = dir.resolve("cmp");
        Result r = nrws("compare", "--algo", "rws,bihm", "--layers", "4,2", "--max-updates", "10", "--eval-k", "5",
                "--logz-pairs", "2000", "--data", csv.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(2, lines.size());
        JsonObject bihm = Json.parseObject(lines.get(1));
        assertEquals("bihm", bihm.get("algo").getAsString());
        assertTrue(Double.isFinite(bihm.get("bihm_log_pstar").getAsDouble()));
        assertNotNull(ImageIO.read(out.resolve("compare.png").toFile()));
        assertEquals(3, Files.readAllLines(out.resolve("compare.csv")).size());
        assertTrue(Files.exists(out.resolve("rws").resolve("checkpoint.nrws")));
    }

    @Test
    void earlyStoppingKeepsTheBestValidationModel() throws IOException {
        // With a negligible learning rate only evaluation noise moves the validation LL, so two
        // evaluations without improvement come quickly.
        Path out = dir.resolve("early");
        Result r = nrws("train", "--algo", "ws", "--layers", "4,2", "--lr", "1e-9", "--patience", "2", "--eval-every", "1",
                "--max-updates", "200", "--eval-k", "10", "--data", csv.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonObject j = r.json();
        assertEquals("early-stopping", j.get("stop_reason").getAsString());
        assertTrue(j.get("updates").getAsLong() < 200);
        String selected = j.get("selected").getAsString();
        assertTrue(selected.startsWith("best-valid@"), selected);
        Checkpoint best = Checkpoint.load(out.resolve("best.nrws"));
        assertEquals(Long.parseLong(selected.substring("best-valid@".length())), best.updates());
        assertEquals(j.get("best_valid_ll_monitor").getAsDouble(), Double.parseDouble(best.section("state.").get("best-valid-ll")));
    }

    @ParameterizedTest
    @CsvSource({"nrws", "nws", "nbihm"})
    void naturalAlgorithmsTrain(String algo) throws Exception {
        Path out = dir.resolve("nat-" + algo);
        Result r = nrws("train", "--algo", algo, "--layers", "4,2", "--max-updates", "5", "--eval-k", "5",
                "--data", csv.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonObject j = r.json();
        assertEquals(algo, j.get("algo").getAsString());
        assertEquals(5, j.get("updates").getAsLong());
        assertTrue(Double.isFinite(j.get("test_ll").getAsDouble()), j.toString());
        assertNoStackTrace(r);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "train --k 0|--k must be an integer >= 1, got 0",
        "train --lr=-0.5|--lr must be a finite number > 0",
        "train --algo foo|unknown algorithm 'foo'",
        "train --layers 200,x|--layers must be a comma-separated list",
        "train --optimizer lbfgs|unknown optimizer 'lbfgs'",
        "train --binarize otsu|unknown binarization 'otsu'",
        "train --bogus|Unknown option: '--bogus'",
        "eval --k 5|Missing required option: '--checkpoint=FILE'",
        "frobnicate|Unmatched argument at index 0: 'frobnicate'"})
    void badOptionsExitWithCode2AndAMessage(String args, String message) {
        Result r = nrws(args.split(" "));
        assertEquals(Nrws.USAGE, r.code(), r.err());
        assertTrue(r.err().contains(message), r.err());
        assertTrue(r.err().contains("--help"), r.err());
        assertTrue(r.out().isEmpty(), r.out());
        assertNoStackTrace(r);
    }

    @Test
    void missingFilesAndWrongBackendExitWithCode1() throws IOException {
        Result r = nrws("train", "--algo", "rws", "--data", dir.resolve("absent.csv").toString(), "--out",
                dir.resolve("x1").toString());
        assertEquals(Nrws.FAILED, r.code());
        assertTrue(r.err().contains("absent.csv: no such file or folder"), r.err());
        assertNoStackTrace(r);

        r = nrws("eval", "--checkpoint", dir.resolve("absent.nrws").toString());
        assertEquals(Nrws.FAILED, r.code());
        assertTrue(r.err().contains("file not found"), r.err());

        Path foreign = dir.resolve("foreign.nrws");
        Files.writeString(foreign, "hello");
        r = nrws("eval", "--checkpoint", foreign.toString());
        assertEquals(Nrws.FAILED, r.code());
        assertTrue(r.err().contains("is not an NRWS checkpoint"), r.err());

        r = nrws("train", "--algo", "rws", "--backend", "cuda", "--data", csv.toString(), "--out", dir.resolve("x2").toString());
        assertEquals(Nrws.FAILED, r.code());
        // the default build has no CUDA solver; a -Pcuda build on a machine without a GPU has no device
        assertTrue(r.err().contains("--backend cuda: no CUDA backend on the classpath; rebuild with -Pcuda")
                || r.err().contains("--backend cuda: no CUDA device found (no CUDA device"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void helpIsAvailableEverywhere() {
        for (String c : new String[] {"train", "eval", "sample", "compare", "fetch-data"}) {
            Result r = nrws(c, "--help");
            assertEquals(0, r.code());
            assertTrue(r.out().contains("Usage: nrws " + c), r.out());
        }
        assertTrue(nrws("train", "--help").out().contains("--time-budget"));
    }

    private static void assertNoStackTrace(Result r) {
        r.assertNoStackTrace();
    }

    private static String[] concat(String[] a, String... b) {
        String[] c = new String[a.length + b.length + 1];
        c[0] = "train";
        System.arraycopy(a, 0, c, 1, a.length);
        System.arraycopy(b, 0, c, 1 + a.length, b.length);
        return c;
    }
}
