package org.nrws.spark.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.checkpoint.Checkpoint;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.eval.LikelihoodResult;
import org.nrws.examples.data.Splits;
import org.nrws.examples.run.Evaluation;
import org.nrws.examples.run.Json;
import org.nrws.examples.run.ModelChoices;
import org.nrws.examples.run.RunConfig;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.Initialization;
import org.nrws.optim.Optimizer;
import org.nrws.random.RandomSource;
import org.nrws.solver.SolverFactory;
import org.nrws.spark.DistributedEvaluation;
import org.nrws.spark.DistributedTrainer;
import org.nrws.train.Algorithm;
import org.nrws.train.Preconditioner;
import org.nrws.train.Trainer;
import org.nrws.train.TrainerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code nrws-spark train}: synchronous data-parallel training ({@link DistributedTrainer}) with
 * the options of {@code ./nrws train}. It writes {@code spark-metrics.csv} (one row per update:
 * batch log-likelihood estimate, times and bytes), {@code checkpoint.nrws} (readable by
 * {@code ./nrws eval}; resumable with {@code --resume}) and {@code result.json}, with the test
 * log-likelihood from the distributed evaluation when {@code --eval-k} is above 0.
 *
 * <p>Its samples are those of the single-machine trainer's row-seeded mode, not of {@code ./nrws
 * train}'s default sequential draws; the checkpoint records it ({@code provenance.draws}).
 */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Data-parallel training on Spark.")
public final class SparkTrainCommand implements Callable<Integer> {

    @ParentCommand
    NrwsSpark parent;

    @Option(names = "--algo", description = "ws, rws, bihm, nws, nrws or nbihm (default: nrws).")
    String algo;
    @Option(names = "--layers", description = "Latent sizes, bottom to top (default: 200,200,10).")
    String layers;
    @Option(names = "--k", description = "Samples per data point (default: 5).")
    String k;
    @Option(names = "--batch", description = "Global minibatch B (default: 32).")
    String batch;
    @Option(names = "--lr", description = "Learning rate (default: 0.01).")
    String lr;
    @Option(names = "--optimizer", description = "sgd, momentum or adam (default: sgd).")
    String optimizer;
    @Option(names = "--alpha", description = "Damping of the natural algorithms (default: 0.01).")
    String alpha;
    @Option(names = "--refresh", description = "Refresh interval of the Fisher factors (default: 1).")
    String refresh;
    @Option(names = "--epochs", description = "Epochs (default: 20).")
    String epochs;
    @Option(names = "--max-updates", description = "Update budget (0 = none; default: 0).")
    String maxUpdates;
    @Option(names = "--seed", description = "Run seed (default: 1).")
    String seed;
    @Option(names = "--data", description = "mnist, fashion-mnist or a CSV file/folder (default: mnist).")
    String dataName;
    @Option(names = "--binarize", description = "fixed, dynamic or threshold (default: fixed).")
    String binarize;
    @Option(names = "--eval-k", description = "K of the final test evaluation (0 = none; default: 100).")
    String evalK;
    @Option(names = "--out", paramLabel = "DIR",
            description = "Output folder (default: runs/spark-train; with --resume, the checkpoint's folder).")
    String out;
    @Option(names = "--partitions", paramLabel = "P", description = "Partitions of each minibatch (default: the context's parallelism).")
    Integer partitions;
    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Save a checkpoint every N updates (0 = at the end only).")
    int checkpointEvery;
    @Option(names = "--fisher-stage", paramLabel = "auto|driver|owners",
            description = "Natural algorithms: where the Fisher solves run: owners (one task per layer and unit group), "
                    + "driver, or auto (owners when --refresh is 1; default).")
    String fisherStage = "auto";
    @Option(names = "--resume", paramLabel = "FILE", description = "Continue from a checkpoint written by nrws-spark train.")
    Path resume;

    @Mixin
    DataOptions data;

    /** Creates the command (picocli fills it). */
    public SparkTrainCommand() {
        // filled by picocli
    }

