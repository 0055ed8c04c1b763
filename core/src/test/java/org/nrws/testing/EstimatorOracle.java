package org.nrws.testing;

import org.nrws.eval.ExactEnumeration;
import org.nrws.model.HelmholtzMachine;

/**
 * The exact mean and variance, over the sampling distribution, of each estimator's gradient of
 * one minibatch (docs/math.md section 2), by enumerating every K-tuple of latent states for each data
 * point and every joint state for the dreams. The sampling distribution is the one the engine
 * samples: the clipped q for the wake samples, the clipped p for the dreams. Gradients use the
 * unclipped sigma(a), as the estimators do.
 *
 * <p>Layout: one flat vector per estimate, the p layers' [d][m] entries (layers 0..L, row-major)
 * then the q layers'.
 */
public final class EstimatorOracle {

    /** Which estimator. */
    public enum Kind {
        /** Wake-Sleep: uniform wake weights for p; sleep gradient for q. */
        WS,
        /** Reweighted Wake-Sleep with the 1/K baseline and the given wake/sleep mix. */
        RWS,
        /** BiHM: square-root weights, baseline, no sleep. */
        BIHM
    }

    private final HelmholtzMachine machine;
    private final ExactEnumeration ex;
    private final int[] sizes;
    private final int size;

    /** @param machine a tiny machine (K-tuples of its latent states are enumerated) */
    public EstimatorOracle(HelmholtzMachine machine) {
        this.machine = machine;
        this.ex = new ExactEnumeration(machine);
        this.sizes = machine.sizes();
        int s = 0;
        for (int l = 0; l < sizes.length; l++) {
            int nIn = l == sizes.length - 1 ? 0 : sizes[l + 1];
            s += (nIn + 1) * sizes[l];
        }
        for (int l = 0; l < sizes.length - 1; l++) {
            s += (sizes[l] + 1) * sizes[l + 1];
        }
        this.size = s;
    }

    /** @return the length of the flat gradient vector */
    public int size() {
        return size;
    }

    /**
     * @param kind        the estimator
     * @param data        B data points (0/1 rows)
     * @param k           K samples per point
     * @param wakeWeight  RWS's weight of q's wake part
     * @param sleepWeight the weight of q's sleep part (RWS; WS uses 1)
     * @param baseline    subtract 1/K from the normalised weights in q's wake part
     * @return {mean, variance} of the flat gradient of the minibatch
     */
    public double[][] moments(Kind kind, double[][] data, int k, double wakeWeight, double sleepWeight, boolean baseline) {
        double[] mean = new double[size];
        double[] var = new double[size];
        int b = data.length;
        int states = ex.latentStates();
        for (double[] x : data) {
            double[] m1 = new double[size];
            double[] m2 = new double[size];
            double[] lp = new double[states];
            double[] lq = new double[states];
            double[][] gp = new double[states][];
            double[][] gq = new double[states][];
            for (int h = 0; h < states; h++) {
                double[][] st = ex.states(x, h);
                lp[h] = ex.logJoint(st);
                lq[h] = ex.logRecognition(st);
                gp[h] = gradient(st, true);
                gq[h] = gradient(st, false);
            }
            int[] tuple = new int[k];
            double[] g = new double[size];
            long count = (long) Math.pow(states, k);
            for (long t = 0; t < count; t++) {
                long rest = t;
                double logProb = 0;
                for (int j = 0; j < k; j++) {
                    tuple[j] = (int) (rest % states);
                    rest /= states;
                    logProb += lq[tuple[j]];
                }
                double prob = Math.exp(logProb);
                double[] w = weights(kind, tuple, lp, lq);
                java.util.Arrays.fill(g, 0);
                for (int j = 0; j < k; j++) {
                    double wp = kind == Kind.WS ? 1.0 / k : w[j];
                    double wq = kind == Kind.WS ? 0 : (kind == Kind.RWS ? wakeWeight : 1.0) * (w[j] - (baseline ? 1.0 / k : 0));
                    add(g, gp[tuple[j]], wp / b);
                    add(g, gq[tuple[j]], wq / b);
                }
                for (int i = 0; i < size; i++) {
                    m1[i] += prob * g[i];
                    m2[i] += prob * g[i] * g[i];
                }
            }
            for (int i = 0; i < size; i++) {
                mean[i] += m1[i];
                var[i] += m2[i] - m1[i] * m1[i];
            }
        }
        double sw = kind == Kind.WS ? 1.0 : kind == Kind.RWS ? sleepWeight : 0.0;
        if (sw > 0) {
            // the sleep part: the mean of N = B*K independent dreams' grad log q, times the weight
            ExactEnumeration.WeightedStates joint = ex.jointStates();
            double[] m1 = new double[size];
            double[] m2 = new double[size];
            for (int r = 0; r < joint.rows(); r++) {
                double[][] st = new double[sizes.length][];
                for (int l = 0; l < sizes.length; l++) {
                    st[l] = joint.states()[l][r];
                }
                double[] g = gradient(st, false);
                for (int i = 0; i < size; i++) {
                    m1[i] += joint.weights()[r] * g[i];
                    m2[i] += joint.weights()[r] * g[i] * g[i];
                }
            }
            int n = b * k;
            for (int i = 0; i < size; i++) {
                mean[i] += sw * m1[i];
                var[i] += sw * sw * (m2[i] - m1[i] * m1[i]) / n;
            }
        }
        return new double[][] {mean, var};
    }

