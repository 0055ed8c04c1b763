package org.nrws.train;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.data.MinibatchSource;
import org.nrws.estimator.Estimator;
import org.nrws.estimator.StepResult;
import org.nrws.host.Phases;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.NonFiniteProbabilityException;
import org.nrws.model.RowSeeding;
import org.nrws.model.SigmoidLayer;
import org.nrws.model.StepWorkspace;
import org.nrws.optim.Optimizer;
import org.nrws.random.RandomSource;

/**
 * The training loop: for each minibatch, estimate, check, precondition, check, update, check.
 *
 * <p>Update n draws all its randomness from the stream ({@code seed}, {@link RandomSource#DOMAIN_TRAIN}, n)
 * and epoch e's batch order from ({@code seed}, {@link RandomSource#DOMAIN_SHUFFLE}, e), so the
 * state of a run is its counters, its parameters and its optimiser state: restoring them
 * (see {@link #restore}) continues bit-identically.
 */
public final class Trainer {

    private final HelmholtzMachine machine;
    private final Estimator estimator;
    private final Preconditioner preconditioner;
    private final Optimizer optimizer;
    private final TrainerConfig config;
    private final RandomSource root;
    private final double[] learningRates;
    private final double[] scheduledRates;
    private final List<SigmoidLayer> layers;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private final java.util.Map<Integer, StepWorkspace> workspaces = new java.util.HashMap<>();

    private long updates;
    private int epoch;
    private int batchInEpoch;
    private double wallSecondsBefore;
    private long startNanos;
    private long listenerNanos;
    private long listenerStart;
    private volatile String stopRequest;
    private boolean rowSeeded;

    /**
     * @param machine        the model, trained in place
     * @param estimator      the gradient estimator
     * @param preconditioner the preconditioner ({@link Preconditioner#identity()} for plain gradients)
     * @param optimizer      the optimiser
     * @param config         budget and learning rates
     * @param seed           the run seed
     */
    public Trainer(HelmholtzMachine machine, Estimator estimator, Preconditioner preconditioner, Optimizer optimizer,
                   TrainerConfig config, long seed) {
        this.machine = machine;
        this.estimator = estimator;
        this.preconditioner = preconditioner;
        this.optimizer = optimizer;
        this.config = config;
        this.root = RandomSource.of(seed);
        this.learningRates = config.learningRates(machine);
        this.scheduledRates = new double[learningRates.length];
        this.layers = machine.layers();
    }

