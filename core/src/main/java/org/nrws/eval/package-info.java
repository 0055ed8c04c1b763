/**
 * Evaluation (docs/math.md section 5): importance-sampled log-likelihood with a streaming logsumexp
 * ({@link org.nrws.eval.LikelihoodEstimator}) and the BiHM partition function; the engine's
 * log-sum-exp ({@link LogSumExp}). The exact oracles by enumeration of every state of a tiny
 * machine live in core's test sources (the {@code nrws-core} test-jar), see {@code docs/architecture.md}.
 */
package org.nrws.eval;