    private RunConfig config(Checkpoint c) {
        Map<String, String> m = new TreeMap<>();
        if (c != null) {
            m.putAll(c.section("config."));
            m.keySet().retainAll(RunConfig.DEFAULTS.keySet());
        }
        m.put("out", c != null ? resume.toAbsolutePath().getParent().toString() : "runs/spark-train");
        String[][] given = {{"algo", algo}, {"layers", layers}, {"k", k}, {"batch", batch}, {"lr", lr},
            {"optimizer", optimizer}, {"alpha", alpha}, {"refresh", refresh}, {"epochs", epochs},
            {"max-updates", maxUpdates}, {"seed", seed}, {"data", dataName}, {"binarize", binarize}, {"eval-k", evalK},
            {"out", out}, {"data-dir", data.dataDir}};
        for (String[] g : given) {
            if (g[1] != null) {
                if (c != null && RunConfig.MODEL_DEFINING.contains(g[0]) && !g[1].equals(m.get(g[0]))) {
                    throw new IllegalArgumentException("--" + g[0] + " " + g[1] + " conflicts with the checkpoint (" + g[0]
                            + " = " + m.get(g[0]) + ")");
                }
                m.put(g[0], g[1]);
            }
        }
        m.put("threads", "1");
        return new RunConfig(m);
    }