    /**
     * @param listener a listener, called in the order added
     * @return this
     */
    public Trainer addListener(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Switches the row-seeded mode on or off. In that mode every update draws its wake and sleep
     * samples (also the dreams of the natural preconditioner) from the per-data-point layout of
     * {@link RowSeeding}: data point j of the minibatch reads draws derived from (run
     * seed, update, j) only. This is the mode the Spark data-parallel trainer reproduces exactly for
     * any split of the minibatch; it draws different (equally distributed) samples from the
     * default sequential mode, so a run must not switch modes between a checkpoint and its resume.
     *
     * @param on true for the row-seeded mode (default false: the sequential draws of the update's stream)
     * @return this
     */
    public Trainer rowSeeded(boolean on) {
        this.rowSeeded = on;
        return this;
    }

    /** @return true in the row-seeded mode ({@link #rowSeeded(boolean)}) */
    public boolean isRowSeeded() {
        return rowSeeded;
    }

    /**
     * Asks the loop to stop after the current update (for early stopping or a signal).
     *
     * @param reason why, reported to {@link TrainingListener#afterTraining}
     */
    public void requestStop(String reason) {
        this.stopRequest = reason;
    }

    /**
     * Trains until a budget is reached or a stop is requested.
     *
     * @param data the minibatches; their width must match the machine
     * @return why training stopped
     * @throws NonFiniteException on a NaN or infinite gradient or parameter
     */
    public String train(MinibatchSource data) {
        if (data.columns() != machine.visible()) {
            throw new IllegalArgumentException("data has " + data.columns() + " columns but the model has "
                    + machine.visible() + " visible units");
        }
        startNanos = System.nanoTime();
        listenerNanos = 0;
        listenerStart = 0;
        stopRequest = null;
        String reason = null;
        while (reason == null) {
            if (epoch >= config.maxEpochs()) {
                reason = "epochs";
                break;
            }
            Iterator<INDArray> batches = data.epoch(epoch, root.stream(RandomSource.DOMAIN_SHUFFLE, epoch));
            for (int i = 0; i < batchInEpoch && batches.hasNext(); i++) {
                batches.next();
            }
            boolean any = false;
            while (batches.hasNext()) {
                reason = budgetReached();
                if (reason != null) {
                    break;
                }
                StepResult r = step(batches.next());
                batchInEpoch++;
                any = true;
                enterListeners();
                for (TrainingListener l : listeners) {
                    l.afterUpdate(this, r);
                }
                exitListeners();
            }
            if (reason == null) {
                if (!any && batchInEpoch == 0) {
                    throw new IllegalArgumentException("the data source produced no minibatch in epoch " + epoch);
                }
                epoch++;
                batchInEpoch = 0;
                enterListeners();
                for (TrainingListener l : listeners) {
                    l.afterEpoch(this);
                }
                exitListeners();
                reason = budgetReached();
            }
        }
        wallSecondsBefore = wallSeconds();
        startNanos = 0;
        for (TrainingListener l : listeners) {
            l.afterTraining(this, reason);
        }
        return reason;
    }

    private String budgetReached() {
        if (stopRequest != null) {
            return stopRequest;
        }
        if (updates >= config.maxUpdates()) {
            return "max-updates";
        }
        if (wallSeconds() >= config.timeBudgetSeconds()) {
            return "time-budget";
        }
        if (epoch >= config.maxEpochs()) {
            return "epochs";
        }
        return null;
    }

    /**
     * One update on one minibatch (also usable without {@link #train}).
     *
     * @param x [B, n0] binary minibatch
     * @return the estimator's result, with the directions as applied (views of the run's workspace,
     *     valid until the next step)
     * @throws NonFiniteException naming the layer and update of any NaN or infinity
     */
    public StepResult step(INDArray x) {
        RandomSource rng = root.stream(RandomSource.DOMAIN_TRAIN, updates);
        StepResult r;
        try {
            machine.validateData(x);
            StepWorkspace ws = workspace((int) x.rows());
            ws.useRowSeeding(rowSeeded ? RowSeeding.forUpdate(root, updates, 0) : null);
            r = estimator.estimate(machine, ws, x, rng, updates);
            long tc = Phases.start();
            Finite.check(layers, r.gradients().list(), updates, "gradient");
            Phases.stop(Phases.Phase.OPTIMISER, tc);
            preconditioner.precondition(machine, r, rng, updates);
        } catch (NonFiniteProbabilityException e) {
            throw new NonFiniteException(e.layer(), updates, "probability (unit " + e.unit() + ")");
        }
        long t0 = Phases.start();
        Finite.check(layers, r.gradients().list(), updates, "preconditioned direction (" + preconditioner.name() + ")");
        optimizer.update(machine.parameters(), r.gradients().list(), config.schedule().ratesAt(learningRates, updates,
                scheduledRates));
        Finite.check(layers, machine.parameters(), updates, "parameter after the update");
        Phases.stop(Phases.Phase.OPTIMISER, t0);
        updates++;
        return r;
    }

    /**
     * The workspace of minibatches of B rows, created on first use (a run has at most two batch
     * sizes: B and the epoch's last, smaller batch).
     *
     * @param b B
     * @return the workspace
     */
    private StepWorkspace workspace(int b) {
        StepWorkspace ws = workspaces.get(b);
        if (ws == null) {
            if (workspaces.size() >= 2) {
                workspaces.clear();
            }
            ws = machine.trainingWorkspace(b, estimator.options().samples());
            workspaces.put(b, ws);
        }
        return ws;
    }

    /**
     * Restores counters saved from a previous run (parameters and optimiser state are restored
     * on the machine and the optimiser themselves).
     *
     * @param updates      updates done
     * @param epoch        completed epochs
     * @param batchInEpoch batches done in the current epoch
     * @param wallSeconds  training seconds spent so far
     */
    public void restore(long updates, int epoch, int batchInEpoch, double wallSeconds) {
        this.updates = updates;
        this.epoch = epoch;
        this.batchInEpoch = batchInEpoch;
        this.wallSecondsBefore = wallSeconds;
    }

    /** @return updates done so far */
    public long updates() {
        return updates;
    }

    /** @return completed epochs */
    public int epoch() {
        return epoch;
    }

    /** @return batches done in the current epoch */
    public int batchInEpoch() {
        return batchInEpoch;
    }

    private void enterListeners() {
        listenerStart = System.nanoTime();
    }

    private void exitListeners() {
        listenerNanos += System.nanoTime() - listenerStart;
        listenerStart = 0;
    }

    /**
     * Training seconds: the wall-clock time of the training loop, excluding the time spent in
     * listeners (evaluation, checkpoints, progress), plus the seconds of restored runs. The time
     * budget of {@link TrainerConfig} counts the same seconds.
     *
     * @return the training seconds so far
     */
    public double wallSeconds() {
        if (startNanos == 0) {
            return wallSecondsBefore;
        }
        long now = listenerStart != 0 ? listenerStart : System.nanoTime();
        return wallSecondsBefore + (now - startNanos - listenerNanos) / 1e9;
    }

    /** @return the model */
    public HelmholtzMachine machine() {
        return machine;
    }

    /** @return the estimator */
    public Estimator estimator() {
        return estimator;
    }

    /** @return the preconditioner */
    public Preconditioner preconditioner() {
        return preconditioner;
    }

    /** @return the optimiser */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** @return the config */
    public TrainerConfig config() {
        return config;
    }

    /** @return the run seed */
    public long seed() {
        return root.seed();
    }

    /** @return the run's root random source (for evaluation streams) */
    public RandomSource random() {
        return root;
    }
}
