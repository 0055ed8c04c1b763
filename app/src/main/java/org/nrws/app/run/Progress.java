package org.nrws.app.run;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr, or nothing: bars are drawn only when the JVM has a console
 * ({@code System.console() != null}) and {@code --quiet} is off, so logs and pipes stay clean.
 */
public final class Progress implements AutoCloseable {

    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /**
     * @param quiet the {@code --quiet} flag
     * @return whether bars are drawn
     */
    public static boolean enabled(boolean quiet) {
        return !quiet && System.console() != null;
    }

    /**
     * @param enabled whether to draw (see {@link #enabled(boolean)})
     * @param task    the label
     * @param max     the total, or -1 when unknown
     * @param unit    the unit shown, e.g. "upd"
     * @return a bar, or a silent stand-in
     */
    public static Progress start(boolean enabled, String task, long max, String unit) {
        if (!enabled) {
            return new Progress(null);
        }
        ProgressBar b = new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setUnit(" " + unit, 1)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(500).showSpeed().build();
        return new Progress(b);
    }

    /** @param n the new position */
    public void stepTo(long n) {
        if (bar != null) {
            bar.stepTo(n);
        }
    }

    /** @param message text shown after the bar */
    public void message(String message) {
        if (bar != null) {
            bar.setExtraMessage(message);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
