package org.nrws.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.checkpoint.Checkpoint;
import org.nrws.app.cli.Nrws;
import org.nrws.app.run.Json;
import org.nrws.testing.TinyMachines;

/**
 * The nrws-spark command line in-process (on the tests' local[2] context): eval prints the numbers
 * of ./nrws eval for the same checkpoint (bit for bit, BiHM 2 log Z included); train writes a
 * checkpoint that ./nrws eval reads and that resumes to the same parameters as a straight run;
 * bad input gets a one-line error.
 */
class SparkCliTest {

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
        JsonObject json() {
            String[] lines = out.strip().split("\n");
            return Json.parseObject(lines[lines.length - 1]);
        }
    }

    static Result run(boolean spark, String... args) {
        org.nrws.spark.SparkTestContextAccess.ensure();
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = spark ? NrwsSpark.execute(new PrintWriter(o), new PrintWriter(e), args)
                : Nrws.execute(new PrintWriter(o), new PrintWriter(e), args);
        return new Result(code, o.toString(), e.toString());
    }

    private Path csv() throws IOException {
        StringBuilder s = new StringBuilder();
        for (double[] row : TinyMachines.binary(150, 6, 23).toDoubleMatrix()) {
            for (int j = 0; j < row.length; j++) {
                s.append(j == 0 ? "" : ",").append((int) row[j]);
            }
            s.append('\n');
        }
        return Files.writeString(dir.resolve("rows.csv"), s);
    }

    @Test
    void evalPrintsTheNumbersOfNrwsEval() throws IOException {
        Path data = csv();
        Path run = dir.resolve("bihm");
        Result t = run(false, "train", "--algo", "bihm", "--layers", "4", "--k", "2", "--batch", "10", "--max-updates", "5",
                "--eval-k", "5", "--data", data.toString(), "--out", run.toString(), "--seed", "3");
        assertEquals(0, t.code(), t.err());
        String ckpt = run.resolve("checkpoint.nrws").toString();
        Result one = run(false, "eval", "--checkpoint", ckpt, "--k", "40", "--split", "test", "--logz-pairs", "700");
        assertEquals(0, one.code(), one.err());
        Result d = run(true, "eval", "--checkpoint", ckpt, "--k", "40", "--split", "test", "--logz-pairs", "700",
                "--partitions", "3");
        assertEquals(0, d.code(), d.err());
        for (String key : List.of("ll", "ll_se", "ess", "n", "bihm_2logz", "bihm_log_ptilde", "bihm_log_pstar")) {
            assertEquals(one.json().get(key).getAsDouble(), d.json().get(key).getAsDouble(), 0.0, key);
        }
        assertEquals(3, d.json().get("partitions").getAsInt());
    }

    @Test
    void trainWritesACheckpointThatResumesExactly() throws IOException {
        Path data = csv();
        String[] common = {"--algo", "nrws", "--layers", "4,2", "--k", "3", "--batch", "12", "--eval-k", "5", "--data",
            data.toString(), "--partitions", "2", "--seed", "8"};
        Path straight = dir.resolve("straight");
        Result a = run(true, concat(common, "train", "--max-updates", "6", "--out", straight.toString()));
        assertEquals(0, a.code(), a.err());
        assertEquals(6, a.json().get("updates").getAsLong());
        assertTrue(Double.isFinite(a.json().get("test_ll").getAsDouble()));
        assertEquals(7, Files.readAllLines(straight.resolve("spark-metrics.csv")).size(), "a header and one row per update");
        Path parts = dir.resolve("parts");
        assertEquals(0, run(true, concat(common, "train", "--max-updates", "4", "--out", parts.toString())).code());
        Result r = run(true, "train", "--resume", parts.resolve("checkpoint.nrws").toString(), "--max-updates", "6",
                "--partitions", "2", "--data-dir", dir.toString());
        assertEquals(0, r.code(), r.err());
        List<INDArray> pa = Checkpoint.load(straight.resolve("checkpoint.nrws")).parameters();
        List<INDArray> pb = Checkpoint.load(parts.resolve("checkpoint.nrws")).parameters();
        for (int i = 0; i < pa.size(); i++) {
            assertEquals(pa.get(i), pb.get(i), "layer " + i + " after resume");
        }
        Result e = run(false, "eval", "--checkpoint", straight.resolve("checkpoint.nrws").toString(), "--k", "5");
        assertEquals(0, e.code(), "./nrws eval reads the Spark checkpoint: " + e.err());
        Result bad = run(true, "eval", "--checkpoint", straight.resolve("checkpoint.nrws").toString(), "--k", "0");
        assertEquals(NrwsSpark.USAGE, bad.code());
        assertTrue(bad.err().contains("--k must be an integer >= 1"), bad.err());
        assertEquals(1, bad.err().strip().split("\n").length, "one line: " + bad.err());
    }

    private static String[] concat(String[] common, String... first) {
        String[] all = new String[first.length + common.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(common, 0, all, first.length, common.length);
        return all;
    }
}
