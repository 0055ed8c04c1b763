package org.nrws.solver;

import java.util.Locale;

/**
 * Which exact natural-gradient solver runs a layer's damped Fisher systems. Both sit behind
 * {@link NaturalGradientSolver} and take the path of {@link PathRule}; see {@code docs/architecture.md}.
 */
public enum SolverKind {
    /**
     * The default: per unit, build, factor and solve in the scratch of the thread that handles it
     * ({@link CpuFusedSolver}); the [m, k, k] tensor of a layer is never materialised.
     */
    FUSED,
    /**
     * The design's shape: the stacked [m, d, d] or [m, N, N] tensor of a layer's systems built by
     * ND4J operations and factored by one batched Cholesky ({@link TensorSolver}). Slower and larger;
     * the oracle the fused solver is tested against.
     */
    TENSOR;

    /** @return the lower-case name, e.g. {@code "fused"} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
