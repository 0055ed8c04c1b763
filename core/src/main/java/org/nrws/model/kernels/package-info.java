/**
 * The fused element-wise passes of a sigmoid layer, in one place: every formula that a training
 * step or an evaluation applies entry by entry (the sigmoid, the clipping, the Bernoulli draw, the
 * log-probability row sums, the deltas of the gradients and the curvatures of the Fisher blocks)
 * is a method of {@link org.nrws.model.kernels.SigmoidKernels}. Each kernel is one Java loop over a
 * range of rows of {@link org.nrws.host.HostMatrix} blocks; the batching over B x K rows stays and
 * every matrix product around them is one BLAS call. {@link org.nrws.model.kernels.Draws} says which
 * uniform each unit of each row uses.
 */
package org.nrws.model.kernels;
