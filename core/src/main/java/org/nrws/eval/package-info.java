/**
 * Evaluation (spec section 5): importance-sampled log-likelihood with a streaming logsumexp
 * ({@link org.nrws.eval.LikelihoodEstimator}), the BiHM partition function, and exact oracles for
 * tiny machines by enumeration of every state ({@link org.nrws.eval.ExactEnumeration}).
 */
package org.nrws.eval;
