/**
 * Checkpoints: one file holding everything needed to continue a training run bit-identically
 * (parameters, optimiser state, trainer counters, seed) together with its configuration and
 * provenance ({@link org.nrws.checkpoint.Checkpoint}), written atomically
 * ({@link org.nrws.checkpoint.AtomicFiles}).
 */
package org.nrws.checkpoint;
