package org.nrws.solver;

import org.nrws.host.Precision;

/**
 * How a solver computes.
 *
 * @param precision   the precision of the factorisations: F64, or F32 (the whole algebra in float)
 * @param refine      with F32: factor in float, but build the right-hand sides and residuals in
 *                    double and apply one step of iterative refinement (mixed precision)
 * @param keepFactors keep every unit's factor after a refresh, for {@link NaturalGradientSolver#solve}
 *                    (needed when the refresh interval is above 1; costs m k^2 elements per layer)
 * @param path        a forced path, or {@link SolverPath#AUTO} (null is read as AUTO) for {@link PathRule}
 */
public record SolverOptions(Precision precision, boolean refine, boolean keepFactors, SolverPath path) {

    /** Checks the combination. */
    public SolverOptions {
        if (path == null) {
            path = SolverPath.AUTO;
        }
        if (precision == null) {
            throw new IllegalArgumentException("solver precision must not be null");
        }
        if (refine && precision != Precision.F32) {
            throw new IllegalArgumentException("mixed precision (refinement) needs float32 factorisations");
        }
    }

    /** @return float64, no factors kept, automatic path */
    public static SolverOptions defaults() {
        return new SolverOptions(Precision.F64, false, false, SolverPath.AUTO);
    }

    /** @return the name used in results: {@code float64}, {@code float32} or {@code mixed} */
    public String precisionId() {
        return refine ? "mixed" : precision.id();
    }
}
