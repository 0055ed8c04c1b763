package org.nrws.eval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.Units;


/**
 * Exact oracles for tiny Helmholtz machines, by enumerating every latent state (and, where
 * needed, every visible state) in plain Java double arithmetic, independently of the ND4J code
 * paths. Probabilities are clipped before logarithms exactly as the model does; gradients use the
 * unclipped {@code sigma(a)}, as the estimators do.
 *
 * <p>States are indexed by integers: visible pixel j is bit j of the visible index; the latent
 * index concatenates layers 1..L, layer 1 in the lowest bits.
 */
public final class ExactEnumeration {

    /** The largest number of latent units enumerated (2^24 states). */
    public static final int MAX_LATENT_UNITS = 24;

    /** The largest number of visible plus latent units {@link #jointStates()} enumerates. */
    public static final int MAX_JOINT_UNITS = 24;

    private final int[] sizes;
    private final double[][][] p;   // p[l][d][m]
    private final double[][][] q;   // q[l][d][m]
    private final double clip;
    private final int latentBits;
    private final Units units;

    /**
     * Copies the machine's parameters.
     *
     * @param machine a machine with at most {@link #MAX_LATENT_UNITS} latent units
     */
    public ExactEnumeration(HelmholtzMachine machine) {
        this.sizes = machine.sizes();
        int bits = 0;
        for (int l = 1; l < sizes.length; l++) {
            bits += sizes[l];
        }
        if (bits > MAX_LATENT_UNITS) {
            throw new IllegalArgumentException("exact enumeration supports at most " + MAX_LATENT_UNITS
                    + " latent units, the machine has " + bits);
        }
        this.latentBits = bits;
        this.clip = machine.clip();
        this.units = machine.units();
        int L = sizes.length - 1;
        p = new double[L + 1][][];
        q = new double[L][][];
        for (int l = 0; l <= L; l++) {
            p[l] = machine.p().layer(l).theta().castTo(DataType.DOUBLE).toDoubleMatrix();
        }
        for (int l = 0; l < L; l++) {
            q[l] = machine.q().layer(l).theta().castTo(DataType.DOUBLE).toDoubleMatrix();
        }
    }

    /**
     * @param bits 0/1 states
     * @return the values that reach the next layer's weights ({@link Units}): the
     *     array itself for {0,1} units, a {-1,+1} copy otherwise
     */
    public double[] encoded(double[] bits) {
        if (units == Units.ZERO_ONE) {
            return bits;
        }
        double[] out = new double[bits.length];
        for (int i = 0; i < bits.length; i++) {
            out[i] = units.encode(bits[i]);
        }
        return out;
    }

