package org.nrws.model.kernels;

import org.nrws.host.Scratch;
import org.nrws.host.HostMatrix;
import org.nrws.host.Precision;
import org.nrws.random.RandomSource;

/**
 * The element-wise formulas of a sigmoid layer (docs/math.md sections 1-3), each fused into one pass over
 * a range of rows [r0, r1) of row-major blocks. The pre-activations {@code a = u . theta_i} arrive
 * from one GEMM in the block {@code act}, which the passes overwrite with the unit probabilities
 * {@code sigma(a)}. States are stored as 1 (on) or {@code off} (0, or -1 for {@code Units}
 * in {-1,+1}); a stored value above 0 is on. A [R, 1] {@code logSum} block receives the per-row sums of the Bernoulli
 * log-probabilities (assigned for the first layer of a sum, added for the others). Floats are
 * computed in double and rounded when stored. Ranges of different threads must not overlap.
 *
 * <p>The formulas, in one place:
 * <ul>
 *   <li>{@link #sigmoid(double)}: {@code sigma(a) = 1 / (1 + exp(-a))};</li>
 *   <li>{@link #clip(double, double)}: probabilities clipped to [clip, 1 - clip] before logarithms and
 *       in the Fisher's curvatures;</li>
 *   <li>{@link #logBernoulli(boolean, double, double)}: {@code y log pi + (1 - y) log(1 - pi)} on
 *       the clipped pi;</li>
 *   <li>{@link #bernoulli(double, double)}: the draw {@code y = [u < pi]} with the clipped pi (sample
 *       what is scored);</li>
 *   <li>{@link #delta}: the gradient's {@code r_n (y - sigma(a))};</li>
 *   <li>{@link #curvature}: the Fisher's {@code w pi (1 - pi)} on the clipped pi.</li>
 * </ul>
 */
public final class SigmoidKernels {

    private SigmoidKernels() {
    }

    /**
     * @param a a pre-activation
     * @return {@code 1 / (1 + exp(-a))}
     */
    public static double sigmoid(double a) {
        return 1.0 / (1.0 + Math.exp(-a));
    }

    /**
     * @param p    a probability
     * @param clip the bound in [0, 0.5)
     * @return p clipped to [clip, 1 - clip] (p itself when clip is 0)
     */
    public static double clip(double p, double clip) {
        return clip == 0.0 ? p : Math.min(Math.max(p, clip), 1.0 - clip);
    }

    /**
     * @param y    the state
     * @param p    the unclipped probability of state 1
     * @param clip the clipping bound
     * @return {@code log pi} if y else {@code log(1 - pi)}, with {@code pi = clip(p)}
     */
    public static double logBernoulli(boolean y, double p, double clip) {
        double pc = clip(p, clip);
        return y ? Math.log(pc) : Math.log(1.0 - pc);
    }

    /**
     * {@link #logBernoulli} for one clipping bound, with the logarithms of the clipped values
     * precomputed: a saturated unit (pi at a bound) costs no logarithm. The values are exactly those
     * of {@code logBernoulli}.
     */
    static final class ClippedLog {
        private final double clip;
        private final double low1;
        private final double low0;
        private final double high1;
        private final double high0;

        ClippedLog(double clip) {
            this.clip = clip;
            this.low1 = logBernoulli(true, clip, clip);
            this.low0 = logBernoulli(false, clip, clip);
            this.high1 = logBernoulli(true, 1.0 - clip, clip);
            this.high0 = logBernoulli(false, 1.0 - clip, clip);
        }

        double of(boolean y, double p) {
            if (clip > 0) {
                if (p <= clip) {
                    return y ? low1 : low0;
                }
                if (p >= 1.0 - clip) {
                    return y ? high1 : high0;
                }
            }
            return y ? Math.log(p) : Math.log(1.0 - p);
        }
    }

    /**
     * The Bernoulli draw from the clipped probability: the distribution that the log-probabilities
     * score, so that importance weights are ratios of the distributions actually sampled.
     *
     * @param u  a uniform in [0, 1), rounded to the layer's precision
     * @param pc the clipped probability {@link #clip(double, double)}, in the layer's precision
     * @return the state
     */
    public static boolean bernoulli(double u, double pc) {
        return u < pc;
    }