    private static double[] weights(Kind kind, int[] tuple, double[] lp, double[] lq) {
        double[] lw = new double[tuple.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < tuple.length; j++) {
            lw[j] = (lp[tuple[j]] - lq[tuple[j]]) * (kind == Kind.BIHM ? 0.5 : 1.0);
            max = Math.max(max, lw[j]);
        }
        double s = 0;
        for (int j = 0; j < lw.length; j++) {
            lw[j] = Math.exp(lw[j] - max);
            s += lw[j];
        }
        for (int j = 0; j < lw.length; j++) {
            lw[j] /= s;
        }
        return lw;
    }

    private static void add(double[] g, double[] v, double scale) {
        if (scale != 0) {
            for (int i = 0; i < g.length; i++) {
                g[i] += scale * v[i];
            }
        }
    }

    /**
     * The flat gradient of log p(x,h) (generative) or of log q(h|x) (recognition) of one joint
     * state, with zeros in the other network's entries: per unit {@code (y - sigma(a)) u}.
     */
    private double[] gradient(double[][] st, boolean generative) {
        double[] g = new double[size];
        int depth = sizes.length - 1;
        int at = 0;
        for (int l = 0; l <= depth; l++) {
            double[][] th = ex.pTheta(l);
            double[] u = l == depth ? new double[0] : ex.encoded(st[l + 1]);
            if (generative) {
                unit(th, u, st[l], g, at);
            }
            at += th.length * th[0].length;
        }
        for (int l = 0; l < depth; l++) {
            double[][] th = ex.qTheta(l);
            if (!generative) {
                unit(th, ex.encoded(st[l]), st[l + 1], g, at);
            }
            at += th.length * th[0].length;
        }
        return g;
    }

    private static void unit(double[][] theta, double[] u, double[] y, double[] g, int at) {
        int d = theta.length;
        int m = theta[0].length;
        for (int i = 0; i < m; i++) {
            double a = theta[d - 1][i];
            for (int j = 0; j < d - 1; j++) {
                a += u[j] * theta[j][i];
            }
            double delta = y[i] - 1.0 / (1.0 + Math.exp(-a));
            for (int j = 0; j < d - 1; j++) {
                g[at + j * m + i] += delta * u[j];
            }
            g[at + (d - 1) * m + i] += delta;
        }
    }

    /** @return the machine */
    public HelmholtzMachine machine() {
        return machine;
    }
}
