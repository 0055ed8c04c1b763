/**
 * Runnable, narrated examples (one per file, read top to bottom):
 * {@link org.nrws.examples.TrainNrwsOnMnist} (the library API step by step),
 * {@link org.nrws.examples.CompareAlgorithmsOnMnist} (RWS, NRWS, BiHM and NBiHM under one budget)
 * and {@link org.nrws.examples.SampleFromCheckpoint}. Run one with
 * {@code ./nrws example TrainNrwsOnMnist [args]}. The command line itself is in
 * {@link org.nrws.app.cli}.
 */
package org.nrws.examples;
