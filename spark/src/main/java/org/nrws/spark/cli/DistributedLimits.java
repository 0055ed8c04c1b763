package org.nrws.spark.cli;

import org.nrws.app.run.RunConfig;
import org.nrws.solver.Approximation;

/**
 * The options of {@code ./nrws train} that {@code nrws-spark train} accepts but cannot honour,
 * refused before Spark starts with one line naming the option. Every other option works as in
 * {@code ./nrws train} ({@code --units}, {@code --init}, {@code --dtype}, {@code --fisher-dtype},
 * the damping schedule, {@code --fisher-rows} and {@code --time-budget} included).
 */
final class DistributedLimits {

    private DistributedLimits() {
    }

    /**
     * @param config the run's configuration
     * @throws IllegalArgumentException for the first option the distributed trainer cannot honour
     */
    static void check(RunConfig config) {
        RunConfig defaults = RunConfig.defaults();
        Approximation own = config.algorithm().isNatural() ? Approximation.EXACT : Approximation.NONE;
        Approximation asked = config.choices().effectiveApproximation();
        if (asked != own) {
            throw new IllegalArgumentException("--precondition " + asked.id() + " is not supported by nrws-spark train: the "
                    + "distributed step gathers Fisher samples only for the exact Fisher of nws, nrws and nbihm");
        }
        if (config.naturalGradient().solver() != defaults.naturalGradient().solver()) {
            throw new IllegalArgumentException("--solver " + config.get("solver") + " is not supported by nrws-spark train: the "
                    + "owner tasks solve with the fused solver");
        }
        if (config.threadsGiven()) {
            throw new IllegalArgumentException("--threads is not supported by nrws-spark train: each Spark task runs the engine "
                    + "on one thread; set the parallelism with --master local[N] or --partitions");
        }
        if (config.backend().equals("cuda")) {
            throw new IllegalArgumentException("--backend cuda is not supported by nrws-spark train: its Fisher solves run on "
                    + "the CPU (driver or owner tasks); use --backend cpu or auto");
        }
        if (config.patience() > 0) {
            throw new IllegalArgumentException("--patience is not supported by nrws-spark train: it does not evaluate during "
                    + "training (only the final --eval-k evaluation)");
        }
        if (!config.evalEvery().equals(defaults.evalEvery())) {
            throw new IllegalArgumentException("--eval-every is not supported by nrws-spark train: it does not evaluate during "
                    + "training (only the final --eval-k evaluation)");
        }
        if (config.budget().monitorK() != defaults.budget().monitorK()) {
            throw new IllegalArgumentException("--monitor-k is not supported by nrws-spark train: it does not evaluate during "
                    + "training (only the final --eval-k evaluation)");
        }
        if (config.monitorSize() != defaults.monitorSize()) {
            throw new IllegalArgumentException("--monitor-size is not supported by nrws-spark train: it does not evaluate "
                    + "during training (only the final --eval-k evaluation)");
        }
        if (config.logZPairs() != defaults.logZPairs()) {
            throw new IllegalArgumentException("--logz-pairs is not supported by nrws-spark train: its final evaluation does "
                    + "not estimate BiHM's 2 log Z (nrws-spark eval --logz-pairs does)");
        }
    }
}
