package org.nrws.train;

import java.util.Locale;
import org.nrws.estimator.BidirectionalEstimator;
import org.nrws.estimator.Estimator;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.estimator.ReweightedWakeSleep;
import org.nrws.estimator.WakeSleep;
import org.nrws.linalg.BatchedCholeskies;
import org.nrws.linalg.BatchedCholesky;

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
     * The preconditioner of this algorithm: the identity for WS, RWS and BiHM, a new
     * {@link NaturalGradientPreconditioner} for NWS, NRWS and NBiHM.
     *
     * @param options  the natural-gradient options (ignored by the plain algorithms)
     * @param cholesky the batched Cholesky of the natural algorithms (ignored by the plain ones), e.g.
     *                 {@link org.nrws.linalg.BatchedCholeskies#best()}
     * @return the preconditioner
     */
    public Preconditioner preconditioner(NaturalGradientOptions options, BatchedCholesky cholesky) {
        return natural ? new NaturalGradientPreconditioner(options, cholesky) : Preconditioner.identity();
    }

    /**
     * As {@link #preconditioner(NaturalGradientOptions, BatchedCholesky)} with the best available
     * batched Cholesky ({@link org.nrws.linalg.BatchedCholeskies#best()}, looked up only for the
     * natural algorithms).
     *
     * @param options the natural-gradient options (ignored by the plain algorithms)
     * @return the preconditioner
     */
    public Preconditioner preconditioner(NaturalGradientOptions options) {
        return natural ? new NaturalGradientPreconditioner(options, BatchedCholeskies.best()) : Preconditioner.identity();
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
