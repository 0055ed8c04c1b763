/**
 * One training run of the examples, end to end: its configuration ({@link org.nrws.examples.run.RunConfig}),
 * the run itself ({@link org.nrws.examples.run.TrainingRun}: data, model, trainer, periodic
 * evaluation, checkpoints, early stopping, outputs), evaluation
 * ({@link org.nrws.examples.run.Evaluation}), and what a run writes: {@code metrics.csv}
 * ({@link org.nrws.examples.run.MetricsCsv}), {@code curves.png} ({@link org.nrws.examples.run.Charts}),
 * {@code samples.png} ({@link org.nrws.examples.run.ImageGrid}) and the final JSON line
 * ({@link org.nrws.examples.run.Json}).
 */
package org.nrws.examples.run;
