package org.nrws.app.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.nrws.estimator.StepResult;
import org.nrws.model.HelmholtzMachine;
import org.nrws.random.RandomSource;
import org.nrws.train.Trainer;
import org.nrws.train.TrainingListener;

/**
 * What happens during training: the time budget (training seconds, evaluation excluded), the
 * evaluations on the monitoring subsets, each followed by a {@code metrics.csv} row, a new
 * {@code curves.png} and a checkpoint, early stopping on the validation log-likelihood, and the
 * per-epoch progress bar.
 */
final class RunMonitor implements TrainingListener {

    private final TrainingRun run;
    private final EvalSchedule schedule;
    private final double timeBudget;
    private final long batchesPerEpoch;
    private final Console console;

    private double evaluationSeconds;
    private long lastEvalUpdates = -1;
    private double lastEvalSeconds;
    private double bestValid = Double.NEGATIVE_INFINITY;
    private long bestUpdates = -1;
    private int badEvaluations;
    private HelmholtzMachine bestMachine;
    private MetricsCsv.Row lastRow;
    private Progress bar;
    private double smoothedBatchLl = Double.NaN;

    RunMonitor(TrainingRun run, EvalSchedule schedule, double timeBudget, long batchesPerEpoch, Console console) {
        this.run = run;
        this.schedule = schedule;
        this.timeBudget = timeBudget;
        this.batchesPerEpoch = batchesPerEpoch;
        this.console = console;
    }

    /**
     * @param trainer the trainer
     * @return training seconds: the trainer's clock, which stands still while listeners such as
     *     this monitor evaluate and write
     */
    double trainingSeconds(Trainer trainer) {
        return trainer.wallSeconds();
    }

    /** @return seconds spent in evaluations during this session, including the one before training */
    double evaluationSeconds() {
        return evaluationSeconds;
    }

    /** @return the best validation log-likelihood seen, or -infinity */
    double bestValid() {
        return bestValid;
    }

    /** @return the update count of the best validation log-likelihood, or -1 */
    long bestUpdates() {
        return bestUpdates;
    }

    /** @return a copy of the machine at the best validation log-likelihood, or null */
    HelmholtzMachine bestMachine() {
        return bestMachine;
    }

    /** @param m the machine of the best validation log-likelihood (from best.nrws on resume) */
    void setBestMachine(HelmholtzMachine m) {
        this.bestMachine = m;
    }

    /** @return the last monitoring row, or null */
    MetricsCsv.Row lastRow() {
        return lastRow;
    }

    /** @return the early-stopping state, for checkpoints */
    Map<String, String> state() {
        Map<String, String> s = new HashMap<>();
        s.put("state.best-valid-ll", Double.toString(bestValid));
        s.put("state.best-updates", Long.toString(bestUpdates));
        s.put("state.bad-evaluations", Integer.toString(badEvaluations));
        return s;
    }

    /**
     * Continues from a checkpoint: the early-stopping state, and the next evaluation counted from
     * the checkpoint's update and training time.
     *
     * @param saved   the entries of {@link #state()} read back from a checkpoint (without the prefix)
     * @param updates the checkpoint's update count
     * @param seconds the checkpoint's training seconds
     */
    void restoreState(Map<String, String> saved, long updates, double seconds) {
        lastEvalUpdates = updates;
        lastEvalSeconds = seconds;
        bestValid = Double.parseDouble(saved.getOrDefault("best-valid-ll", "-Infinity"));
        bestUpdates = Long.parseLong(saved.getOrDefault("best-updates", "-1"));
        badEvaluations = Integer.parseInt(saved.getOrDefault("bad-evaluations", "0"));
    }

    @Override
    public void afterUpdate(Trainer trainer, StepResult step) {
        double ll = step.batchLogLikelihood();
        smoothedBatchLl = Double.isNaN(smoothedBatchLl) ? ll : 0.98 * smoothedBatchLl + 0.02 * ll;
        if (bar == null) {
            startBar(trainer);
        }
        bar.stepTo(trainer.batchInEpoch());
        double seconds = trainingSeconds(trainer);
        if (schedule.due(trainer.updates() - lastEvalUpdates, seconds - lastEvalSeconds)) {
            evaluate(trainer);
        }
        if (seconds >= timeBudget) {
            trainer.requestStop("time-budget");
        }
    }

