package org.nrws.solver;

import java.util.Locale;

/**
 * Which Fisher a preconditioner inverts, for the ablation of exact against approximate natural
 * gradients (after Benzing 2022). For a sigmoid unit i with augmented input u and curvature
 * {@code c_i = pi_i (1 - pi_i)}, the exact block is {@code F_i = E[c_i u u^T]}; with
 * {@code A = E[u u^T]} shared by the layer:
 * <ul>
 *   <li>{@link #EXACT}: {@code F_i} itself (NWS, NRWS, NBiHM);</li>
 *   <li>{@link #KFAC}: {@code E[c_i] A}, K-FAC's Kronecker factorisation {@code diag(E[c]) (x) A},
 *       exact for an SBN layer's output factor since {@code E[delta delta^T | u] = diag(c(u))};</li>
 *   <li>{@link #FOOF}: {@code A} for every unit (first-order optimisation on neurons);</li>
 *   <li>{@link #DIAGONAL}: {@code diag(F_i)};</li>
 *   <li>{@link #NONE}: the plain gradient.</li>
 * </ul>
 * Every one is damped as the exact one: {@code (1 + alpha) (alpha I + F~_i)^{-1} g_i} (K-FAC also
 * offers its factored Tikhonov damping, {@link KfacOptions}).
 */
public enum Approximation {
    /** The exact per-neuron blocks. */
    EXACT,
    /** K-FAC: {@code E[c_i] A}. */
    KFAC,
    /** FOOF: {@code A}. */
    FOOF,
    /** The diagonal of each block. */
    DIAGONAL,
    /** No preconditioning. */
    NONE;

    /** @return the name used on the command line and in results, e.g. {@code kfac} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param id exact, kfac, foof, diagonal or none (case-insensitive)
     * @return the approximation
     * @throws IllegalArgumentException listing the valid names
     */
    public static Approximation parse(String id) {
        for (Approximation a : values()) {
            if (a.id().equalsIgnoreCase(id)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown preconditioner '" + id + "' (expected exact, kfac, foof, diagonal or none)");
    }
}
