/**
 * The model of docs/math.md section 1: {@link org.nrws.model.SigmoidLayer} (one layer of Bernoulli units),
 * {@link org.nrws.model.SigmoidBeliefNetwork} (a stack of them) and
 * {@link org.nrws.model.HelmholtzMachine} (a generative network p and a recognition network q).
 * Every operation works on a whole [N, n] batch (N = B*K rows) with one matrix product per layer.
 */
package org.nrws.model;
