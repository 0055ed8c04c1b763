package org.nrws.app.run;

import java.util.Locale;

/**
 * When a run evaluates during training ({@code --eval-every}): every N updates ({@code "500"}),
 * every S training seconds ({@code "30s"}), or {@code "auto"}: about ten evaluations over the
 * budget (every tenth of the update budget and, with a time budget, every tenth of it,
 * whichever comes first).
 *
 * @param updates every this many updates (0: not by updates; -1: auto)
 * @param seconds every this many training seconds (0: not by time; -1: auto)
 */
public record EvalSchedule(long updates, double seconds) {

    /** The automatic schedule. */
    public static final EvalSchedule AUTO = new EvalSchedule(-1, -1);

    /**
     * @param text auto, a positive integer (updates) or a positive number followed by s (seconds)
     * @return the schedule
     * @throws IllegalArgumentException for anything else
     */
    public static EvalSchedule parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("auto")) {
            return AUTO;
        }
        try {
            if (t.endsWith("s")) {
                double s = Double.parseDouble(t.substring(0, t.length() - 1));
                if (s > 0 && !Double.isInfinite(s)) {
                    return new EvalSchedule(0, s);
                }
            } else {
                long u = Long.parseLong(t);
                if (u > 0) {
                    return new EvalSchedule(u, 0);
                }
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--eval-every must be auto, a number of updates (e.g. 500) or of training seconds "
                + "(e.g. 30s), got '" + text + "'");
    }

    /**
     * Resolves {@link #AUTO} for a budget.
     *
     * @param plannedUpdates the number of updates the budget allows (may be huge)
     * @param timeBudget     the time budget in seconds (infinite when none)
     * @return a concrete schedule
     */
    public EvalSchedule resolve(long plannedUpdates, double timeBudget) {
        if (updates >= 0) {
            return this;
        }
        long u = plannedUpdates == Long.MAX_VALUE ? 0 : Math.max(1, (plannedUpdates + 9) / 10);
        double s = Double.isInfinite(timeBudget) ? 0 : timeBudget / 10;
        if (u == 0 && s == 0) {
            u = 1000;
        }
        return new EvalSchedule(u, s);
    }

    /**
     * @param updatesSince updates since the last evaluation
     * @param secondsSince training seconds since the last evaluation
     * @return whether an evaluation is due (for a resolved schedule)
     */
    public boolean due(long updatesSince, double secondsSince) {
        return (updates > 0 && updatesSince >= updates) || (seconds > 0 && secondsSince >= seconds);
    }

    /** @return the text {@link #parse} reads back: {@code auto}, {@code N} or {@code Ss} */
    public String text() {
        if (updates < 0) {
            return "auto";
        }
        return seconds > 0 ? ConfigValues.text(seconds) + "s" : Long.toString(updates);
    }
}
