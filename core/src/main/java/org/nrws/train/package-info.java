/**
 * The training loop: {@link org.nrws.train.Trainer} drives an
 * {@link org.nrws.estimator.Estimator}, a {@link org.nrws.train.Preconditioner} and an
 * {@link org.nrws.optim.Optimizer} over minibatches, stops on a budget, and fails fast on any
 * non-finite gradient or parameter ({@link org.nrws.train.NonFiniteException}). The natural
 * algorithms get a {@link org.nrws.train.NaturalGradientPreconditioner} from
 * {@link org.nrws.train.Algorithm#preconditioner(org.nrws.train.NaturalGradientOptions,
 * org.nrws.linalg.BatchedCholesky)}; with factor reuse it keeps the samples of its last refresh,
 * which a checkpoint saves as a {@link org.nrws.train.KeptFisher} so that a resumed run rebuilds the
 * same factors.
 */
package org.nrws.train;
