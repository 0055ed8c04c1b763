package org.nrws.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nrws.testing.TinyMachines;

/** A sweep of three runs in local[2]: two finish and write their folders, one fails with its cause. */
class SweepTest {

    @TempDir
    Path dir;

    static Path csv(Path dir) throws IOException {
        StringBuilder s = new StringBuilder();
        for (double[] row : TinyMachines.binary(120, 6, 17).toDoubleMatrix()) {
            for (int j = 0; j < row.length; j++) {
                s.append(j == 0 ? "" : ",").append((int) row[j]);
            }
            s.append('\n');
        }
        return Files.writeString(dir.resolve("rows.csv"), s);
    }

    private Map<String, String> run(String algo, String name) throws IOException {
        Map<String, String> m = new TreeMap<>();
        m.put("algo", algo);
        m.put("layers", "3");
        m.put("k", "2");
        m.put("batch", "10");
        m.put("max-updates", "4");
        m.put("eval-k", "5");
        m.put("data", csv(dir).toString());
        m.put("out", dir.resolve(name).toString());
        return m;
    }

    @Test
    void aFailedRunIsReportedAndTheOthersFinish() throws IOException {
        List<Sweep.Outcome> out = Sweep.run(SparkTestContext.get(),
                List.of(run("rws", "a"), run("no-such-algo", "b"), run("nrws", "c")));
        assertEquals(3, out.size());
        assertTrue(out.get(0).ok(), String.valueOf(out.get(0).error()));
        assertTrue(out.get(2).ok(), String.valueOf(out.get(2).error()));
        assertEquals(false, out.get(1).ok());
        assertTrue(out.get(1).error().contains("no-such-algo"), out.get(1).error());
        assertNull(out.get(1).result());
        assertNotNull(out.get(0).result());
        assertTrue(Files.isRegularFile(dir.resolve("a").resolve("result.json")), "run a wrote its result");
        assertTrue(Files.isRegularFile(dir.resolve("c").resolve("checkpoint.nrws")), "run c wrote its checkpoint");
        List<Map<String, Object>> table = Sweep.table(out);
        assertEquals("failed", table.get(1).get("status"));
        assertEquals("ok", table.get(2).get("status"));
        assertEquals(4.0, ((Number) table.get(0).get("updates")).doubleValue());
        for (int i : new int[] {0, 2}) {
            sameAsNrwsTrain(out.get(i), table.get(i));
        }
    }

    /**
     * A sweep run equals {@code ./nrws train} (in this JVM) with the same options: the same
     * checkpoint parameters and the same test log-likelihood, bit for bit.
     */
    private void sameAsNrwsTrain(Sweep.Outcome o, Map<String, Object> row) throws IOException {
        Path alone = dir.resolve("alone-" + o.index());
        List<String> args = new java.util.ArrayList<>(List.of("train", "--threads", "1", "--quiet"));
        o.options().forEach((key, v) -> {
            args.add("--" + key);
            args.add(key.equals("out") ? alone.toString() : v);
        });
        java.io.StringWriter err = new java.io.StringWriter();
        int code = org.nrws.app.cli.Nrws.execute(new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err),
                args.toArray(new String[0]));
        assertEquals(0, code, err.toString());
        Path sweptCheckpoint = Path.of(o.options().get("out")).resolve("checkpoint.nrws");
        List<org.nd4j.linalg.api.ndarray.INDArray> swept = org.nrws.checkpoint.Checkpoint.load(sweptCheckpoint).parameters();
        List<org.nd4j.linalg.api.ndarray.INDArray> one = org.nrws.checkpoint.Checkpoint.load(alone.resolve("checkpoint.nrws"))
                .parameters();
        assertEquals(one, swept, "run " + o.index() + ": the parameters of ./nrws train");
        double ll = org.nrws.app.run.Json.parseObject(Files.readString(alone.resolve("result.json"))).get("test_ll").getAsDouble();
        assertEquals(Double.doubleToLongBits(ll), Double.doubleToLongBits(((Number) row.get("test_ll")).doubleValue()),
                "run " + o.index() + ": the test LL of ./nrws train");
        assertTrue(Files.isRegularFile(Path.of(o.options().get("out")).resolve("metrics.csv")), "the run wrote its metrics");
    }
}