    private double[][] encoded(double[][] rows) {
        if (units == Units.ZERO_ONE) {
            return rows;
        }
        double[][] out = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            out[r] = encoded(rows[r]);
        }
        return out;
    }

    /** @return the number of latent states 2^(n1 + ... + nL) */
    public int latentStates() {
        return 1 << latentBits;
    }

    /**
     * Unpacks a latent index into the layers' states.
     *
     * @param x visible states (becomes layer 0)
     * @param h latent index
     * @return states[l][i] for l = 0..L
     */
    public double[][] states(double[] x, int h) {
        int L = sizes.length - 1;
        double[][] s = new double[L + 1][];
        s[0] = x;
        int bit = 0;
        for (int l = 1; l <= L; l++) {
            s[l] = new double[sizes[l]];
            for (int i = 0; i < sizes[l]; i++) {
                s[l][i] = (h >>> bit++) & 1;
            }
        }
        return s;
    }

    /**
     * @param n0    number of visible units
     * @param index visible index
     * @return the visible vector whose pixel j is bit j of index
     */
    public static double[] visible(int n0, int index) {
        double[] x = new double[n0];
        for (int j = 0; j < n0; j++) {
            x[j] = (index >>> j) & 1;
        }
        return x;
    }

    /** @return sigma(a) */
    static double sigmoid(double a) {
        return 1.0 / (1.0 + Math.exp(-a));
    }

    /**
     * Unclipped probabilities of a layer's units.
     *
     * @param theta [d][m] parameters
     * @param u     parent states (length d - 1)
     * @return the m probabilities
     */
    static double[] probabilities(double[][] theta, double[] u) {
        int d = theta.length;
        int m = theta[0].length;
        double[] pr = new double[m];
        for (int i = 0; i < m; i++) {
            double a = theta[d - 1][i];
            for (int j = 0; j < d - 1; j++) {
                a += u[j] * theta[j][i];
            }
            pr[i] = sigmoid(a);
        }
        return pr;
    }

    private double logBernoulli(double[] y, double[] pr) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            double pc = Math.min(Math.max(pr[i], clip), 1 - clip);
            s += y[i] == 1 ? Math.log(pc) : Math.log(1 - pc);
        }
        return s;
    }

    /**
     * @param s states of every layer
     * @return log p(x, h)
     */
    public double logJoint(double[][] s) {
        int L = sizes.length - 1;
        double lp = logBernoulli(s[L], probabilities(p[L], new double[0]));
        for (int l = 0; l < L; l++) {
            lp += logBernoulli(s[l], probabilities(p[l], encoded(s[l + 1])));
        }
        return lp;
    }

    /**
     * @param s states of every layer
     * @return log q(h | x)
     */
    public double logRecognition(double[][] s) {
        int L = sizes.length - 1;
        double lq = 0;
        for (int l = 0; l < L; l++) {
            lq += logBernoulli(s[l + 1], probabilities(q[l], encoded(s[l])));
        }
        return lq;
    }

    /**
     * @param x visible vector
     * @return log p(x,h) for every latent index h
     */
    public double[] logJointAll(double[] x) {
        double[] a = new double[latentStates()];
        for (int h = 0; h < a.length; h++) {
            a[h] = logJoint(states(x, h));
        }
        return a;
    }

    /**
     * @param x visible vector
     * @return the exact log p(x) = logsumexp_h log p(x, h)
     */
    public double logMarginal(double[] x) {
        return logSumExp(logJointAll(x));
    }

    /**
     * @return log p(x) for every visible index (requires n0 &le; 20)
     */
    public double[] logMarginalAll() {
        int n0 = sizes[0];
        if (n0 > 20) {
            throw new IllegalArgumentException("enumerating every visible state needs n0 <= 20, got " + n0);
        }
        double[] a = new double[1 << n0];
        for (int v = 0; v < a.length; v++) {
            a[v] = logMarginal(visible(n0, v));
        }
        return a;
    }

    /**
     * The exact KL(data || model) = sum_x pd(x) (log pd(x) - log p(x)).
     *
     * @param dataDistribution probabilities of every visible index
     * @return the divergence in nats
     */
    public double klFromData(double[] dataDistribution) {
        double[] lp = logMarginalAll();
        if (dataDistribution.length != lp.length) {
            throw new IllegalArgumentException("data distribution has " + dataDistribution.length + " states, expected " + lp.length);
        }
        double kl = 0;
        for (int v = 0; v < lp.length; v++) {
            if (dataDistribution[v] > 0) {
                kl += dataDistribution[v] * (Math.log(dataDistribution[v]) - lp[v]);
            }
        }
        return kl;
    }

    /**
     * The exact gradient of log p(x) with respect to the p parameters:
     * {@code sum_h p(h|x) sum_l (y_l - sigma(a_l)) u_l^T}.
     *
     * @param x visible vector
     * @return per p layer l = 0..L, a [d][m] gradient
     */
    public double[][][] gradientLogMarginal(double[] x) {
        int L = sizes.length - 1;
        double[] lj = logJointAll(x);
        double lpx = logSumExp(lj);
        double[][][] g = new double[L + 1][][];
        for (int l = 0; l <= L; l++) {
            g[l] = new double[p[l].length][p[l][0].length];
        }
        for (int h = 0; h < lj.length; h++) {
            double post = Math.exp(lj[h] - lpx);
            double[][] s = states(x, h);
            for (int l = 0; l <= L; l++) {
                double[] u = l == L ? new double[0] : encoded(s[l + 1]);
                double[] pr = probabilities(p[l], u);
                for (int i = 0; i < pr.length; i++) {
                    double delta = post * (s[l][i] - pr[i]);
                    for (int j = 0; j < u.length; j++) {
                        g[l][j][i] += delta * u[j];
                    }
                    g[l][u.length][i] += delta;
                }
            }
        }
        return g;
    }

    /**
     * The exact log p~*(x) = 2 log sum_h sqrt(p(x,h) q(h|x)) of the BiHM geometric-mean model.
     *
     * @param x visible vector
     * @return log p~*(x)
     */
    public double logPTilde(double[] x) {
        double[] a = new double[latentStates()];
        for (int h = 0; h < a.length; h++) {
            double[][] s = states(x, h);
            a[h] = 0.5 * (logJoint(s) + logRecognition(s));
        }
        return 2 * logSumExp(a);
    }

    /**
     * The exact 2 log Z of the BiHM model: Z^2 = sum_x p~*(x) (requires n0 &le; 20).
     *
     * @return 2 log Z
     */
    public double twoLogZ() {
        int n0 = sizes[0];
        if (n0 > 20) {
            throw new IllegalArgumentException("enumerating every visible state needs n0 <= 20, got " + n0);
        }
        double[] a = new double[1 << n0];
        for (int v = 0; v < a.length; v++) {
            a[v] = logPTilde(visible(n0, v));
        }
        return logSumExp(a);
    }

    /**
     * @param a log values
     * @return log sum exp a
     */
    public static double logSumExp(double[] a) {
        // the oracle's own, independent of the engine's LogSumExp that the estimators use
        double m = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            m = Math.max(m, v);
        }
        if (m == Double.NEGATIVE_INFINITY) {
            return m;
        }
        double s = 0;
        for (double v : a) {
            s += Math.exp(v - m);
        }
        return m + Math.log(s);
    }

    /**
     * A set of enumerated states with weights: an "exact sample" whose weighted averages are exact
     * expectations.
     *
     * @param states  states[l][row] is the state vector of layer l (l = 0 visible .. L) in that row
     * @param weights the weight of every row (they sum to one)
     */
    public record WeightedStates(double[][][] states, double[] weights) {

        /** @return the number of rows */
        public int rows() {
            return weights.length;
        }
    }

    /**
     * Every joint state (x, h) with its probability p(x, h) (the clipped Bernoulli model whose
     * log-probability is {@link #logJoint}; it is normalised).
     *
     * @return 2^(n0 + n1 + ... + nL) rows, visible index in the high bits
     * @throws IllegalArgumentException when there are more than {@link #MAX_JOINT_UNITS} units
     */
    public WeightedStates jointStates() {
        int n0 = sizes[0];
        if (n0 + latentBits > MAX_JOINT_UNITS) {
            throw new IllegalArgumentException("enumerating every joint state needs at most " + MAX_JOINT_UNITS
                    + " units, the machine has " + (n0 + latentBits));
        }
        int hs = latentStates();
        int rows = (1 << n0) * hs;
        int L = sizes.length - 1;
        double[][][] st = new double[L + 1][rows][];
        double[] w = new double[rows];
        for (int v = 0, r = 0; v < (1 << n0); v++) {
            double[] x = visible(n0, v);
            for (int h = 0; h < hs; h++, r++) {
                double[][] s = states(x, h);
                for (int l = 0; l <= L; l++) {
                    st[l][r] = s[l];
                }
                w[r] = Math.exp(logJoint(s));
            }
        }
        return new WeightedStates(st, w);
    }

    /**
     * Every pair (x, h) with x in the support of a data distribution, weighted by
     * {@code pd(x) q(h | x)} (the clipped recognition model of {@link #logRecognition}).
     *
     * @param dataDistribution the probability of every visible index (2^n0 entries, summing to one)
     * @return one row per (x in the support, h)
     */
    public WeightedStates recognitionStates(double[] dataDistribution) {
        int n0 = sizes[0];
        if (n0 > 20 || dataDistribution.length != 1 << n0) {
            throw new IllegalArgumentException("the data distribution must have 2^n0 entries (n0 <= 20), got "
                    + dataDistribution.length + " for n0 = " + n0);
        }
        int support = 0;
        for (double pd : dataDistribution) {
            if (pd < 0 || Double.isNaN(pd)) {
                throw new IllegalArgumentException("data probabilities must be >= 0, got " + pd);
            }
            support += pd > 0 ? 1 : 0;
        }
        int hs = latentStates();
        int L = sizes.length - 1;
        double[][][] st = new double[L + 1][support * hs][];
        double[] w = new double[support * hs];
        int r = 0;
        for (int v = 0; v < dataDistribution.length; v++) {
            if (dataDistribution[v] == 0) {
                continue;
            }
            double[] x = visible(n0, v);
            for (int h = 0; h < hs; h++, r++) {
                double[][] s = states(x, h);
                for (int l = 0; l <= L; l++) {
                    st[l][r] = s[l];
                }
                w[r] = dataDistribution[v] * Math.exp(logRecognition(s));
            }
        }
        return new WeightedStates(st, w);
    }

    /**
     * The exact Fisher blocks of the generative network, {@code F_i = E_{(x,h)~p}[c_i u u^T]} with
     * {@code c_i = pi_i (1 - pi_i)} of the clipped probability and u the augmented input (docs/math.md
     * section 3), by enumeration of every joint state.
     *
     * @return per p layer l = 0..L, blocks [m][d][d] (the top prior has d = 1)
     */
    public double[][][][] pFisher() {
        WeightedStates all = jointStates();
        int L = sizes.length - 1;
        double[][][][] f = new double[L + 1][][][];
        for (int l = 0; l <= L; l++) {
            double[][] inputs = l == L ? new double[all.rows()][0] : encoded(all.states()[l + 1]);
            f[l] = fisher(p[l], inputs, all.weights(), clip);
        }
        return f;
    }

    /**
     * The exact Fisher blocks of the recognition network under a data distribution,
     * {@code F_i = E_{x~pd, h~q(.|x)}[c_i u u^T]}, by enumeration.
     *
     * @param dataDistribution the probability of every visible index
     * @return per q layer l = 0..L-1, blocks [m][d][d]
     */
    public double[][][][] qFisher(double[] dataDistribution) {
        WeightedStates all = recognitionStates(dataDistribution);
        int L = sizes.length - 1;
        double[][][][] f = new double[L][][][];
        for (int l = 0; l < L; l++) {
            f[l] = fisher(q[l], encoded(all.states()[l]), all.weights(), clip);
        }
        return f;
    }

    /**
     * The weighted Fisher blocks {@code sum_r w_r c_{r,i} u_r u_r^T} of one layer, in plain Java.
     *
     * @param theta   [d][m] parameters (bias in the last row)
     * @param inputs  [rows][d - 1] parent states
     * @param weights [rows] weights
     * @param clip    probability clipping applied before {@code c = pi (1 - pi)}
     * @return [m][d][d] blocks
     */
    public static double[][][] fisher(double[][] theta, double[][] inputs, double[] weights, double clip) {
        int d = theta.length;
        int m = theta[0].length;
        double[][][] f = new double[m][d][d];
        double[] u = new double[d];
        u[d - 1] = 1;
        for (int r = 0; r < weights.length; r++) {
            if (weights[r] == 0) {
                continue;
            }
            System.arraycopy(inputs[r], 0, u, 0, d - 1);
            double[] pr = probabilities(theta, inputs[r]);
            for (int i = 0; i < m; i++) {
                double pc = Math.min(Math.max(pr[i], clip), 1 - clip);
                double cw = weights[r] * pc * (1 - pc);
                for (int j = 0; j < d; j++) {
                    for (int k = 0; k < d; k++) {
                        f[i][j][k] += cw * u[j] * u[k];
                    }
                }
            }
        }
        return f;
    }

    /** @return the layer sizes */
    public int[] sizes() {
        return sizes.clone();
    }

    /**
     * @param l p layer index
     * @return a copy of p layer l's [d][m] parameters
     */
    public double[][] pTheta(int l) {
        return deepCopy(p[l]);
    }

    /**
     * @param l q layer index
     * @return a copy of q layer l's [d][m] parameters
     */
    public double[][] qTheta(int l) {
        return deepCopy(q[l]);
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    /** @return the clipping the oracle applies before logarithms */
    public double clip() {
        return clip;
    }
}
