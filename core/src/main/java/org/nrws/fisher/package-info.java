/**
 * The exact, block-diagonal Fisher information of sigmoid belief network layers (spec section 3)
 * and the damped natural-gradient solve with it (spec section 4):
 * {@link org.nrws.fisher.FisherBlocks} builds a layer's per-neuron blocks in the primal
 * ([m, d, d]) or dual, symmetric Woodbury ([m, N, N]) form with ND4J operations, factors them with
 * a {@link org.nrws.linalg.BatchedCholesky}, and preconditions gradients with the factorisation.
 * The training-loop side is {@link org.nrws.train.NaturalGradientPreconditioner}.
 */
package org.nrws.fisher;
