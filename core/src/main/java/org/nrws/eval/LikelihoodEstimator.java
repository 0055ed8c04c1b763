package org.nrws.eval;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.Trace;
import org.nrws.random.RandomSource;

/**
 * Importance-sampled evaluation with q as the proposal (spec section 5). Work is split into
 * chunks of at most {@link #maxRows()} sampled rows, and the per-data-point logsumexp is kept in
 * a {@link StreamingLogSumExp}, so K_eval = 10^4 and more fits in memory.
 */
public final class LikelihoodEstimator {

    /** Default number of sampled rows evaluated at once. */
    public static final int DEFAULT_MAX_ROWS = 20_000;

    private final int maxRows;

    /** An estimator with {@link #DEFAULT_MAX_ROWS}. */
    public LikelihoodEstimator() {
        this(DEFAULT_MAX_ROWS);
    }

    /** @param maxRows sampled rows per chunk (&ge; 1) */
    public LikelihoodEstimator(int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be >= 1");
        }
        this.maxRows = maxRows;
    }

    /** @return sampled rows per chunk */
    public int maxRows() {
        return maxRows;
    }

    /** Receives progress: units of work done out of the total. */
    public interface Progress {
        /**
         * @param done  rows evaluated
         * @param total rows to evaluate
         */
        void update(long done, long total);
    }

    /**
     * Estimates log p(x) for every row of {@code data}.
     *
     * @param machine the model (not modified)
     * @param data    [n, n0] binary data (not modified)
     * @param k       K_eval &ge; 1
     * @param rng     the evaluation's random stream
     * @return the estimates, ESS and BiHM log p~*
     */
    public LikelihoodResult evaluate(HelmholtzMachine machine, INDArray data, int k, RandomSource rng) {
        return evaluate(machine, data, k, rng, null);
    }

    /**
     * As {@link #evaluate(HelmholtzMachine, INDArray, int, RandomSource)}, reporting progress.
     *
     * @param machine  the model
     * @param data     the data
     * @param k        K_eval
     * @param rng      the random stream
     * @param progress called after each chunk, or null
     * @return the result
     */
    public LikelihoodResult evaluate(HelmholtzMachine machine, INDArray data, int k, RandomSource rng, Progress progress) {
        if (k < 1) {
            throw new IllegalArgumentException("K_eval must be >= 1, got " + k);
        }
        machine.validateData(data);
        int n = (int) data.rows();
        double[] ll = new double[n];
        double[] ess = new double[n];
        double[] tilde = new double[n];
        int b = Math.min(n, maxRows);
        long total = (long) n * k;
        long done = 0;
        for (int start = 0; start < n; start += b) {
            int rows = Math.min(b, n - start);
            INDArray xb = data.get(NDArrayIndex.interval(start, start + rows), NDArrayIndex.all());
            StreamingLogSumExp w = new StreamingLogSumExp(rows);
            StreamingLogSumExp w2 = new StreamingLogSumExp(rows);
            StreamingLogSumExp half = new StreamingLogSumExp(rows);
            int kc = Math.max(1, maxRows / rows);
            for (int k0 = 0; k0 < k; k0 += kc) {
                int kk = Math.min(kc, k - k0);
                Trace t = machine.wake(kk == 1 ? xb : Nd4j.tile(xb, kk, 1), rng);
                double[] lw = t.logP().sub(t.logQ()).toDoubleVector();
                for (int j = 0; j < kk; j++) {
                    for (int i = 0; i < rows; i++) {
                        double v = lw[j * rows + i];
                        w.add(i, v);
                        w2.add(i, 2 * v);
                        half.add(i, 0.5 * v);
                    }
                }
                done += (long) kk * rows;
                if (progress != null) {
                    progress.update(done, total);
                }
            }
            for (int i = 0; i < rows; i++) {
                ll[start + i] = w.value(i) - Math.log(k);
                ess[start + i] = Math.exp(2 * w.value(i) - w2.value(i));
                tilde[start + i] = 2 * (half.value(i) - Math.log(k));
            }
        }
        return new LikelihoodResult(k, mean(ll), standardError(ll), mean(ess), ll, ess, mean(tilde));
    }

    /**
     * The BiHM estimate of 2 log Z (spec section 2):
     * {@code logsumexp_n 0.5[log q(h_n|x_n) - log p(x_n,h_n) + log p(x_n,h'_n) - log q(h'_n|x_n)] - log M}
     * over M pairs with (x_n, h_n) ~ p and h'_n ~ q(.|x_n).
     *
     * @param machine the model
     * @param pairs   M &ge; 1 (the BiHM code uses 10^6)
     * @param rng     the random stream
     * @return the estimate of 2 log Z
     */
    public double twoLogZ(HelmholtzMachine machine, long pairs, RandomSource rng) {
        if (pairs < 1) {
            throw new IllegalArgumentException("the number of pairs M must be >= 1, got " + pairs);
        }
        StreamingLogSumExp acc = new StreamingLogSumExp(1);
        for (long done = 0; done < pairs; ) {
            int rows = (int) Math.min(maxRows, pairs - done);
            Trace dream = machine.dream(rows, rng);
            Trace wake = machine.wake(dream.state(0), rng);
            double[] term = dream.logQ().sub(dream.logP()).addi(wake.logP()).subi(wake.logQ()).muli(0.5).toDoubleVector();
            for (double v : term) {
                acc.add(0, v);
            }
            done += rows;
        }
        return acc.value(0) - Math.log(pairs);
    }

    static double mean(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s / a.length;
    }

    static double standardError(double[] a) {
        if (a.length < 2) {
            return Double.NaN;
        }
        double m = mean(a);
        double s = 0;
        for (double v : a) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (a.length - 1) / a.length);
    }
}