    /**
     * {@code pi = sigma(a)} in place.
     *
     * @param act the pre-activations (modified: the probabilities)
     * @param r0  first row
     * @param r1  one past the last row
     * @return the lowest unit whose probability is NaN, or -1
     */
    public static int sigmoid(HostMatrix act, int r0, int r1) {
        int m = act.cols();
        double[] a = Scratch.row(0, m);
        int nan = Integer.MAX_VALUE;
        for (int r = r0; r < r1; r++) {
            act.getRow(r, a);
            for (int j = 0; j < m; j++) {
                double p = sigmoid(a[j]);
                a[j] = p;
                if (p != p) {
                    nan = Math.min(nan, j);
                }
            }
            act.setRow(r, a);
        }
        return nan == Integer.MAX_VALUE ? -1 : nan;
    }

    /**
     * Samples a layer: {@code pi = sigma(a)} in place, {@code y ~ Bernoulli(pi)} into the states,
     * and the log-probability of the drawn states into {@code logSum}.
     *
     * @param act        the pre-activations (modified: the probabilities)
     * @param states     the [R, m] states, possibly a column block of a wider buffer (modified)
     * @param r0         first row
     * @param r1         one past the last row
     * @param draws      the uniforms
     * @param layer      the index of this layer in {@code draws}
     * @param clip       the clipping bound of the logarithms
     * @param logSum     [R, 1] row sums (modified), or null
     * @param accumulate add to {@code logSum} (true) or assign it (false)
     * @param off        the stored value of an off unit (0, or -1)
     * @return the lowest unit whose probability is NaN, or -1
     */
    public static int sample(HostMatrix act, HostMatrix states, int r0, int r1, Draws draws, int layer, double clip,
                             HostMatrix logSum, boolean accumulate, double off) {
        int m = act.cols();
        boolean f32 = act.precision() == Precision.F32;
        double[] a = Scratch.row(0, m);
        double[] y = Scratch.row(1, m);
        ClippedLog log = new ClippedLog(clip);
        int nan = Integer.MAX_VALUE;
        for (int r = r0; r < r1; r++) {
            RandomSource rng = draws.source(r);
            long base = draws.base(layer, r);
            act.getRow(r, a);
            double lp = 0;
            for (int j = 0; j < m; j++) {
                double p = stored(sigmoid(a[j]), f32);        // as stored: the draw compares float with float
                a[j] = p;
                if (p != p) {
                    nan = Math.min(nan, j);
                }
                double u = rng.uniformAt(base + j);
                double pc = clip(p, clip);
                boolean on = f32 ? bernoulli((float) u, (float) pc) : bernoulli(u, pc);
                y[j] = on ? 1.0 : off;
                lp += log.of(on, p);
            }
            act.setRow(r, a);
            states.setRow(r, y);
            store(logSum, r, lp, accumulate);
        }
        return nan == Integer.MAX_VALUE ? -1 : nan;
    }

    /**
     * Scores given states: {@code pi = sigma(a)} in place and the log-probability of the states
     * into {@code logSum}.
     *
     * @param act        the pre-activations (modified: the probabilities)
     * @param states     the [R, m] 0/1 states (not modified)
     * @param r0         first row
     * @param r1         one past the last row
     * @param clip       the clipping bound
     * @param logSum     [R, 1] row sums (modified)
     * @param accumulate add (true) or assign (false)
     * @return the lowest unit whose probability is NaN, or -1
     */
    public static int score(HostMatrix act, HostMatrix states, int r0, int r1, double clip, HostMatrix logSum,
                            boolean accumulate) {
        int m = act.cols();
        boolean f32 = act.precision() == Precision.F32;
        double[] a = Scratch.row(0, m);
        double[] y = Scratch.row(1, m);
        ClippedLog log = new ClippedLog(clip);
        int nan = Integer.MAX_VALUE;
        for (int r = r0; r < r1; r++) {
            act.getRow(r, a);
            states.getRow(r, y);
            double lp = 0;
            for (int j = 0; j < m; j++) {
                double p = stored(sigmoid(a[j]), f32);
                a[j] = p;
                if (p != p) {
                    nan = Math.min(nan, j);
                }
                lp += log.of(y[j] > 0, p);
            }
            act.setRow(r, a);
            store(logSum, r, lp, accumulate);
        }
        return nan == Integer.MAX_VALUE ? -1 : nan;
    }

