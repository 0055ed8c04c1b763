package org.nrws.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nrws.host.Precision;
import org.nrws.solver.PathRule;
import org.nrws.solver.SolverKind;
import org.nrws.solver.SolverOptions;
import org.nrws.solver.SolverPath;

/**
 * Options of the natural-gradient preconditioner of NWS, NRWS and NBiHM (docs/math.md section 4).
 *
 * @param alpha           damping alpha &gt; 0 at update 0
 * @param alphaDecay      the schedule's factor: {@code alpha_t = clamp(alpha * alphaDecay^floor(t / alphaEvery),
 *                        alphaMin, alphaMax)}; 1 = constant, below 1 decreases, above 1 increases (argo's
 *                        MNIST grid raises alpha past {@code plainAbove}, which switches the natural
 *                        gradient off late in training)
 * @param alphaMin        the floor of the schedule (&gt; 0)
 * @param plainAbove      above this alpha the plain gradient is used (the reference code's 10)
 * @param refreshInterval recompute the Fisher factorisation every this many updates (&ge; 1) and
 *                        reuse it with the current gradient in between
 * @param fisherType      DOUBLE (default) or FLOAT, the type of the Fisher algebra
 * @param path            primal, dual or automatic choice per layer
 * @param mixedPrecision  with a FLOAT Fisher: float32 factorisations with float64 right-hand sides
 *                        and one step of iterative refinement (the "mixed" precision)
 * @param alphaMax        the ceiling of the schedule (&ge; alphaMin; infinity for none)
 * @param alphaEvery      the schedule changes alpha every this many updates (&ge; 1)
 * @param solverKind      which exact solver runs: {@link SolverKind#FUSED} (the default, per unit in
 *                        thread scratch) or {@link SolverKind#TENSOR} (the stacked [m, k, k] tensors
 *                        and a batched Cholesky; the fused solver's oracle), both with the path of
 *                        {@link PathRule}
 * @param fisherRows      the most rows each layer's Fisher blocks are estimated from (&ge; 0; 0 = all): a
 *                        layer with more rows uses its first {@code fisherRows} (for the wake layers above
 *                        q0, whose rows are {@code s B + b}, the first B rows are one sample of every data
 *                        point); the blocks keep their exact per-neuron structure, only the estimate is
 *                        noisier, and the dual systems shrink from N x N to {@code fisherRows} squared
 *                        (docs/math.md section 4.6)
 */
