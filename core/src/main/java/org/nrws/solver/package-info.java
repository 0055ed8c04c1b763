/**
 * The natural-gradient solvers: a layer's samples and gradient in, its preconditioned direction
 * out (spec section 4), behind one interface, {@link org.nrws.solver.NaturalGradientSolver}, so
 * that the CPU, the GPU and the distributed trainer share the Fisher algebra's contract and are
 * tested against each other.
 *
 * <ul>
 *   <li>{@link org.nrws.solver.LayerSamples}: the inputs U [N, d] and weighted curvatures C [N, m]
 *       of one layer;</li>
 *   <li>{@link org.nrws.solver.CpuFusedSolver}: per neuron, build, factor and solve in thread-local
 *       scratch (the [m, N, N] or [m, d, d] tensor is never materialised unless the factors are kept
 *       for later refreshes); its cost model picks the primal or dual path;</li>
 *   <li>{@link org.nrws.solver.ReferenceSolver}: the tensor path of
 *       {@link org.nrws.fisher.FisherBlocks} with a {@link org.nrws.linalg.BatchedCholesky}: the
 *       oracle of the agreement tests;</li>
 *   <li>{@link org.nrws.solver.SolverFactory}: creates one solver per layer, chosen once.</li>
 * </ul>
 * The interface and its data types use no ND4J class, so a GPU implementation can run where ND4J's
 * natives are absent.
 */
package org.nrws.solver;
