package org.nrws.optim;

/**
 * A step schedule of the learning rate: every layer's rate is multiplied by {@code factor} every
 * {@code every} updates and never goes below {@code floor} times its base rate,
 * {@code lr_t = lr * max(factor^floor(t / every), floor)}, where t counts the updates before this
 * one (the first update uses the base rate). A function of the update count only, so a resumed
 * run continues the schedule exactly.
 *
 * @param factor the multiplier per interval, in (0, 1]; 1 = constant
 * @param every  the interval in updates (&ge; 1)
 * @param floor  the smallest multiplier of the base rate, in [0, 1]; 0 = no floor
 */
public record LearningRateSchedule(double factor, long every, double floor) {

    /** The constant learning rate. */
    public static final LearningRateSchedule CONSTANT = new LearningRateSchedule(1.0, 1, 0.0);

    /** Validates. */
    public LearningRateSchedule {
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("the learning-rate schedule's factor must be in (0, 1], got " + factor);
        }
        if (every < 1) {
            throw new IllegalArgumentException("the learning-rate schedule's interval must be >= 1 update, got " + every);
        }
        if (!(floor >= 0 && floor <= 1)) {
            throw new IllegalArgumentException("the learning-rate schedule's floor must be in [0, 1], got " + floor);
        }
    }

    /** @return whether the rate never changes */
    public boolean isConstant() {
        return factor == 1.0;
    }

    /**
     * @param update the number of updates already applied (t)
     * @return the multiplier of the base rates for the next update
     */
    public double multiplier(long update) {
        if (isConstant()) {
            return 1.0;
        }
        return Math.max(Math.pow(factor, (double) (update / every)), floor);
    }

    /**
     * The rates of the next update.
     *
     * @param base   the base rate of each parameter array (not modified)
     * @param update the number of updates already applied
     * @param out    the rates (modified; may be {@code base} only when the schedule is constant)
     * @return {@code out}
     */
    public double[] ratesAt(double[] base, long update, double[] out) {
        double m = multiplier(update);
        for (int i = 0; i < base.length; i++) {
            out[i] = base[i] * m;
        }
        return out;
    }
}
