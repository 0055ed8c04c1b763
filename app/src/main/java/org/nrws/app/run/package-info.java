/**
 * One training run, end to end: its configuration ({@link org.nrws.app.run.RunConfig}, parsed once
 * into the typed {@link org.nrws.app.run.DataSettings}, {@link org.nrws.app.run.ModelSettings},
 * {@link org.nrws.app.run.OptimizerSettings}, {@link org.nrws.app.run.NaturalGradientSettings},
 * {@link org.nrws.app.run.BudgetSettings} and {@link org.nrws.app.run.OutputSettings}; read back from
 * a checkpoint by {@link org.nrws.app.run.SavedConfig}), the run folder and its lock
 * ({@link org.nrws.app.run.RunFolder}, {@link org.nrws.app.run.RunLock}),
 * the run itself ({@link org.nrws.app.run.TrainingRun}: data, model, trainer, periodic
 * evaluation, checkpoints, early stopping, outputs), evaluation
 * ({@link org.nrws.app.run.Evaluation}), and what a run writes: {@code metrics.csv}
 * ({@link org.nrws.app.run.MetricsCsv}), {@code curves.png} ({@link org.nrws.app.run.Charts}),
 * {@code samples.png} ({@link org.nrws.app.run.ImageGrid}) and the final JSON line
 * ({@link org.nrws.app.run.Json}).
 */
package org.nrws.app.run;
