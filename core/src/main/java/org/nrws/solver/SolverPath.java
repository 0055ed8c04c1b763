package org.nrws.solver;

import java.util.Locale;

/** How a layer's damped Fisher systems are solved (spec section 4). */
public enum SolverPath {
    /** d x d blocks {@code alpha I + U^T diag(c_i) U}. */
    PRIMAL,
    /** N x N symmetric Woodbury matrices {@code alpha I + S_i U U^T S_i}, {@code S_i = diag(sqrt(c_i))}. */
    DUAL;

    /** @return the lower-case name used in messages, e.g. {@code "dual"} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
