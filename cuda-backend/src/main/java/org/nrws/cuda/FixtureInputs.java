package org.nrws.cuda;

import java.util.SplittableRandom;

/**
 * The inputs of one layer's solve in the compact form the fixtures store, and the exact doubles
 * the solvers receive, computed the same way (pure Java) on the machine that writes a fixture and
 * on the GPU host that checks it.
 *
 * <ul>
 *   <li>U [N, d]: binary, as every layer's input is (data or stochastic units), last column ones
 *       (the bias); stored as one bit per element.</li>
 *   <li>The unit probabilities as bytes q: {@code pi = (q + 0.5) / 256}; the curvatures are
 *       {@code c_{n,i} = pi (1 - pi) / N} (row weights 1/N); the curvatures of the unit
 *       {@code negated} (if &ge; 0) are negated, which makes its system indefinite: the
 *       not-positive-definite case.</li>
 *   <li>The gradient [d, m]: float32 values (widened to double).</li>
 * </ul>
 *
 * @param n        N
 * @param d        d
 * @param m        m
 * @param bits     U, row-major, bit {@code r d + j} of the array (big-endian within a byte)
 * @param probs    the probability bytes, row-major [N, m]
 * @param gradient the gradient, row-major [d, m]
 * @param negated  the unit whose curvatures are negated, or -1
 */
public record FixtureInputs(int n, int d, int m, byte[] bits, byte[] probs, float[] gradient, int negated) {

    /** Checks the sizes. */
    public FixtureInputs {
        if (n < 1 || d < 1 || m < 1) {
            throw new IllegalArgumentException("fixture shape N=" + n + ", d=" + d + ", m=" + m + " must be positive");
        }
        if (bits.length != bitBytes(n, d) || probs.length != (long) n * m || gradient.length != (long) d * m) {
            throw new IllegalArgumentException("fixture arrays do not match N=" + n + ", d=" + d + ", m=" + m);
        }
        if (negated < -1 || negated >= m) {
            throw new IllegalArgumentException("negated unit " + negated + " is not in [-1, " + m + ")");
        }
    }

    /**
     * @param n N
     * @param d d
     * @return the bytes of N x d bits
     */
    public static int bitBytes(int n, int d) {
        long b = ((long) n * d + 7) / 8;
        if (b > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("fixture too large: N=" + n + ", d=" + d);
        }
        return (int) b;
    }

    /**
     * Deterministic inputs: the same seed and shape give the same arrays on every JVM.
     *
     * @param seed    the seed
     * @param n       N
     * @param d       d (the last column is the bias, all ones)
     * @param m       m
     * @param density the probability of a one in the other columns
     * @param negated the unit to negate, or -1
     * @return the inputs
     */
    public static FixtureInputs generate(long seed, int n, int d, int m, double density, int negated) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] bits = new byte[bitBytes(n, d)];
        for (int a = 0; a < n; a++) {
            for (int j = 0; j < d; j++) {
                if (j == d - 1 || r.nextDouble() < density) {
                    long k = (long) a * d + j;
                    bits[(int) (k >>> 3)] |= (byte) (0x80 >>> (k & 7));
                }
            }
        }
        byte[] probs = new byte[n * m];
        for (int k = 0; k < probs.length; k++) {
            probs[k] = (byte) r.nextInt(256);
        }
        float[] g = new float[d * m];
        for (int k = 0; k < g.length; k++) {
            g[k] = (float) (r.nextDouble() * 2 - 1) * 1e-2f;
        }
        return new FixtureInputs(n, d, m, bits, probs, g, negated);
    }

    /** @return U [N, d] row-major */
    public double[] inputs() {
        double[] u = new double[n * d];
        for (long k = 0; k < u.length; k++) {
            u[(int) k] = (bits[(int) (k >>> 3)] & (0x80 >>> (k & 7))) != 0 ? 1.0 : 0.0;
        }
        return u;
    }

    /** @return C [N, m] row-major: {@code pi (1 - pi) / N}, negated for unit {@link #negated} */
    public double[] curvatures() {
        double[] c = new double[n * m];
        double w = 1.0 / n;
        for (int a = 0; a < n; a++) {
            for (int i = 0; i < m; i++) {
                double p = ((probs[a * m + i] & 0xff) + 0.5) / 256.0;
                double v = w * p * (1 - p);
                c[a * m + i] = i == negated ? -v : v;
            }
        }
        return c;
    }

    /** @return the gradient [d, m] row-major */
    public double[] gradients() {
        double[] g = new double[gradient.length];
        for (int k = 0; k < g.length; k++) {
            g[k] = gradient[k];
        }
        return g;
    }
}
