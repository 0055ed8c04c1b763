package org.nrws.eval;

import java.util.Arrays;

/**
 * A numerically stable running {@code log sum_i exp(v_i)} for each of several accumulators,
 * fed in chunks; memory is independent of how many values are added. The one-pass form of
 * {@link LogSumExp} (it rounds differently, so the likelihood estimates keep it).
 */
public final class StreamingLogSumExp {

    private final double[] max;
    private final double[] sum;

    /** @param size number of independent accumulators */
    public StreamingLogSumExp(int size) {
        max = new double[size];
        sum = new double[size];
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
    }

    /**
     * Adds one value to accumulator i.
     *
     * @param i accumulator
     * @param v log value; NaN propagates to the result, it is never dropped
     */
    public void add(int i, double v) {
        if (Double.isNaN(v)) {
            max[i] = Double.NaN;
            return;
        }
        if (v == Double.NEGATIVE_INFINITY) {
            return;
        }
        if (v <= max[i]) {
            sum[i] += Math.exp(v - max[i]);
        } else {
            sum[i] = sum[i] * Math.exp(max[i] - v) + 1.0;
            max[i] = v;
        }
    }

    /**
     * @param i accumulator
     * @return log of the sum of exp of the values added (-infinity if none)
     */
    public double value(int i) {
        if (Double.isNaN(max[i])) {
            return Double.NaN;
        }
        return max[i] == Double.NEGATIVE_INFINITY ? Double.NEGATIVE_INFINITY : max[i] + Math.log(sum[i]);
    }

    /** @return the number of accumulators */
    public int size() {
        return max.length;
    }
}
