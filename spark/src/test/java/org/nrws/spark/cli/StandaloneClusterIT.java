package org.nrws.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.app.cli.Nrws;
import org.nrws.app.run.Json;
import org.nrws.checkpoint.Checkpoint;
import org.nrws.testing.TinyMachines;

/**
 * nrws-spark on a standalone cluster ({@link StandaloneCluster}: a Master and two one-core Workers,
 * separate JVMs on 127.0.0.1; drivers submitted with spark-submit and the shaded jar): eval equals
 * ./nrws eval bit for bit; three updates of NRWS (Fisher solved by the owner tasks on the executors)
 * and of RWS equal the single-machine trainer to 1e-10; a sweep with a failing run; a Worker killed
 * with SIGKILL during training, and a driver killed and resumed, give the bits of the uninterrupted
 * run. Run by the cluster profile (see spark/pom.xml and docs/spark.md).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {

    @TempDir
    static Path dir;

    private static StandaloneCluster cluster;
    private static Path data;

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        StringBuilder s = new StringBuilder();
        for (double[] row : TinyMachines.binary(150, 6, 23).toDoubleMatrix()) {
            for (int j = 0; j < row.length; j++) {
                s.append(j == 0 ? "" : ",").append((int) row[j]);
            }
            s.append('\n');
        }
        data = Files.writeString(dir.resolve("rows.csv"), s);
        cluster = StandaloneCluster.start(Files.createDirectories(dir.resolve("cluster")), 2);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static JsonObject last(String out) {
        String[] lines = out.strip().split("\n");
        return Json.parseObject(lines[lines.length - 1]);
    }

    private static JsonObject nrws(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Nrws.execute(new PrintWriter(o), new PrintWriter(e), args);
        assertEquals(0, code, e.toString());
        return last(o.toString());
    }

    private static Map<String, String> trainOptions(String algo, int updates, Path out) {
        return new TreeMap<>(Map.of("algo", algo, "layers", "4,2", "k", "3", "batch", "12", "max-updates",
                Integer.toString(updates), "eval-k", "5", "data", data.toString(), "seed", "8", "out", out.toString()));
    }

    private static String[] trainArgs(Map<String, String> o, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--partitions", "2", "--quiet"));
        o.forEach((key, v) -> {
            args.add("--" + key);
            args.add(v);
        });
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }

    private static List<INDArray> parameters(Path run) throws IOException {
        return Checkpoint.load(run.resolve("checkpoint.nrws")).parameters();
    }

    private static List<String> lines(Path f) {
        try {
            return Files.exists(f) ? Files.readAllLines(f, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Test
    @Order(1)
    @Timeout(300)
    void evalEqualsNrwsEvalBitForBit() throws Exception {
        Path run = dir.resolve("bihm");
        nrws("train", "--algo", "bihm", "--layers", "4", "--k", "2", "--batch", "10", "--max-updates", "5", "--eval-k", "5",
                "--data", data.toString(), "--out", run.toString(), "--seed", "3", "--quiet");
        String ckpt = run.resolve("checkpoint.nrws").toString();
        JsonObject one = nrws("eval", "--checkpoint", ckpt, "--k", "40", "--split", "test", "--logz-pairs", "700");
        Process p = cluster.submit("eval", "eval", "--checkpoint", ckpt, "--k", "40", "--split", "test", "--logz-pairs", "700",
                "--partitions", "2");
        JsonObject d = last(cluster.finish(p, "eval", 240, 0));
        for (String key : List.of("ll", "ll_se", "ess", "n", "bihm_2logz", "bihm_log_ptilde", "bihm_log_pstar")) {
            assertEquals(Double.doubleToLongBits(one.get(key).getAsDouble()), Double.doubleToLongBits(d.get(key).getAsDouble()),
                    key);
        }
    }

    @Test
    @Order(2)
    @Timeout(400)
    void threeUpdatesOfNrwsAndRwsEqualOneMachine() throws Exception {
        for (String algo : List.of("nrws", "rws")) {
            Path out = dir.resolve("train-" + algo);
            Map<String, String> o = trainOptions(algo, 3, out);
            if (algo.equals("nrws")) {   // the owner stage (refresh 1), keeping the first 20 of 36 rows
                o.put("refresh", "1");
                o.put("fisher-rows", "20");
            }
            JsonObject r = last(cluster.finish(cluster.submit("train-" + algo, trainArgs(o)), "train-" + algo, 180, 0));
            assertEquals(cluster.url(), r.get("master").getAsString());
            assertEquals(3, r.get("updates").getAsLong());
            if (algo.equals("nrws")) {
                assertEquals("owners", r.get("fisher_stage").getAsString(), "the Fisher is solved by the owner tasks");
            }
            SparkCliTest.Reference one = SparkCliTest.singleMachine(o);
            double diff = SparkCliTest.maxDifference(one.trained().parameters(), parameters(out));
            assertTrue(diff < 1e-10, algo + " on the cluster differs from one machine by " + diff);
            assertTrue(SparkCliTest.maxDifference(one.start().parameters(), one.trained().parameters()) > 1e-4);
        }
    }

    @Test
    @Order(3)
    @Timeout(400)
    void aSweepWritesItsTableAndReportsTheFailedRun() throws Exception {
        Path grid = Files.writeString(dir.resolve("grid.json"), "{\"base\": {\"layers\": \"3\", \"k\": \"2\", \"batch\": \"10\","
                + " \"max-updates\": \"4\", \"eval-k\": \"5\", \"data\": \"" + data + "\"},"
                + " \"runs\": [{\"algo\": \"rws\"}, {\"algo\": \"nrws\"}, {\"algo\": \"no-such-algo\"}, {\"algo\": \"ws\", \"seed\": \"5\"}]}");
        Path out = dir.resolve("sweep");
        cluster.finish(cluster.submit("sweep", "sweep", "--grid", grid.toString(), "--out", out.toString()), "sweep", 300,
                NrwsSpark.FAILED);
        for (String f : List.of("sweep.csv", "sweep.json", "curves.png")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        JsonArray table = new com.google.gson.JsonParser().parse(Files.readString(out.resolve("sweep.json"))).getAsJsonArray();
        assertEquals(4, table.size());
        for (int i = 0; i < 4; i++) {
            JsonObject row = table.get(i).getAsJsonObject();
            assertEquals(i == 2 ? "failed" : "ok", row.get("status").getAsString(), "run " + i);
        }
        assertTrue(table.get(2).getAsJsonObject().get("error").getAsString().contains("no-such-algo"));
        assertEquals(5, Files.readAllLines(out.resolve("sweep.csv")).size(), "a header and four rows");
        Path alone = dir.resolve("sweep-alone");
        JsonObject one = nrws("train", "--algo", "nrws", "--layers", "3", "--k", "2", "--batch", "10", "--max-updates", "4",
                "--eval-k", "5", "--data", data.toString(), "--out", alone.toString(), "--threads", "1", "--quiet");
        assertEquals(Double.doubleToLongBits(one.get("test_ll").getAsDouble()),
                Double.doubleToLongBits(table.get(1).getAsJsonObject().get("test_ll").getAsDouble()), "run 1 is ./nrws train's");
        assertEquals(parameters(alone), parameters(out.resolve("run-001")));
    }

    @Test
    @Order(4)
    @Timeout(600)
    void aKilledWorkerAndAKilledDriverLeaveTheBitsOfOneMachine() throws Exception {
        int updates = 24;
        Path a = dir.resolve("worker-killed");
        Map<String, String> o = trainOptions("nrws", updates, a);
        Process driver = cluster.submit("worker-killed", trainArgs(o, "--checkpoint-every", "4"));
        Path metrics = a.resolve("spark-metrics.csv");
        StandaloneCluster.await("6 updates", 240, () -> lines(metrics).size() > 6 || !driver.isAlive());
        assertTrue(driver.isAlive(), "the driver is still training");
        List<String> before = lines(metrics);
        List<ProcessHandle> executors = cluster.killWorker(1);
        assertFalse(executors.isEmpty(), "worker 1 ran an executor of the application");
        StandaloneCluster.await("the killed Worker's executor to exit", 60, () -> executors.stream().noneMatch(ProcessHandle::isAlive));
        cluster.finish(driver, "worker-killed", 300, 0);
        String log = cluster.tail("worker-killed.err");
        assertTrue(Files.readString(dir.resolve("cluster").resolve("worker-killed.err")).contains("Lost executor"),
                "the driver saw the executor go: " + log);
        List<String> after = lines(metrics);
        assertEquals(updates + 1, after.size(), "one row per update");
        assertEquals(before, after.subList(0, before.size()), "the rows written before the kill are kept as they were");
        SparkCliTest.Reference one = SparkCliTest.singleMachine(o);
        double diff = SparkCliTest.maxDifference(one.trained().parameters(), parameters(a));
        assertTrue(diff < 1e-10, "after losing a Worker the run differs from one machine by " + diff);

        cluster.startWorker();
        Path b = dir.resolve("driver-killed");
        Map<String, String> ob = trainOptions("nrws", updates, b);
        Process killed = cluster.submit("driver-killed", trainArgs(ob, "--checkpoint-every", "4"));
        Path mb = b.resolve("spark-metrics.csv");
        StandaloneCluster.await("10 updates", 240, () -> lines(mb).size() > 10 || !killed.isAlive());
        assertTrue(killed.isAlive(), "the driver is still training");
        StandaloneCluster.kill(killed);
        Checkpoint saved = Checkpoint.load(b.resolve("checkpoint.nrws"));
        assertTrue(saved.updates() >= 8 && saved.updates() % 4 == 0, "the last checkpoint is whole: " + saved.updates());
        List<String> kept = lines(mb).subList(0, (int) saved.updates() + 1);
        cluster.finish(cluster.submit("resumed", "train", "--resume", b.resolve("checkpoint.nrws").toString(), "--partitions",
                "2", "--checkpoint-every", "4", "--quiet"), "resumed", 300, 0);
        assertEquals(parameters(a), parameters(b), "the resumed run has the bits of the uninterrupted run");
        List<String> rows = lines(mb);
        assertEquals(updates + 1, rows.size(), "one row per update after the resume");
        assertEquals(kept, rows.subList(0, kept.size()), "the rows up to the checkpoint are kept as they were");
        for (int u = 1; u <= updates; u++) {
            assertTrue(rows.get(u).startsWith(u + ","), "row " + u + ": " + rows.get(u));
        }
    }
}