    @Override
    public void afterEpoch(Trainer trainer) {
        closeBar();
    }

    @Override
    public void afterTraining(Trainer trainer, String reason) {
        closeBar();
    }

    private void startBar(Trainer trainer) {
        bar = Progress.start(console.progress(), String.format(Locale.ROOT, "epoch %d/%d", trainer.epoch() + 1,
                trainer.config().maxEpochs()), batchesPerEpoch, "batch");
        bar.stepTo(trainer.batchInEpoch());
        message();
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    private void message() {
        if (bar != null) {
            bar.message(String.format(Locale.ROOT, " | batch LL %.2f%s", smoothedBatchLl,
                    lastRow == null || lastRow.validLl() == null ? "" : String.format(Locale.ROOT, ", valid LL %.2f",
                            lastRow.validLl())));
        }
    }

    /**
     * After training: one more evaluation when the last one is older than the last update, so
     * that the curves reach the end of training.
     *
     * @param trainer the trainer (stopped)
     */
    void evaluateAtEnd(Trainer trainer) {
        if (trainer.updates() != lastEvalUpdates) {
            evaluate(trainer);
        }
    }

    /**
     * Evaluates the monitoring subsets, then writes the metrics row, the curves and the checkpoint,
     * and applies early stopping. Its time is not training time: it runs inside a listener or
     * outside {@link Trainer#train}, where the trainer's clock stands still.
     *
     * @param trainer the trainer
     */
    void evaluate(Trainer trainer) {
        long t0 = System.nanoTime();
        double seconds = trainingSeconds(trainer);
        try {
            RunConfig c = run.config();
            MetricsCsv.Row row = null;
            if (c.evalK() > 0) {
                HelmholtzMachine m = trainer.machine();
                int k = c.monitorK();
                int size = c.monitorSize();
                Evaluation.Result[] r = new Evaluation.Result[3];
                String[] splits = {"train", "valid", "test"};
                for (int i = 0; i < 3; i++) {
                    RandomSource rng = RandomSource.of(c.seed()).stream(RandomSource.DOMAIN_EVAL, trainer.updates() * 4 + i);
                    r[i] = Evaluation.evaluate(m, splits[i], run.splits().split(splits[i]), size, k, rng, null);
                }
                row = new MetricsCsv.Row(trainer.updates(), trainer.epoch(), seconds, r[0].ll(), r[1].ll(), r[2].ll(),
                        r[2].se(), k, r[2].n(), "monitor");
                run.metrics().append(row);
                lastRow = row;
                console.info(String.format(Locale.ROOT,
                        "[eval] updates %d, epoch %d, %.1f s: train %.3f, valid %.3f, test %.3f (+- %.3f) nats "
                                + "(first %d rows, K=%d)", row.updates(), row.epoch(), seconds, r[0].ll(), r[1].ll(),
                        r[2].ll(), r[2].se(), r[2].n(), k));
                earlyStopping(trainer, r[1].ll());
                Charts.curves(run.metrics().rows(), run.title(), run.curvesFile());
            }
            run.saveCheckpoint(trainer, run.checkpointFile(), seconds, state());
            lastEvalUpdates = trainer.updates();
            lastEvalSeconds = seconds;
            message();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the results of the evaluation at update " + trainer.updates()
                    + ": " + e.getMessage(), e);
        } finally {
            double dt = (System.nanoTime() - t0) / 1e9;
            evaluationSeconds += dt;
        }
    }

    private void earlyStopping(Trainer trainer, double valid) throws IOException {
        if (Double.isNaN(valid)) {
            throw new IllegalStateException("the validation log-likelihood is NaN at update " + trainer.updates());
        }
        if (valid > bestValid) {
            bestValid = valid;
            bestUpdates = trainer.updates();
            badEvaluations = 0;
            if (run.config().patience() > 0) {
                bestMachine = trainer.machine().copy();
                run.saveCheckpoint(trainer, run.bestFile(), trainingSeconds(trainer), state());
            }
        } else {
            badEvaluations++;
            int patience = run.config().patience();
            if (patience > 0 && badEvaluations >= patience) {
                console.info("[early stopping] no validation improvement in " + patience + " evaluations; best "
                        + String.format(Locale.ROOT, "%.3f", bestValid) + " at update " + bestUpdates);
                trainer.requestStop("early-stopping");
            }
        }
    }
}
