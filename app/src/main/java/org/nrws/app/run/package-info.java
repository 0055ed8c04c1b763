/**
 * One training run of the examples, end to end: its configuration ({@link org.nrws.app.run.RunConfig}),
 * the run itself ({@link org.nrws.app.run.TrainingRun}: data, model, trainer, periodic
 * evaluation, checkpoints, early stopping, outputs), evaluation
 * ({@link org.nrws.app.run.Evaluation}), and what a run writes: {@code metrics.csv}
 * ({@link org.nrws.app.run.MetricsCsv}), {@code curves.png} ({@link org.nrws.app.run.Charts}),
 * {@code samples.png} ({@link org.nrws.app.run.ImageGrid}) and the final JSON line
 * ({@link org.nrws.app.run.Json}).
 */
package org.nrws.app.run;
