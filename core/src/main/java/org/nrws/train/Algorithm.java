package org.nrws.train;

import java.util.Locale;
import org.nrws.estimator.BidirectionalEstimator;
import org.nrws.estimator.Estimator;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.estimator.ReweightedWakeSleep;
import org.nrws.estimator.WakeSleep;
import org.nrws.linalg.BatchedCholeskies;
import org.nrws.linalg.BatchedCholesky;
import org.nrws.solver.Approximation;
import org.nrws.solver.ApproximateSolvers;
import org.nrws.solver.KfacOptions;
import org.nrws.solver.SolverFactory;

/**
 * The six training algorithms. The natural ones (NWS, NRWS, NBiHM) use the same estimator as
 * their plain sibling and precondition its gradient with the per-neuron Fisher blocks.
 */
public enum Algorithm {
    /** Wake-Sleep. */
    WS(false),
    /** Reweighted Wake-Sleep. */
    RWS(false),
    /** Bidirectional Helmholtz Machine. */
    BIHM(false),
    /** Natural Wake-Sleep. */
    NWS(true),
    /** Natural Reweighted Wake-Sleep. */
    NRWS(true),
    /** Natural Bidirectional Helmholtz Machine. */
    NBIHM(true);

    private final boolean natural;

    Algorithm(boolean natural) {
        this.natural = natural;
    }

    /** @return true for NWS, NRWS and NBiHM */
    public boolean isNatural() {
        return natural;
    }

    /** @return the plain algorithm whose estimator this one uses */
    public Algorithm base() {
        switch (this) {
            case NWS:
                return WS;
            case NRWS:
                return RWS;
            case NBIHM:
                return BIHM;
            default:
                return this;
        }
    }

    /**
     * @param options the estimator options
     * @return a new estimator of this algorithm's base
     */
    public Estimator estimator(EstimatorOptions options) {
        switch (base()) {
            case WS:
                return new WakeSleep(options);
            case RWS:
                return new ReweightedWakeSleep(options);
            default:
                return new BidirectionalEstimator(options);
        }
    }

    /**
     * The preconditioner of this algorithm on the reference (tensor) solver with a given batched
     * Cholesky: the identity for WS, RWS and BiHM, a new {@link NaturalGradientPreconditioner} for
     * NWS, NRWS and NBiHM.
     *
     * @param options  the natural-gradient options (ignored by the plain algorithms)
     * @param cholesky the batched Cholesky of the natural algorithms (ignored by the plain ones), e.g.
     *                 {@link BatchedCholeskies#best()}
     * @return the preconditioner
     */
    public Preconditioner preconditioner(NaturalGradientOptions options, BatchedCholesky cholesky) {
        return natural ? new NaturalGradientPreconditioner(options, cholesky) : Preconditioner.identity();
    }

    /**
     * The preconditioner with the CPU solver of {@code options.solverKind()} on the shared thread plan
     * ({@link SolverFactory#of}: the fused solver by default).
     *
     * @param options the natural-gradient options (ignored by the plain algorithms)
     * @return the preconditioner
     */
    public Preconditioner preconditioner(NaturalGradientOptions options) {
        return preconditioner(options, SolverFactory.of(options.solverKind()));
    }

    /**
     * The preconditioner of this algorithm with the given solvers.
     *
     * @param options the natural-gradient options (ignored by the plain algorithms)
     * @param solvers the factory of the layers' solvers (ignored by the plain algorithms)
     * @return the preconditioner
     */
    public Preconditioner preconditioner(NaturalGradientOptions options, SolverFactory solvers) {
        return natural ? new NaturalGradientPreconditioner(options, solvers) : Preconditioner.identity();
    }

    /**
     * The preconditioner of this algorithm with a chosen Fisher (the ablation of issue 11): for a
     * plain algorithm, {@code approximation} NONE (or null) is the identity and any other one
     * preconditions its gradient with that Fisher; a natural algorithm is its plain sibling with the
     * EXACT Fisher, so it accepts only EXACT (or null).
     *
     * @param options       damping, refresh, precision (used by every Fisher)
     * @param approximation the Fisher, or null for the algorithm's own
     * @param exact         the solvers of the exact Fisher (e.g. {@link SolverFactory#cpu()})
     * @param kfac          K-FAC's (and FOOF's) options
     * @return the preconditioner
     * @throws IllegalArgumentException for a natural algorithm with an approximation
     */
    public Preconditioner preconditioner(NaturalGradientOptions options, Approximation approximation, SolverFactory exact,
                                         KfacOptions kfac) {
        Approximation a = approximation != null ? approximation : natural ? Approximation.EXACT : Approximation.NONE;
        if (natural && a != Approximation.EXACT) {
            throw new IllegalArgumentException("--algo " + id() + " is " + base().id() + " with the exact Fisher; for "
                    + a.id() + " use --algo " + base().id() + " --precondition " + a.id());
        }
        return switch (a) {
            case NONE -> Preconditioner.identity();
            case EXACT -> new NaturalGradientPreconditioner(options, exact);
            default -> new NaturalGradientPreconditioner(options, ApproximateSolvers.factory(a, kfac));
        };
    }

    /** @return the lower-case name used on the command line, e.g. {@code "nrws"} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param id a name such as {@code "nrws"} (case-insensitive)
     * @return the algorithm
     * @throws IllegalArgumentException listing the valid names
     */
    public static Algorithm parse(String id) {
        for (Algorithm a : values()) {
            if (a.id().equalsIgnoreCase(id)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown algorithm '" + id + "' (expected ws, rws, bihm, nws, nrws or nbihm)");
    }
}
