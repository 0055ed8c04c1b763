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
 * checkpoint that ./nrws eval reads and that resumes to the same parameters as a straight run, with
 * the parameters of the single-machine trainer (row-seeded) and the test LL of ./nrws eval; bad
 * input gets a one-line error.
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
        // split at 4, between two refreshes of the default --refresh 5: the checkpoint holds the kept Fisher samples
        assertEquals(0, run(true, concat(common, "train", "--max-updates", "4", "--out", parts.toString())).code());
        assertTrue(Checkpoint.load(parts.resolve("checkpoint.nrws")).keptFisher().isPresent(), "kept factors saved");
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

    /**
     * The single-machine reference of a {@code nrws-spark train} run: the pieces {@code ./nrws
     * train} builds from the same options (data, initial model, estimator, preconditioner,
     * optimiser) and core's {@link org.nrws.train.Trainer#train} epoch loop, in the row-seeded mode.
     */
    static Reference singleMachine(java.util.Map<String, String> options) throws IOException {
        org.nrws.app.run.RunConfig c = new org.nrws.app.run.RunConfig(options);
        org.nrws.app.data.Splits splits = org.nrws.app.data.Datasets.load(new org.nrws.app.data.Datasets.Request(c.data(),
                c.binarization(), c.binarizeSeed(), c.dataDir(), c.dataType(), c.batch(), null),
                new PrintWriter(java.io.Writer.nullWriter()));
        org.nrws.train.Algorithm a = c.algorithm();
        org.nrws.model.HelmholtzMachine m = c.choices().initialization().create(splits.columns(), c.layers(), c.dataType(),
                c.choices().units(), c.initStd(), org.nrws.model.HelmholtzMachine.DEFAULT_CLIP,
                org.nrws.random.RandomSource.of(c.seed()).stream(org.nrws.random.RandomSource.DOMAIN_INIT, 0));
        if (c.choices().initialization() == org.nrws.model.Initialization.SMALL) {
            m.setVisibleBiasFromMarginals(splits.trainMeans());
        }
        org.nrws.train.Trainer t = new org.nrws.train.Trainer(m, a.estimator(org.nrws.estimator.EstimatorOptions.defaults(c.k())),
                a.preconditioner(c.naturalGradientOptions(), org.nrws.solver.SolverFactory.cpu()), c.optimizer(),
                new org.nrws.train.TrainerConfig(c.epochs(), c.maxUpdates(), Double.POSITIVE_INFINITY, c.learningRate(),
                        java.util.Map.of()).withSchedule(c.learningRateSchedule()), c.seed()).rowSeeded(true);
        org.nrws.model.HelmholtzMachine start = m.copy();
        t.train(splits.train());
        assertEquals(c.maxUpdates(), t.updates(), "the reference ran its updates");
        return new Reference(start, m);
    }

    /**
     * @param start   the initial model
     * @param trained the model after training
     */
    record Reference(org.nrws.model.HelmholtzMachine start, org.nrws.model.HelmholtzMachine trained) {
    }

    static double maxDifference(List<INDArray> a, List<INDArray> b) {
        assertEquals(a.size(), b.size());
        double d = 0;
        for (int i = 0; i < a.size(); i++) {
            d = Math.max(d, a.get(i).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                    .sub(b.get(i).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)).amaxNumber().doubleValue());
        }
        return d;
    }

    /**
     * nrws-spark train against one machine: 14 updates of NRWS and of RWS over an epoch boundary
     * (the second epoch's shuffle) give the parameters of the single-machine trainer (row-seeded)
     * to 1e-10, away from the start; the test log-likelihood it reports is that of ./nrws eval on
     * its checkpoint, bit for bit. NRWS runs twice: with the defaults (kept factors, the Fisher from
     * B rows: the driver stage) and with {@code --refresh 1 --fisher-rows 20} (the owner stage; 20
     * rows cut the second sample block of B = 12 and the partitions of 4 points). The RWS run halves
     * its learning rate every 4 updates.
     */
    @Test
    void trainEqualsTheSingleMachineTrainer() throws IOException {
        Path data = csv();
        for (String run : List.of("nrws", "nrws-owners", "rws")) {
            String algo = run.startsWith("nrws") ? "nrws" : "rws";
            Path out = dir.resolve("vs-one-" + run);
            java.util.Map<String, String> o = new java.util.TreeMap<>(java.util.Map.of("algo", algo, "layers", "4,2", "k", "3",
                    "batch", "12", "max-updates", "14", "eval-k", "5", "data", data.toString(), "seed", "8",
                    "out", out.toString()));
            if (run.equals("nrws-owners")) {   // the owner stage keeps the first 20 rows of every layer's samples
                o.put("refresh", "1");
                o.put("fisher-rows", "20");
            }
            if (algo.equals("rws")) {   // and a learning-rate schedule, which the driver applies as one machine does
                o.put("lr-factor", "0.5");
                o.put("lr-every", "4");
            }
            java.util.List<String> args = new java.util.ArrayList<>(List.of("train", "--partitions", "3"));
            o.forEach((key, v) -> {
                args.add("--" + key);
                args.add(v);
            });
            Result d = run(true, args.toArray(new String[0]));
            assertEquals(0, d.code(), d.err());
            Reference one = singleMachine(o);
            List<INDArray> spark = Checkpoint.load(out.resolve("checkpoint.nrws")).parameters();
            double diff = maxDifference(one.trained().parameters(), spark);
            assertTrue(diff < 1e-10, run + ": nrws-spark train differs from one machine by " + diff);
            double moved = maxDifference(one.start().parameters(), one.trained().parameters());
            assertTrue(moved > 1e-3, run + ": training moved the parameters by " + moved);
            Result e = run(false, "eval", "--checkpoint", out.resolve("checkpoint.nrws").toString(), "--k", "5",
                    "--split", "test");
            assertEquals(0, e.code(), e.err());
            assertEquals(e.json().get("ll").getAsDouble(), d.json().get("test_ll").getAsDouble(), 0.0,
                    run + ": the reported test LL is ./nrws eval's");
        }
    }

    private static String[] concat(String[] common, String... first) {
        String[] all = new String[first.length + common.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(common, 0, all, first.length, common.length);
        return all;
    }
}
