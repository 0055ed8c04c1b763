package org.nrws.solver;

import java.util.Locale;

/**
 * How a layer's damped Fisher systems are solved (see {@code docs/math.md}): the one path enum of the
 * engine, used by the options ({@link #AUTO} or a forced path), the solvers and the reports.
 */
public enum SolverPath {
    /** Let {@link PathRule} choose per layer; a solver never reports it as the path that ran. */
    AUTO,
    /** d x d blocks {@code alpha I + U^T diag(c_i) U}. */
    PRIMAL,
    /** N x N symmetric Woodbury matrices {@code alpha I + S_i U U^T S_i}, {@code S_i = diag(sqrt(c_i))}. */
    DUAL;

    /** @return the lower-case name used in messages, e.g. {@code "dual"} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param value {@code auto}, {@code primal} or {@code dual}, case-insensitive
     * @return the path
     * @throws IllegalArgumentException naming the valid values
     */
    public static SolverPath parse(String value) {
        for (SolverPath p : values()) {
            if (p.id().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown solver path '" + value + "' (expected auto, primal or dual)");
    }
}
