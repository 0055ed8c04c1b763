package org.nrws.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.estimator.Gradients;
import org.nrws.estimator.StepResult;
import org.nrws.host.Nd4jHost;
import org.nrws.host.ThreadPlan;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.SigmoidLayer;
import org.nrws.model.StepWorkspace;
import org.nrws.optim.LearningRateSchedule;
import org.nrws.optim.Optimizer;
import org.nrws.random.RandomSource;
import org.nrws.train.Algorithm;
import org.nrws.train.Finite;
import org.nrws.train.NaturalGradientOptions;
import org.nrws.train.NaturalGradientPreconditioner;
import org.nrws.train.Preconditioner;
import org.nrws.train.TrainerConfig;
import scala.Tuple2;

/**
 * Synchronous data-parallel training on Spark, for all six algorithms: each update splits the
 * global minibatch over the partitions, each partition runs the estimator on its slice with the
 * row-seeded draws ({@link org.nrws.model.RowSeeding}: data point j of the global batch draws from
 * (run seed, update, j)), and returns additive sums ({@link StepTask}); the driver adds them in
 * partition order, applies the preconditioner and the optimiser to its own copy of the machine,
 * and broadcasts the new parameters as {@code double[]} for the next update.
 *
 * <p>Exactness: the result equals {@link org.nrws.train.Trainer} in its row-seeded mode
 * ({@link org.nrws.train.Trainer#rowSeeded}) on the same global batches and seed, up to the
 * rounding of the gradient sums (the partitions' sums are added in a different order than one
 * GEMM adds them), whatever the number of partitions.
 *
 * <p>Natural algorithms: the Fisher block of neuron i, {@code F_i = sum_n c_{n,i} u_n u_n^T}, is a
 * sum over rows, so the partitions send their rows' inputs (binary states, bit-packed) and unit
 * probabilities, and the driver places them at their global rows ({@code s*B + j}, as the single
 * machine orders them) in a workspace of the global batch and runs the very same
 * {@link org.nrws.train.NaturalGradientPreconditioner} on it (curvatures {@code pi(1-pi)/N} with
 * the global N, its path rule, damping schedule and refresh interval). This is the simpler of the
 * two designs of issue 10: one collect per update and no second stage; the factorisations run on
 * the driver's cores. The alternative (owner tasks per neuron group) pays off only when the
 * driver's factorisation time exceeds a scheduling round (see bench/RESULTS.md, Spark section).
 */
public final class DistributedTrainer {

    /** Where the natural algorithms' Fisher blocks are built, factored and solved. */
    public enum FisherStage {
        /**
         * On the driver, by the run's own preconditioner on the gathered samples (any preconditioner:
         * refresh intervals, approximations).
         */
        DRIVER,
        /**
         * On the executors, one owner task per (layer, group of units) ({@link FisherOwners}): the
         * exact Fisher with refresh interval 1 only.
         */
        OWNERS
    }

    private final JavaSparkContext sc;
    private final HelmholtzMachine machine;
    private final Algorithm algorithm;
    private final EstimatorOptions options;
    private final Preconditioner preconditioner;
    private final Optimizer optimizer;
    private final double[] learningRates;
    private final double[] scheduledRates;
    private final LearningRateSchedule schedule;
    private final long seed;
    private final int partitions;
    private final List<SigmoidLayer> layers;
    private final FisherStage stage;
    private StepWorkspace workspace;
    private long updates;
    private StepStats last;

    /**
     * @param sc             the Spark context
     * @param machine        the model, trained in place on the driver
     * @param algorithm      the algorithm
     * @param options        the estimator's options
     * @param preconditioner the preconditioner ({@link Preconditioner#identity()} for plain algorithms)
     * @param optimizer      the optimiser (runs on the driver)
     * @param config         the learning rates
     * @param seed           the run seed
     * @param partitions     the number of partitions of every global minibatch, &ge; 1
     */
    public DistributedTrainer(JavaSparkContext sc, HelmholtzMachine machine, Algorithm algorithm, EstimatorOptions options,
                              Preconditioner preconditioner, Optimizer optimizer, TrainerConfig config, long seed,
                              int partitions) {
        this(sc, machine, algorithm, options, preconditioner, optimizer, config, seed, partitions, FisherStage.DRIVER);
    }