    /**
     * Sets every row of {@code act} to the bias row (the pre-activations of a bias-only prior).
     *
     * @param bias [1, m] biases (not modified)
     * @param act  [R, m] (modified)
     * @param r0   first row
     * @param r1   one past the last row
     */
    public static void broadcastRow(HostMatrix bias, HostMatrix act, int r0, int r1) {
        double[] b = Scratch.row(0, act.cols());
        bias.getRow(0, b);
        for (int r = r0; r < r1; r++) {
            act.setRow(r, b);
        }
    }

    /**
     * The deltas of a weighted log-likelihood gradient: {@code delta_{r,i} = w_r (y_{r,i} - pi_{r,i})}.
     * The gradient is then one GEMM, {@code U^T delta}.
     *
     * @param states  [R, m] states (not modified)
     * @param probs   [R, m] unclipped probabilities (not modified)
     * @param weights per-row weights w, indexed by row, or null for all {@code uniformWeight}
     * @param uniformWeight the weight of every row when {@code weights} is null
     * @param delta   [R, m] output (modified)
     * @param r0      first row
     * @param r1      one past the last row
     */
    public static void delta(HostMatrix states, HostMatrix probs, double[] weights, double uniformWeight,
                             HostMatrix delta, int r0, int r1) {
        int m = probs.cols();
        double[] y = Scratch.row(1, m);
        double[] p = Scratch.row(2, m);
        for (int r = r0; r < r1; r++) {
            double w = weights == null ? uniformWeight : weights[r];
            states.getRow(r, y);
            probs.getRow(r, p);
            for (int j = 0; j < m; j++) {
                p[j] = ((y[j] > 0 ? 1.0 : 0.0) - p[j]) * w;      // y in {0,1} whatever the stored convention
            }
            delta.setRow(r, p);
        }
    }

    /**
     * The weighted curvatures of the Fisher blocks (docs/math.md section 3.3):
     * {@code c_{r,i} = w pi (1 - pi)} with {@code pi} the clipped probability. A probability that is
     * not finite is never clipped into range: the kernel reports its column instead.
     *
     * @param probs  [R, m] unclipped probabilities (not modified)
     * @param r0     first row
     * @param r1     one past the last row
     * @param clip   the clipping bound
     * @param weight the row weight w (1/N, or a multiplicity over N)
     * @param out    [R, m] curvatures, any precision (modified)
     * @return the lowest column holding a probability that is not finite or not in [0, 1], or -1
     */
    public static int curvature(HostMatrix probs, int r0, int r1, double clip, double weight, HostMatrix out) {
        int m = probs.cols();
        double[] p = Scratch.row(2, m);
        int bad = Integer.MAX_VALUE;
        for (int r = r0; r < r1; r++) {
            probs.getRow(r, p);
            for (int j = 0; j < m; j++) {
                double v = p[j];
                if (!(v >= 0 && v <= 1)) {
                    bad = Math.min(bad, j);
                }
                double pc = clip(v, clip);
                p[j] = weight * (pc * (1.0 - pc));
            }
            out.setRow(r, p);
        }
        return bad == Integer.MAX_VALUE ? -1 : bad;
    }

    /** @return v as a block of the given precision stores it */
    private static double stored(double v, boolean f32) {
        return f32 ? (float) v : v;
    }

    private static void store(HostMatrix logSum, int r, double lp, boolean accumulate) {
        if (logSum != null) {
            int i = r * logSum.ld();
            logSum.set(i, accumulate ? logSum.get(i) + lp : lp);
        }
    }
}
