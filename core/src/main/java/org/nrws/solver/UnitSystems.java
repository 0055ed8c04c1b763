package org.nrws.solver;

import org.nrws.host.HostMatrix;

/**
 * The per-neuron systems of one path of {@link CpuFusedSolver}: what a refresh prepares for the
 * layer (the samples in the algebra's precision and the products shared by its units), how one
 * unit's system is built and factored, how one unit is solved, and how the units' results become
 * the direction. One instance per path per solver, reused from refresh to refresh.
 */
abstract class UnitSystems {

    /** The solver whose buffers and options this uses. */
    final CpuFusedSolver solver;
    HostMatrix u;
    HostMatrix c;
    double alpha;
    HostMatrix factors;
    String context;

    UnitSystems(CpuFusedSolver solver) {
        this.solver = solver;
    }

    /**
     * Takes the samples and computes the shared products.
     *
     * @param inputs     U [N, d] in the algebra's precision (kept by reference)
     * @param curvatures C [N, m] in the algebra's precision (kept by reference)
     */
    abstract void prepare(HostMatrix inputs, HostMatrix curvatures);

    /**
     * Builds unit i's damped system in {@code f} and factors it.
     *
     * @param i the unit
     * @param f [k, k] in the factor precision (modified: the factor)
     * @param s the thread's scratch
     * @return null, or what failed
     */
    abstract String factor(int i, HostMatrix f, CpuFusedSolver.Scratch s);

    /**
     * @param g the gradient in the algebra's precision
     * @return the block the units' solves write into (computing the products with g it needs)
     */
    abstract HostMatrix output(HostMatrix g);

    /**
     * Solves unit i with its factor.
     *
     * @param i   the unit
     * @param f   its factor (not modified)
     * @param s   the thread's scratch
     * @param out the block of {@link #output} (modified: unit i's part)
     * @return null, or what failed
     */
    abstract String solveUnit(int i, HostMatrix f, CpuFusedSolver.Scratch s, HostMatrix out);

    /**
     * @param g         the gradient in the algebra's precision (not modified)
     * @param out       the units' results (may be modified)
     * @param direction the [d, m] direction, any precision (modified)
     */
    abstract void finish(HostMatrix g, HostMatrix out, HostMatrix direction);
}
