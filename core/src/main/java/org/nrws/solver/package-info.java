/**
 * The natural-gradient solvers: a layer's samples and gradient in, its preconditioned direction
 * out, behind one interface, {@link NaturalGradientSolver}, so that the CPU, the GPU and the
 * distributed trainer share the Fisher algebra's contract and are tested against each other (see
 * {@code docs/math.md} and {@code docs/architecture.md}).
 *
 * <ul>
 *   <li>{@link LayerSamples}: the inputs U [N, d] and weighted curvatures C [N, m] of one layer;</li>
 *   <li>{@link SolverPath} and {@link PathRule}: the one path enum and the one rule (with its cost
 *       model) that chooses the primal or dual systems, used by every solver, the memory check and
 *       the reports;</li>
 *   <li>{@link SolverKind#FUSED}, {@link CpuFusedSolver}: per neuron, build, factor and solve in
 *       thread-local scratch (the [m, N, N] or [m, d, d] tensor is never materialised unless the
 *       factors are kept for later refreshes);</li>
 *   <li>{@link SolverKind#TENSOR}, {@link TensorSolver}: the stacked tensors of {@link FisherBlocks}
 *       factored by a {@link org.nrws.linalg.BatchedCholesky} ({@link Factorization}): the design's
 *       shape and the oracle of the agreement tests;</li>
 *   <li>{@link SolverFactory}: creates one solver per layer; {@link SolverSelector}: the one selector
 *       of {@code --backend} (the CPU solvers or a device's {@link SolverProvider});</li>
 *   <li>{@link MemoryBudget}, {@link FusedEstimate}, {@link LayerEstimate}: the bytes the solver that
 *       runs holds, checked before training.</li>
 * </ul>
 * The interface and its data types use no ND4J class, so a GPU implementation can run where ND4J's
 * natives are absent.
 */
package org.nrws.solver;