    /**
     * @param sc             the Spark context
     * @param machine        the model, trained in place on the driver
     * @param algorithm      the algorithm
     * @param options        the estimator's options
     * @param preconditioner the preconditioner ({@link Preconditioner#identity()} for plain algorithms)
     * @param optimizer      the optimiser (runs on the driver)
     * @param config         the learning rates
     * @param seed           the run seed
     * @param partitions     the number of partitions of every global minibatch (and unit groups per layer), &ge; 1
     * @param stage          where the natural algorithms' Fisher solves run
     * @throws IllegalArgumentException when the owner stage is asked for a preconditioner it does not support
     */
    public DistributedTrainer(JavaSparkContext sc, HelmholtzMachine machine, Algorithm algorithm, EstimatorOptions options,
                              Preconditioner preconditioner, Optimizer optimizer, TrainerConfig config, long seed,
                              int partitions, FisherStage stage) {
        if (stage == FisherStage.OWNERS && algorithm.isNatural()) {
            if (!(preconditioner instanceof NaturalGradientPreconditioner ng)
                    || !ng.solverFactory().name().equals("cpu-fused") || ng.options().refreshInterval() != 1) {
                throw new IllegalArgumentException("--fisher-stage owners needs the exact Fisher (cpu-fused solver) with "
                        + "--refresh 1; use --fisher-stage driver for " + preconditioner.name());
            }
        }
        this.stage = stage;
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be >= 1, got " + partitions);
        }
        this.sc = sc;
        this.machine = machine;
        this.algorithm = algorithm;
        this.options = options;
        this.preconditioner = preconditioner;
        this.optimizer = optimizer;
        this.learningRates = config.learningRates(machine);
        this.scheduledRates = new double[learningRates.length];
        this.schedule = config.schedule();
        this.seed = seed;
        this.partitions = partitions;
        this.layers = machine.layers();
    }

    /**
     * The measurements of one update.
     *
     * @param seconds            the update's wall time on the driver
     * @param taskSecondsMax     the slowest partition's compute time
     * @param driverSeconds      the driver's time after the first collect (sums, Fisher stage, optimiser)
     * @param broadcastBytes     the bytes of the broadcast parameters
     * @param collectedBytes     the bytes the driver collected (results, and directions of the owner stage)
     * @param batchLogLikelihood the batch's mean K-sample log-likelihood estimate
     */
    public record StepStats(double seconds, double taskSecondsMax, double driverSeconds, long broadcastBytes,
                            long collectedBytes, double batchLogLikelihood) {
    }

    /**
     * One synchronous update on a global minibatch.
     *
     * @param x [B, n0] binary global minibatch
     * @return the mean K-sample log-likelihood estimate of the batch (before the update)
     */
    public double step(INDArray x) {
        long t0 = System.nanoTime();
        machine.validateData(x);
        int b = (int) x.rows();
        int k = options.samples();
        BitRows bits = BitRows.pack(x);
        int per = (b + partitions - 1) / partitions;
        List<Tuple2<Long, BitRows>> slices = new ArrayList<>();
        for (int first = 0; first < b; first += per) {
            slices.add(new Tuple2<>((long) first, bits.slice(first, Math.min(b, first + per))));
        }
        MachineState state = MachineState.of(machine);
        Broadcast<MachineState> params = sc.broadcast(state);
        StepTask task = StepTask.of(algorithm, options, seed, updates);
        List<StepTask.Result> results;
        boolean owners = stage == FisherStage.OWNERS && algorithm.isNatural();
        JavaRDD<StepTask.Result> stats = sc.parallelize(slices, slices.size()).map(s -> task.run(params.value(), s._1(), s._2()));
        try {
            if (owners) {
                stats = stats.persist(StorageLevel.MEMORY_ONLY());
                results = new ArrayList<>(stats.map(StepTask.Result::withoutSamples).collect());
            } else {
                results = new ArrayList<>(stats.collect());
            }
        } catch (RuntimeException e) {
            params.destroy();
            throw e;
        }
        long t1 = System.nanoTime();
        results.sort(Comparator.comparingLong(StepTask.Result::first));
        StepWorkspace ws = workspace(b, k);
        INDArray[] grads = ws.gradients(machine);
        double ll = 0;
        long collected = 0;
        double taskMax = 0;
        for (int i = 0; i < grads.length; i++) {
            double[] sum = new double[(int) grads[i].length()];
            for (StepTask.Result r : results) {
                double[] g = r.gradientSums()[i];
                for (int j = 0; j < sum.length; j++) {
                    sum[j] += g[j];
                }
            }
            for (int j = 0; j < sum.length; j++) {
                sum[j] /= b;
            }
            Nd4jHost.wrap(grads[i]).copyFrom(sum);
        }
        for (StepTask.Result r : results) {
            ll += r.llSum();
            collected += r.bytes();
            taskMax = Math.max(taskMax, r.seconds());
        }
        ll /= b;
        int depth = machine.depth();
        INDArray[] pg = new INDArray[depth + 1];
        INDArray[] qg = new INDArray[depth];
        System.arraycopy(grads, 0, pg, 0, depth + 1);
        System.arraycopy(grads, depth + 1, qg, 0, depth);
        StepResult step;
        long ownerBytes = 0;
        if (owners) {
            try {
                step = new StepResult(new Gradients(pg, qg), null, null, ll, b, k, ws);
                Finite.check(layers, step.gradients().list(), updates, "gradient");
                ownerBytes = ownerStage(stats, grads, b, k);
            } finally {
                stats.unpersist(false);
                params.destroy();
            }
        } else if (algorithm.isNatural()) {
            FisherRows.place(machine, ws, bits, results);
            step = new StepResult(new Gradients(pg, qg), ws.wake(), ws.sleep(), ll, b, k, ws);
        } else {
            step = new StepResult(new Gradients(pg, qg), null, null, ll, b, k, ws);
        }
        if (!owners) {
            params.destroy();
        }
        RandomSource rng = RandomSource.of(seed).stream(RandomSource.DOMAIN_TRAIN, updates);
        Finite.check(layers, step.gradients().list(), updates, "gradient");
        if (!owners) {
            preconditioner.precondition(machine, step, rng, updates);
        }
        Finite.check(layers, step.gradients().list(), updates, "preconditioned direction (" + preconditioner.name() + ")");
        optimizer.update(machine.parameters(), step.gradients().list(), schedule.ratesAt(learningRates, updates, scheduledRates));
        Finite.check(layers, machine.parameters(), updates, "parameter after the update");
        updates++;
        long t2 = System.nanoTime();
        last = new StepStats((t2 - t0) / 1e9, taskMax, (t2 - t1) / 1e9, state.bytes(), collected + ownerBytes, ll);
        return ll;
    }

    /**
     * The owner stage: broadcasts the summed gradients, solves on the executors, and replaces the
     * gradient arrays by the directions (or leaves them when alpha is above the plain threshold).
     *
     * @return the bytes of the directions collected
     */
    private long ownerStage(JavaRDD<StepTask.Result> stats, INDArray[] grads, int b, int k) {
        NaturalGradientOptions o = ((NaturalGradientPreconditioner) preconditioner).options();
        double alpha = o.alphaAt(updates);
        if (alpha > o.plainAbove()) {
            return 0;
        }
        double[][] g = new double[grads.length][];
        for (int i = 0; i < g.length; i++) {
            g[i] = Nd4jHost.wrap(grads[i]).toArray();
        }
        Broadcast<double[][]> bg = sc.broadcast(g);
        double[][] dirs = new double[g.length][];
        for (int i = 0; i < g.length; i++) {
            dirs[i] = new double[g[i].length];
        }
        try {
            FisherOwners.run(stats, FisherOwners.Spec.of(machine, b, k, alpha, o, partitions), bg, dirs);
        } finally {
            bg.destroy();
        }
        long bytes = 0;
        for (int i = 0; i < g.length; i++) {
            Nd4jHost.wrap(grads[i]).copyFrom(dirs[i]);
            bytes += 8L * dirs[i].length;
        }
        return bytes;
    }

    private StepWorkspace workspace(int b, int k) {
        if (workspace == null || workspace.batch() != b) {
            workspace = new StepWorkspace(machine, b, k, 2, ThreadPlan.shared().pool());
        }
        return workspace;
    }

    /**
     * Restores the update counter of a resumed run (parameters and optimiser state are restored on
     * the machine and the optimiser themselves, as on one machine).
     *
     * @param updates updates done
     */
    public void restore(long updates) {
        this.updates = updates;
    }

    /** @return updates done */
    public long updates() {
        return updates;
    }

    /** @return the measurements of the last update, or null before the first */
    public StepStats lastStats() {
        return last;
    }

    /** @return the model (the driver's copy, updated in place) */
    public HelmholtzMachine machine() {
        return machine;
    }
}
