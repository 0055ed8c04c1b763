package org.nrws.estimator;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.model.StepWorkspace;
import org.nrws.model.Trace;

/**
 * What one call of an {@link Estimator} produced.
 *
 * @param gradients        the ascent directions, per layer
 * @param wake             the wake trace (data replicated K times, h ~ q): the samples of q's Fisher blocks
 * @param sleep            the sleep trace (dreams from p), or null when this step drew none
 * @param batchLogLikelihood the mean over the minibatch of the K-sample importance estimate
 *                         {@code logsumexp_k (log p - log q) - log K} of log p(x)
 * @param batchSize        B
 * @param samples          K
 * @param workspace        the workspace the traces and gradients live in (overwritten by its next step)
 */
public record StepResult(Gradients gradients, Trace wake, Trace sleep, double batchLogLikelihood,
                         int batchSize, int samples, StepWorkspace workspace) {
}
