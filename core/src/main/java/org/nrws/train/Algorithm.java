package org.nrws.train;

import java.util.Locale;
import org.nrws.estimator.BidirectionalEstimator;
import org.nrws.estimator.Estimator;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.estimator.ReweightedWakeSleep;
import org.nrws.estimator.WakeSleep;

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
