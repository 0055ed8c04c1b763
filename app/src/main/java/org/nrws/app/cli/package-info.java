/**
 * The {@code nrws} command line (picocli): {@link org.nrws.app.cli.Nrws} and its
 * subcommands {@code train}, {@code eval}, {@code sample}, {@code compare}, {@code export}
 * (a checkpoint's model as a NumPy {@code .npz} file, {@link org.nrws.app.export}) and
 * {@code fetch-data}. Results go to stdout as one JSON line; messages, progress bars and errors
 * go to stderr; a bad option exits with code 2, a failed run with code 1, never with a stack
 * trace (set {@code NRWS_DEBUG=1} to see one).
 *
 * <p>The options of a training run are declared once, as mixins ({@link org.nrws.app.cli.RunOptions},
 * {@link org.nrws.app.cli.TrainOptions}, {@link org.nrws.app.cli.CommonOptions}) that
 * {@code nrws-spark train} reuses, and become the typed {@link org.nrws.app.run.RunConfig} in one
 * place ({@link org.nrws.app.cli.OptionMaps#config}).
 */
package org.nrws.app.cli;
