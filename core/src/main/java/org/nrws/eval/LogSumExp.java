package org.nrws.eval;

/**
 * The engine's log-sum-exp, {@code log sum_i exp(v_i) = m + log sum_i exp(v_i - m)} with
 * {@code m = max_i v_i}, in two passes over the values (see {@code docs/math.md}). A NaN value gives
 * NaN, never a dropped term; all values -infinity give -infinity. {@link StreamingLogSumExp} is its
 * one-pass form, for values that arrive in chunks.
 */
public final class LogSumExp {

    private LogSumExp() {
    }

    /**
     * @param values log values (not modified)
     * @return {@code log sum exp values}
     */
    public static double of(double[] values) {
        return of(values, 0, 1, values.length);
    }

    /**
     * @param values log values (not modified)
     * @param offset index of the first value
     * @param stride step between values
     * @param count  number of values
     * @return {@code log sum_{j < count} exp(values[offset + j * stride])}
     */
    public static double of(double[] values, int offset, int stride, int count) {
        double m = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < count; j++) {
            m = Math.max(m, values[offset + j * stride]);
        }
        if (m == Double.NEGATIVE_INFINITY) {
            return m;
        }
        double s = 0;
        for (int j = 0; j < count; j++) {
            s += Math.exp(values[offset + j * stride] - m);
        }
        return m + Math.log(s);
    }
}