    @Override
    public Integer call() throws IOException {
        Checkpoint resumed = resume != null ? Checkpoint.load(resume) : null;
        RunConfig config = config(resumed);
        PrintWriter log = parent.err;
        Splits splits = data.load(config, log);
        Algorithm a = config.algorithm();
        ModelChoices choices = config.choices();
        RandomSource root = RandomSource.of(config.seed());
        HelmholtzMachine machine = choices.initialization().create(splits.columns(), config.layers(), config.dataType(),
                choices.units(), config.initStd(), HelmholtzMachine.DEFAULT_CLIP, root.stream(RandomSource.DOMAIN_INIT, 0));
        if (choices.initialization() == Initialization.SMALL) {
            machine.setVisibleBiasFromMarginals(splits.trainMeans());
        }
        EstimatorOptions eo = EstimatorOptions.defaults(config.k());
        Preconditioner pre = a.preconditioner(config.naturalGradientOptions(), SolverFactory.cpu());
        Optimizer opt = config.optimizer();
        TrainerConfig tc = new TrainerConfig(config.epochs(), config.maxUpdates(), Double.POSITIVE_INFINITY,
                config.learningRate(), Map.of());
        Trainer holder = new Trainer(machine, a.estimator(eo), pre, opt, tc, config.seed()).rowSeeded(true);
        if (resumed != null) {
            resumed.restore(holder);
        }
        Path dir = config.out();
        Files.createDirectories(dir);
        Path metrics = dir.resolve("spark-metrics.csv");
        if (resumed == null || !Files.exists(metrics)) {
            Files.writeString(metrics, "update,epoch,batch_ll,step_s,task_s_max,driver_s,broadcast_bytes,collected_bytes\n",
                    StandardCharsets.UTF_8);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        try (Preconditioner closing = pre;              // the driver's solvers, closed with the run
             org.nrws.spark.LocalSpark.Session session = parent.session("nrws-spark train")) {
            JavaSparkContext sc = session.sc();
            int p = partitions != null ? partitions : sc.defaultParallelism();
            DistributedTrainer.FisherStage stage = switch (fisherStage) {
                case "auto" -> config.naturalGradientOptions().refreshInterval() == 1 ? DistributedTrainer.FisherStage.OWNERS
                        : DistributedTrainer.FisherStage.DRIVER;
                case "driver" -> DistributedTrainer.FisherStage.DRIVER;
                case "owners" -> DistributedTrainer.FisherStage.OWNERS;
                default -> throw new IllegalArgumentException("--fisher-stage must be auto, driver or owners, got '"
                        + fisherStage + "'");
            };
            DistributedTrainer dt = new DistributedTrainer(sc, machine, a, eo, pre, opt, tc, config.seed(), p, stage);
            dt.restore(holder.updates());
            int epoch = holder.epoch();
            int inEpoch = holder.batchInEpoch();
            double wall = holder.wallSeconds();
            long t0 = System.nanoTime();
            log.println("nrws-spark train: " + a.id() + " " + machine.visible() + "-" + config.get("layers") + " K="
                    + config.k() + " B=" + config.batch() + " on " + sc.master() + ", " + p + " partitions, into " + dir);
            String reason = null;
            while (reason == null) {
                if (epoch >= config.epochs()) {
                    reason = "epochs";
                    break;
                }
                Iterator<INDArray> it = splits.train().epoch(epoch, root.stream(RandomSource.DOMAIN_SHUFFLE, epoch));
                for (int i = 0; i < inEpoch && it.hasNext(); i++) {
                    it.next();
                }
                while (it.hasNext()) {
                    if (dt.updates() >= config.maxUpdates()) {
                        reason = "max-updates";
                        break;
                    }
                    dt.step(it.next());
                    inEpoch++;
                    DistributedTrainer.StepStats s = dt.lastStats();
                    Files.writeString(metrics, String.format(Locale.ROOT, "%d,%d,%.6f,%.4f,%.4f,%.4f,%d,%d%n", dt.updates(), epoch,
                            s.batchLogLikelihood(), s.seconds(), s.taskSecondsMax(), s.driverSeconds(), s.broadcastBytes(),
                            s.collectedBytes()), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
                    if (checkpointEvery > 0 && dt.updates() % checkpointEvery == 0) {
                        save(holder, dt, epoch, inEpoch, wall + (System.nanoTime() - t0) / 1e9, config, p, dir);
                    }
                }
                if (reason == null) {
                    epoch++;
                    inEpoch = 0;
                }
            }
            double seconds = wall + (System.nanoTime() - t0) / 1e9;
            save(holder, dt, epoch, inEpoch, seconds, config, p, dir);
            result.put("algo", a.id());
            result.put("updates", dt.updates());
            result.put("stopped", reason);
            result.put("wall_s", Math.round(seconds * 1000) / 1000.0);
            result.put("partitions", p);
            result.put("fisher_stage", a.isNatural() ? stage.name().toLowerCase(Locale.ROOT) : null);
            result.put("master", sc.master());
            if (config.evalK() > 0) {
                LikelihoodResult r = new DistributedEvaluation(sc, p).evaluate(machine, splits.test(), config.evalK(),
                        root.stream(RandomSource.DOMAIN_EVAL, Evaluation.FINAL_STREAM + Evaluation.splitIndex("test")));
                result.put("test_ll", r.mean());
                result.put("test_ll_se", r.standardError());
                result.put("eval_k", config.evalK());
            }
            result.put("checkpoint", dir.resolve("checkpoint.nrws").toString());
        }
        Files.writeString(dir.resolve("result.json"), Json.write(result) + "\n", StandardCharsets.UTF_8);
        parent.out.println(Json.write(result));
        parent.out.flush();
        return 0;
    }

    private static void save(Trainer holder, DistributedTrainer dt, int epoch, int inEpoch, double seconds, RunConfig config,
                             int partitions, Path dir) throws IOException {
        holder.restore(dt.updates(), epoch, inEpoch, seconds);
        Map<String, String> meta = new TreeMap<>();
        config.entries().forEach((key, v) -> meta.put("config." + key, v));
        meta.put("provenance.algorithm", config.algorithm().id());
        meta.put("provenance.draws", "row-seeded (nrws-spark train)");
        meta.put("provenance.partitions", Integer.toString(partitions));
        meta.put("provenance.updates", Long.toString(dt.updates()));
        Checkpoint.capture(holder, seconds, meta).save(dir.resolve("checkpoint.nrws"));
    }
}
