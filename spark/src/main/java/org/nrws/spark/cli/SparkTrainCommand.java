package org.nrws.spark.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
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
import org.nrws.app.cli.CommonOptions;
import org.nrws.app.cli.OptionMaps;
import org.nrws.app.cli.RunOptions;
import org.nrws.app.cli.TrainOptions;
import org.nrws.app.data.Splits;
import org.nrws.app.run.Evaluation;
import org.nrws.app.run.Json;
import org.nrws.app.run.InitialModel;
import org.nrws.app.run.RunConfig;
import org.nrws.app.run.RunFolder;
import org.nrws.model.HelmholtzMachine;
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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

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
@Command(name = "train", mixinStandardHelpOptions = true, defaultValueProvider = SparkTrainDefaults.class,
        description = {"Data-parallel training on Spark, with every option of ./nrws train (same meaning and default; "
                + "--out defaults to " + SparkTrainDefaults.OUT + "). Options that need evaluations during training "
                + "(--eval-every, --monitor-k, --monitor-size, --patience), --logz-pairs, --threads, --backend cuda and "
                + "--precondition other than the algorithm's own are refused with a one-line error."})
public final class SparkTrainCommand implements Callable<Integer> {

    @ParentCommand
    NrwsSpark parent;

    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions run;

    @Mixin
    TrainOptions options;

    @Mixin
    CommonOptions common;

    @Option(names = "--partitions", paramLabel = "P", description = "Partitions of each minibatch (default: the context's parallelism).")
    Integer partitions;
    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Save a checkpoint every N updates (0 = at the end only).")
    int checkpointEvery;
    @Option(names = "--fisher-stage", paramLabel = "auto|driver|owners",
            description = "Natural algorithms: where the Fisher solves run: owners (one task per layer and unit group), "
                    + "driver, or auto (owners when --refresh is 1; default).")
    String fisherStage = "auto";

    /** Creates the command (picocli fills it). */
    public SparkTrainCommand() {
        // filled by picocli
    }

    /**
     * The typed configuration of this command line (as {@code ./nrws train} builds it, including
     * the resume rule), checked against what the distributed trainer supports.
     *
     * @param resumed the checkpoint of {@code --resume}, or null
     * @return the configuration
     * @throws IllegalArgumentException for an invalid or unsupported option, naming it
     */
    RunConfig config(Checkpoint resumed) {
        if (run.initFrom() != null) {
            throw new IllegalArgumentException("--init-from is not supported by nrws-spark train; start the run with ./nrws "
                    + "train --init-from and continue it here with --resume");
        }
        RunConfig config = OptionMaps.config(spec, resumed, run.resume());
        DistributedLimits.check(config);
        return config;
    }

    @Override
    public Integer call() throws IOException {
        Path resume = run.resume();
        Checkpoint resumed = resume != null ? Checkpoint.load(resume) : null;
        RunConfig config = config(resumed);
        PrintWriter log = common.quiet() ? new PrintWriter(Writer.nullWriter()) : parent.err;
        Path dir = config.out();
        if (RunFolder.mayWrite(dir, resumed, resume, run.overwrite())) {
            RunFolder.clear(dir);
        }
        Splits splits = DataOptions.load(config, !options.noFetch(), log);
        Algorithm a = config.algorithm();
        RandomSource root = RandomSource.of(config.seed());
        HelmholtzMachine machine = InitialModel.start(null, config, splits, root);     // --init-from is refused above
        EstimatorOptions eo = EstimatorOptions.defaults(config.k());
        Preconditioner pre = a.preconditioner(config.naturalGradientOptions(), SolverFactory.cpu());
        Optimizer opt = config.optimizer();
        TrainerConfig tc = new TrainerConfig(config.epochs(), config.maxUpdates(), Double.POSITIVE_INFINITY,
                config.learningRate(), Map.of()).withSchedule(config.learningRateSchedule());
        Trainer holder = new Trainer(machine, a.estimator(eo), pre, opt, tc, config.seed()).rowSeeded(true);
        if (resumed != null) {
            resumed.restore(holder);
        }
        Files.createDirectories(dir);
        Path metrics = dir.resolve("spark-metrics.csv");
        if (resumed == null || !Files.exists(metrics)) {
            Files.writeString(metrics, "update,epoch,batch_ll,step_s,task_s_max,driver_s,broadcast_bytes,collected_bytes\n",
                    StandardCharsets.UTF_8);
        } else {
            keepRowsUpTo(metrics, holder.updates());
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
                    if (wall + (System.nanoTime() - t0) / 1e9 >= config.timeBudgetSeconds()) {
                        reason = "time-budget";
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

    /**
     * Drops the rows a killed run wrote after its last checkpoint (the resumed run writes them
     * again), replacing the file atomically.
     */
    private static void keepRowsUpTo(Path metrics, long updates) throws IOException {
        java.util.List<String> lines = Files.readAllLines(metrics, StandardCharsets.UTF_8);
        StringBuilder kept = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int comma = line.indexOf(',');
            if (i == 0 || comma > 0 && line.substring(0, comma).matches("[0-9]+")
                    && Long.parseLong(line.substring(0, comma)) <= updates) {
                kept.append(line).append('\n');
            }
        }
        Path tmp = metrics.resolveSibling(metrics.getFileName() + ".tmp");
        Files.writeString(tmp, kept, StandardCharsets.UTF_8);
        Files.move(tmp, metrics, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
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