public record NaturalGradientOptions(double alpha, double alphaDecay, double alphaMin, double plainAbove,
                                     int refreshInterval, DataType fisherType, SolverPath path, boolean mixedPrecision,
                                     double alphaMax, int alphaEvery, SolverKind solverKind, int fisherRows) {

    /** The reference code's threshold above which the plain gradient is used. */
    public static final double DEFAULT_PLAIN_ABOVE = 10.0;

    /** Validates. */
    public NaturalGradientOptions {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("damping alpha must be finite and > 0, got " + alpha);
        }
        if (!(alphaDecay > 0) || Double.isInfinite(alphaDecay)) {
            throw new IllegalArgumentException("the damping schedule's factor must be finite and > 0, got " + alphaDecay);
        }
        if (!(alphaMax >= alphaMin)) {
            throw new IllegalArgumentException("the damping ceiling " + alphaMax + " is below the floor " + alphaMin);
        }
        if (alphaEvery < 1) {
            throw new IllegalArgumentException("the damping schedule's interval must be >= 1 update, got " + alphaEvery);
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
        if (solverKind == null) {
            throw new IllegalArgumentException("solver kind must not be null");
        }
        if (fisherRows < 0) {
            throw new IllegalArgumentException("the Fisher's rows must be >= 0 (0 = all), got " + fisherRows);
        }
        if (mixedPrecision && fisherType != DataType.FLOAT) {
            throw new IllegalArgumentException("mixed precision factors in float32: it needs the float32 Fisher type");
        }
    }

    /**
     * Options on the fused solver.
     *
     * @param alpha           damping at update 0
     * @param alphaDecay      the schedule's factor
     * @param alphaMin        floor of the schedule
     * @param plainAbove      plain-gradient threshold
     * @param refreshInterval refresh interval
     * @param fisherType      DOUBLE or FLOAT
     * @param path            path choice
     * @param mixedPrecision  float32 factors with refinement
     * @param alphaMax        ceiling of the schedule
     * @param alphaEvery      the schedule's interval in updates
     */
    public NaturalGradientOptions(double alpha, double alphaDecay, double alphaMin, double plainAbove,
                                  int refreshInterval, DataType fisherType, SolverPath path, boolean mixedPrecision,
                                  double alphaMax, int alphaEvery) {
        this(alpha, alphaDecay, alphaMin, plainAbove, refreshInterval, fisherType, path, mixedPrecision, alphaMax,
                alphaEvery, SolverKind.FUSED, 0);
    }

    /**
     * Options with every row of a layer in its Fisher.
     *
     * @param alpha           damping at update 0
     * @param alphaDecay      the schedule's factor
     * @param alphaMin        floor of the schedule
     * @param plainAbove      plain-gradient threshold
     * @param refreshInterval refresh interval
     * @param fisherType      DOUBLE or FLOAT
     * @param path            path choice
     * @param mixedPrecision  float32 factors with refinement
     * @param alphaMax        ceiling of the schedule
     * @param alphaEvery      the schedule's interval in updates
     * @param solverKind      the exact solver
     */
    public NaturalGradientOptions(double alpha, double alphaDecay, double alphaMin, double plainAbove,
                                  int refreshInterval, DataType fisherType, SolverPath path, boolean mixedPrecision,
                                  double alphaMax, int alphaEvery, SolverKind solverKind) {
        this(alpha, alphaDecay, alphaMin, plainAbove, refreshInterval, fisherType, path, mixedPrecision, alphaMax,
                alphaEvery, solverKind, 0);
    }

    /**
     * Options without mixed precision.
     *
     * @param alpha           damping at update 0
     * @param alphaDecay      multiplicative schedule
     * @param alphaMin        floor of the schedule
     * @param plainAbove      plain-gradient threshold
     * @param refreshInterval refresh interval
     * @param fisherType      DOUBLE or FLOAT
     * @param path            path choice
     */
    public NaturalGradientOptions(double alpha, double alphaDecay, double alphaMin, double plainAbove,
                                  int refreshInterval, DataType fisherType, SolverPath path) {
        this(alpha, alphaDecay, alphaMin, plainAbove, refreshInterval, fisherType, path, false);
    }

    /**
     * Options with a per-update schedule and no ceiling.
     *
     * @param alpha           damping at update 0
     * @param alphaDecay      the schedule's factor per update
     * @param alphaMin        floor of the schedule
     * @param plainAbove      plain-gradient threshold
     * @param refreshInterval refresh interval
     * @param fisherType      DOUBLE or FLOAT
     * @param path            path choice
     * @param mixedPrecision  float32 factors with refinement
     */
    public NaturalGradientOptions(double alpha, double alphaDecay, double alphaMin, double plainAbove,
                                  int refreshInterval, DataType fisherType, SolverPath path, boolean mixedPrecision) {
        this(alpha, alphaDecay, alphaMin, plainAbove, refreshInterval, fisherType, path, mixedPrecision,
                Double.POSITIVE_INFINITY, 1);
    }

    /**
     * @param factor  the schedule's factor (above 1 increases alpha)
     * @param every   every this many updates
     * @param floor   the floor
     * @param ceiling the ceiling (infinity for none)
     * @return a copy with this damping schedule
     */
    public NaturalGradientOptions withSchedule(double factor, int every, double floor, double ceiling) {
        return new NaturalGradientOptions(alpha, factor, floor, plainAbove, refreshInterval, fisherType, path,
                mixedPrecision, ceiling, every, solverKind, fisherRows);
    }

    /**
     * @param kind the exact solver: {@link SolverKind#FUSED} or {@link SolverKind#TENSOR}
     * @return a copy that runs on that solver
     */
    public NaturalGradientOptions solverKind(SolverKind kind) {
        return new NaturalGradientOptions(alpha, alphaDecay, alphaMin, plainAbove, refreshInterval, fisherType, path,
                mixedPrecision, alphaMax, alphaEvery, kind, fisherRows);
    }

    /**
     * @param interval the Fisher refresh interval in updates (&ge; 1): the factors are kept in between
     * @return a copy that refreshes the Fisher every {@code interval} updates
     */
    public NaturalGradientOptions refreshEvery(int interval) {
        return new NaturalGradientOptions(alpha, alphaDecay, alphaMin, plainAbove, interval, fisherType, path,
                mixedPrecision, alphaMax, alphaEvery, solverKind, fisherRows);
    }

    /**
     * @param rows the most rows of each layer's Fisher estimate (0 = all)
     * @return a copy that estimates each layer's Fisher from at most that many rows
     */
    public NaturalGradientOptions fisherRows(int rows) {
        return new NaturalGradientOptions(alpha, alphaDecay, alphaMin, plainAbove, refreshInterval, fisherType, path,
                mixedPrecision, alphaMax, alphaEvery, solverKind, rows);
    }

    /**
     * @return what the solvers are told: the Fisher precision, mixed-precision refinement, kept factors
     *     (a refresh interval above 1) and the path
     */
    public SolverOptions solverOptions() {
        Precision p = fisherType == DataType.DOUBLE ? Precision.F64 : Precision.F32;
        return new SolverOptions(p, mixedPrecision, refreshInterval > 1, path);
    }

    /** @return the precision name of results and checkpoints: float64, float32 or mixed */
    public String precisionId() {
        return mixedPrecision ? "mixed" : fisherType == DataType.DOUBLE ? "float64" : "float32";
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
        if (alphaDecay == 1.0) {
            return alpha;
        }
        double a = alpha * Math.pow(alphaDecay, update / alphaEvery);
        return Math.min(alphaMax, Math.max(alphaMin, a));
    }
}
