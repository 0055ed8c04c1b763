package org.nrws.estimator;

/**
 * Options shared by the estimators.
 *
 * @param samples       K, importance samples per data point (&ge; 1)
 * @param baseline      subtract the 1/K baseline from the normalised weights in wake-q gradients
 * @param wakeWeight    weight of the wake part of q's gradient (RWS; default 0.5, docs/math.md section 2.5)
 * @param sleepWeight   weight of the sleep part of q's gradient (WS, RWS; default 0.5, docs/math.md section 2.5)
 * @param sleepInterval the sleep phase of q runs on updates whose number is a multiple of this
 *                      (&ge; 1). On the other updates q's direction is the wake part alone.
 */
public record EstimatorOptions(int samples, boolean baseline, double wakeWeight, double sleepWeight,
                               int sleepInterval) {

    /** Validates. */
    public EstimatorOptions {
        if (samples < 1) {
            throw new IllegalArgumentException("K (samples per data point) must be >= 1, got " + samples);
        }
        if (!(wakeWeight >= 0) || !(sleepWeight >= 0) || Double.isInfinite(wakeWeight) || Double.isInfinite(sleepWeight)) {
            throw new IllegalArgumentException("wake/sleep mixing weights must be finite and >= 0, got "
                    + wakeWeight + ", " + sleepWeight);
        }
        if (sleepInterval < 1) {
            throw new IllegalArgumentException("sleep interval must be >= 1, got " + sleepInterval);
        }
    }

    /**
     * The defaults of docs/math.md section 2.5: baseline on, 0.5/0.5 mix, sleep every update.
     *
     * @param samples K
     * @return the options
     */
    public static EstimatorOptions defaults(int samples) {
        return new EstimatorOptions(samples, true, 0.5, 0.5, 1);
    }

    /**
     * @param k the new K
     * @return a copy with K replaced
     */
    public EstimatorOptions withSamples(int k) {
        return new EstimatorOptions(k, baseline, wakeWeight, sleepWeight, sleepInterval);
    }
}
