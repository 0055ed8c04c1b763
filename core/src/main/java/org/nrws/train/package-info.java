/**
 * The training loop: {@link org.nrws.train.Trainer} drives an
 * {@link org.nrws.estimator.Estimator}, a {@link org.nrws.train.Preconditioner} and an
 * {@link org.nrws.optim.Optimizer} over minibatches, stops on a budget, and fails fast on any
 * non-finite gradient or parameter ({@link org.nrws.train.NonFiniteException}).
 */
package org.nrws.train;
