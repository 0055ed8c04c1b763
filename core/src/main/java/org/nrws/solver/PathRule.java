package org.nrws.solver;

/**
 * The one rule that chooses how a layer's damped Fisher systems are solved: the primal [d, d] or the
 * dual (Woodbury) [N, N] systems, whichever the cost model below says is cheaper (the dual on a tie).
 * Every solver ({@link CpuFusedSolver}, {@link TensorSolver}, the CUDA solver), the memory check
 * ({@link MemoryBudget}) and the reports use it, so what is sized and reported is what runs. See
 * {@code docs/math.md} (the two exact solves) and {@code docs/architecture.md} (where the rule lives).
 *
 * <p>The cost model counts, in BLAS flops, what the fused CPU solver does; writing one element of a
 * system from Java costs {@link #ELEMENT_COST_FLOPS} flops.
 * <ul>
 *   <li>Dual: the Gram matrix {@code N^2 d}, the two GEMMs {@code 4 m N d}, and per unit the
 *       factorisation {@code N^3 / 3}, the solve {@code 2 N^2} and {@code N^2 / 2} elements of build.</li>
 *   <li>Primal, per unit: {@code N d} elements of {@code V_i = S_i U}, its SYRK {@code N d^2}, the
 *       factorisation {@code d^3 / 3} and the solve {@code 2 d^2}.</li>
 * </ul>
 * Both are cubic in their matrix size, so the dual wins whenever N is clearly below d; the bias-only
 * top prior (d = 1) always takes the primal path.
 */
public final class PathRule {

    /**
     * The cost of writing one element of a system from Java, in BLAS flops: building a 160 x 160
     * triangle took 10-18 microseconds against 73-94 for its factorisation (about 1.2 ns an element
     * at 17 GF/s), so an element costs about 20 flops of factorisation.
     */
    public static final double ELEMENT_COST_FLOPS = 20;

    private PathRule() {
    }

    /**
     * @param n N, the samples (rows of U)
     * @param d d, the block size (columns of U)
     * @param m m, the units
     * @return the cheaper path by {@link #dualCost} and {@link #primalCost}; the dual on a tie
     */
    public static SolverPath choose(long n, long d, long m) {
        return dualCost(n, d, m) <= primalCost(n, d, m) ? SolverPath.DUAL : SolverPath.PRIMAL;
    }

    /**
     * @param requested a forced path, or {@link SolverPath#AUTO} (or null) for {@link #choose}
     * @param n         N
     * @param d         d
     * @param m         m
     * @return the path that runs: PRIMAL or DUAL, never AUTO
     */
    public static SolverPath resolve(SolverPath requested, long n, long d, long m) {
        return requested == null || requested == SolverPath.AUTO ? choose(n, d, m) : requested;
    }

    /**
     * @param n N
     * @param d d
     * @param m m
     * @return flops of the dual path: {@code N^2 d} (Gram), {@code 4 m N d} (two GEMMs), and per unit
     *     {@code N^3/3} (factor), {@code 2 N^2} (solve) and {@code N^2/2} elements of build
     */
    public static double dualCost(long n, long d, long m) {
        double nn = (double) n * n;
        return nn * d + 4.0 * m * n * d + m * (nn * n / 3.0 + 2.0 * nn + ELEMENT_COST_FLOPS * nn / 2.0);
    }

    /**
     * @param n N
     * @param d d
     * @param m m
     * @return flops of the primal path, per unit: {@code N d} elements of {@code V_i}, {@code N d^2}
     *     (SYRK), {@code d^3/3} (factor) and {@code 2 d^2} (solve)
     */
    public static double primalCost(long n, long d, long m) {
        double dd = (double) d * d;
        return m * (ELEMENT_COST_FLOPS * n * d + n * dd + dd * d / 3.0 + 2.0 * dd);
    }
}
