package org.nrws.train;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * Options of the natural-gradient preconditioner of NWS, NRWS and NBiHM (spec section 4).
 *
 * @param alpha           damping alpha &gt; 0 at update 0
 * @param alphaDecay      multiplicative damping schedule: alpha_t = max(alphaMin, alpha * alphaDecay^t); 1 = constant
 * @param alphaMin        the floor of the schedule (&gt; 0)
 * @param plainAbove      above this alpha the plain gradient is used (the reference code's 10)
 * @param refreshInterval recompute the Fisher factorisation every this many updates (&ge; 1) and
 *                        reuse it with the current gradient in between
 * @param fisherType      DOUBLE (default) or FLOAT, the type of the Fisher algebra
 * @param path            primal, dual or automatic choice per layer
 */
public record NaturalGradientOptions(double alpha, double alphaDecay, double alphaMin, double plainAbove,
                                     int refreshInterval, DataType fisherType, SolverPath path) {

    /** How the damped Fisher system of a layer is solved. */
    public enum SolverPath {
        /** Choose per layer by flop count. */
        AUTO,
        /** [m, d, d] blocks. */
        PRIMAL,
        /** [m, N, N] Woodbury matrices. */
        DUAL
    }

    /** The reference code's threshold above which the plain gradient is used. */
    public static final double DEFAULT_PLAIN_ABOVE = 10.0;

    /** Validates. */
    public NaturalGradientOptions {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("damping alpha must be finite and > 0, got " + alpha);
        }
        if (!(alphaDecay > 0 && alphaDecay <= 1)) {
            throw new IllegalArgumentException("alpha decay must be in (0, 1], got " + alphaDecay);
        }
        if (!(alphaMin > 0)) {
            throw new IllegalArgumentException("alpha floor must be > 0, got " + alphaMin);
        }
        if (!(plainAbove > 0)) {
            throw new IllegalArgumentException("plain-gradient threshold must be > 0, got " + plainAbove);
        }
        if (refreshInterval < 1) {
            throw new IllegalArgumentException("refresh interval must be >= 1, got " + refreshInterval);
        }
        if (fisherType != DataType.DOUBLE && fisherType != DataType.FLOAT) {
            throw new IllegalArgumentException("Fisher dtype must be float64 or float32, got " + fisherType);
        }
        if (path == null) {
            throw new IllegalArgumentException("solver path must not be null");
        }
    }

    /**
     * The reference configuration: constant damping, refresh every update, float64, automatic path.
     *
     * @param alpha the damping
     * @return the options
     */
    public static NaturalGradientOptions defaults(double alpha) {
        return new NaturalGradientOptions(alpha, 1.0, alpha, DEFAULT_PLAIN_ABOVE, 1, DataType.DOUBLE, SolverPath.AUTO);
    }

    /**
     * @param update the update number
     * @return the damping at that update
     */
    public double alphaAt(long update) {
        return alphaDecay == 1.0 ? alpha : Math.max(alphaMin, alpha * Math.pow(alphaDecay, update));
    }
}
