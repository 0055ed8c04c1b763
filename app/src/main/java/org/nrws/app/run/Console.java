package org.nrws.app.run;

import java.io.PrintWriter;

/**
 * Where a run talks: the result (one JSON line) on {@code out}; messages and progress bars on
 * {@code err}. {@code quiet} silences the messages and bars, not the result or errors.
 *
 * @param out   standard output (the JSON result only)
 * @param err   standard error
 * @param quiet the {@code --quiet} flag
 */
public record Console(PrintWriter out, PrintWriter err, boolean quiet) {

    /**
     * Prints an informational message on stderr unless quiet.
     *
     * @param message the message
     */
    public void info(String message) {
        if (!quiet) {
            err.println(message);
            err.flush();
        }
    }

    /**
     * Prints a warning on stderr, even when quiet.
     *
     * @param message the message
     */
    public void warn(String message) {
        err.println("warning: " + message);
        err.flush();
    }

    /** @return whether progress bars are drawn (a console is attached and not quiet) */
    public boolean progress() {
        return Progress.enabled(quiet);
    }
}
