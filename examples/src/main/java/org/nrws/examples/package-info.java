/**
 * Runnable, narrated examples (one per file, read top to bottom):
 * {@link org.nrws.examples.TrainNrwsOnMnist} (the library API step by step),
 * {@link org.nrws.examples.CompareAlgorithmsOnMnist} (RWS, NRWS, BiHM and NBiHM under one budget)
 * and {@link org.nrws.examples.SampleFromCheckpoint}. Run one with
 * {@code ./nrws example TrainNrwsOnMnist [args]}. The command line, run folders and data
 * adapters they use are in module {@code app} ({@link org.nrws.app.cli}, {@link org.nrws.app.run},
 * {@link org.nrws.app.data}).
 */
package org.nrws.examples;
