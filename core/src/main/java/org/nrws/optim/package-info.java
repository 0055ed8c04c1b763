/**
 * First-order optimisers applied to the (possibly preconditioned) ascent directions:
 * {@link org.nrws.optim.Sgd}, {@link org.nrws.optim.Momentum} and {@link org.nrws.optim.Adam}.
 * Each keeps its state as ND4J arrays so that checkpoints can save and restore it exactly.
 */
package org.nrws.optim;
