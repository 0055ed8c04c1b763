package org.nrws.eval;

import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.host.HostMatrix;
import org.nrws.host.Nd4jHost;
import org.nrws.host.ThreadPlan;
import org.nrws.host.WorkerPool;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.StepWorkspace;
import org.nrws.model.Trace;
import org.nrws.model.kernels.Draws;
import org.nrws.random.RandomSource;

/**
 * Importance-sampled evaluation with q as the proposal (spec section 5), on the fast passes of the
 * training step, and the BiHM estimate of 2 log Z.
 *
 * <p>Work: the data points are taken in groups of a few, each with a run of its samples, so that
 * one pass holds about {@link #PASS_ROWS} rows (its buffers stay in cache) and q's first layer is
 * computed once per data point; the groups are shared by the thread plan's threads, each with a
 * workspace of its own. Each data point's log-sum-exp is streamed over its samples in order.
 *
 * <p>Draws: the uniforms follow a fixed layout, that of passes of at most {@link #maxRows()} rows
 * over chunks of data points (chunk c holds points [c b, (c+1) b) with b = min(n, maxRows); its
 * samples are drawn kc = maxRows / b at a time, layer after layer, row {@code j*rows + i} for sample
 * j of point i). Every row of every pass reads its draws at their place in that layout
 * ({@link RandomSource#uniformAt}), so the result does not depend on the grouping or the threads,
 * and it equals what the original one-chunk-at-a-time implementation drew.
 */
public final class LikelihoodEstimator {

    /** Default number of rows of one pass of the draw layout. */
    public static final int DEFAULT_MAX_ROWS = 20_000;

    /** The number of rows (data points times samples) of one evaluation pass. */
    public static final int PASS_ROWS = 512;

    private static final WorkerPool SERIAL = new WorkerPool(1);

    private final int maxRows;
    private final WorkerPool pool;

    /** An estimator with {@link #DEFAULT_MAX_ROWS} on the shared thread plan. */
    public LikelihoodEstimator() {
        this(DEFAULT_MAX_ROWS);
    }

    /** @param maxRows rows per pass of the draw layout (&ge; 1) */
    public LikelihoodEstimator(int maxRows) {
        this(maxRows, null);
    }

    /**
     * @param maxRows rows per pass of the draw layout (&ge; 1)
     * @param pool    the threads that share the data points, or null for the shared thread plan's
     */
    public LikelihoodEstimator(int maxRows, WorkerPool pool) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be >= 1");
        }
        this.maxRows = maxRows;
        this.pool = pool;
    }

    /** @return rows per pass of the draw layout */
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
     * @param rng     the evaluation's random stream (the layout starts at its position and it is
     *                advanced past all the draws of the evaluation)
     * @return the estimates, ESS and BiHM log p~*
     */
    public LikelihoodResult evaluate(HelmholtzMachine machine, INDArray data, int k, RandomSource rng) {
        return evaluate(machine, data, k, rng, null);
    }

    /**
     * As {@link #evaluate(HelmholtzMachine, INDArray, int, RandomSource)}, reporting progress (from
     * any thread, one call at a time).
     *
     * @param machine  the model
     * @param data     the data
     * @param k        K_eval
     * @param rng      the random stream
     * @param progress called after each group, or null
     * @return the result
     */
    public LikelihoodResult evaluate(HelmholtzMachine machine, INDArray data, int k, RandomSource rng, Progress progress) {
        if (k < 1) {
            throw new IllegalArgumentException("K_eval must be >= 1, got " + k);
        }
        machine.validateData(data);
        HostMatrix x = hostView(data, machine);
        int n = x.rows();
        int points = k >= PASS_ROWS ? 1 : Math.max(1, PASS_ROWS / k);
        int run = Math.min(k, PASS_ROWS);
        int groups = (n + points - 1) / points;
        double[] ll = new double[n];
        double[] ess = new double[n];
        double[] tilde = new double[n];
        Layout layout = new Layout(machine.sizes(), n, k, maxRows, rng.position());
        WorkerPool threads = pool != null ? pool : ThreadPlan.shared().pool();
        StepWorkspace[] spaces = new StepWorkspace[threads.threads()];
        AtomicLong done = new AtomicLong();
        long total = (long) n * k;
        threads.forEach(groups, (grp, t) -> {
            if (spaces[t] == null) {
                spaces[t] = new StepWorkspace(machine, points, run, 1, SERIAL);
            }
            int first = grp * points;
            int g = Math.min(points, n - first);
            evaluateGroup(machine, spaces[t], x, first, g, k, run, layout, rng, ll, ess, tilde);
            if (progress != null) {
                long d = done.addAndGet((long) g * k);
                synchronized (progress) {
                    progress.update(d, total);
                }
            }
        });
        rng.skip(layout.total());
        return new LikelihoodResult(k, mean(ll), standardError(ll), mean(ess), ll, ess, mean(tilde));
    }

    /** The data as host memory: a view when the layout allows (no copy; the passes convert the rows they read). */
    private static HostMatrix hostView(INDArray data, HelmholtzMachine machine) {
        try {
            return Nd4jHost.wrap(data);
        } catch (IllegalArgumentException e) {
            return Nd4jHost.wrap(data.castTo(machine.dataType()).dup('c'));
        }
    }

    private static void evaluateGroup(HelmholtzMachine machine, StepWorkspace ws, HostMatrix x, int first, int g, int k,
                                      int run, Layout layout, RandomSource rng, double[] ll, double[] ess, double[] tilde) {
        StreamingLogSumExp w = new StreamingLogSumExp(g);
        StreamingLogSumExp w2 = new StreamingLogSumExp(g);
        StreamingLogSumExp half = new StreamingLogSumExp(g);
        Trace t = ws.wake();
        for (int j0 = 0; j0 < k; j0 += run) {
            int kb = Math.min(run, k - j0);
            int rows = kb * g;
            HostMatrix v = t.resize(rows).hostState(0);
            v.rowBlock(0, g).copyFrom(x.rowBlock(first, first + g));
            machine.encode(v.rowBlock(0, g));
            for (int s = 1; s < kb; s++) {
                v.rowBlock(s * g, (s + 1) * g).copyFrom(v.rowBlock(0, g));
            }
            machine.wake(t, rows, g, layout.draws(rng, first, g, j0, kb));
            HostMatrix lp = t.hostLogP();
            HostMatrix lq = t.hostLogQ();
            for (int s = 0; s < kb; s++) {
                for (int i = 0; i < g; i++) {
                    int r = s * g + i;
                    double lw = lp.get(r * lp.ld()) - lq.get(r * lq.ld());
                    w.add(i, lw);
                    w2.add(i, 2 * lw);
                    half.add(i, 0.5 * lw);
                }
            }
        }
        for (int i = 0; i < g; i++) {
            ll[first + i] = w.value(i) - Math.log(k);
            ess[first + i] = Math.exp(2 * w.value(i) - w2.value(i));
            tilde[first + i] = 2 * (half.value(i) - Math.log(k));
        }
    }

    /** Where each (data point, sample, layer, unit) reads its uniform: see the class comment. */
    static final class Layout {
        private final int[] units;
        private final long[] before;   // units of the q layers before layer l
        private final long perRow;     // units of all q layers
        private final int n;
        private final int k;
        private final int maxRows;
        private final int chunk;
        private final long origin;

        Layout(int[] sizes, int n, int k, int maxRows, long origin) {
            this.origin = origin;
            int depth = sizes.length - 1;
            this.units = new int[depth];
            this.before = new long[depth];
            long acc = 0;
            for (int l = 0; l < depth; l++) {
                units[l] = sizes[l + 1];
                before[l] = acc;
                acc += units[l];
            }
            this.perRow = acc;
            this.n = n;
            this.k = k;
            this.maxRows = maxRows;
            this.chunk = Math.min(n, maxRows);
        }

        /** @return the number of draws of the whole evaluation */
        long total() {
            return (long) n * k * perRow;
        }

        /** The draws of points [first, first + g), samples [j0, j0 + kb), in rows {@code s*g + i}. */
        Draws draws(RandomSource rng, int first, int g, int j0, int kb) {
            int rows = kb * g;
            long[] passBase = new long[rows];
            long[] passRows = new long[rows];
            long[] rowInPass = new long[rows];
            for (int s = 0; s < kb; s++) {
                int j = j0 + s;
                for (int i = 0; i < g; i++) {
                    int point = first + i;
                    int start = point / chunk * chunk;
                    int inChunk = Math.min(chunk, n - start);
                    int kc = Math.max(1, maxRows / inChunk);
                    int k0 = j / kc * kc;
                    int kk = Math.min(kc, k - k0);
                    int r = s * g + i;
                    passBase[r] = origin + ((long) start * k + (long) inChunk * k0) * perRow;
                    passRows[r] = (long) kk * inChunk;
                    rowInPass[r] = (long) (j - k0) * inChunk + (point - start);
                }
            }
            return new Draws() {
                @Override
                public RandomSource source(int row) {
                    return rng;
                }

                @Override
                public long base(int layer, int row) {
                    return passBase[row] + passRows[row] * before[layer] + rowInPass[row] * units[layer];
                }
            };
        }
    }

    /**
     * The BiHM estimate of 2 log Z (spec section 2):
     * {@code logsumexp_n 0.5[log q(h_n|x_n) - log p(x_n,h_n) + log p(x_n,h'_n) - log q(h'_n|x_n)] - log M}
     * over M pairs with (x_n, h_n) ~ p and h'_n ~ q(.|x_n), drawn in passes of {@link #maxRows()} pairs
     * (dreams, then the wake pass on them, from the same stream).
     *
     * @param machine the model
     * @param pairs   M &ge; 1 (the BiHM code uses 10^6)
     * @param rng     the random stream (advanced by the draws)
     * @return the estimate of 2 log Z
     */
    public double twoLogZ(HelmholtzMachine machine, long pairs, RandomSource rng) {
        if (pairs < 1) {
            throw new IllegalArgumentException("the number of pairs M must be >= 1, got " + pairs);
        }
        int rowsMax = (int) Math.min(maxRows, pairs);
        StepWorkspace dreams = new StepWorkspace(machine, rowsMax, 1, 1, pool != null ? pool : ThreadPlan.shared().pool());
        StepWorkspace wakes = new StepWorkspace(machine, rowsMax, 1, 1, dreams.pool());
        StreamingLogSumExp acc = new StreamingLogSumExp(1);
        int[] sizes = machine.sizes();
        int[] up = java.util.Arrays.copyOfRange(sizes, 1, sizes.length);
        int[] down = new int[sizes.length];
        for (int l = 0; l < sizes.length; l++) {
            down[l] = sizes[sizes.length - 1 - l];
        }
        for (long done = 0; done < pairs; ) {
            int rows = (int) Math.min(rowsMax, pairs - done);
            Draws.Sequential dd = Draws.sequential(rng, rows, down);
            Trace dream = dreams.wake().resize(rows);
            machine.dream(dream, rows, dd);
            rng.skip(dd.total());
            Trace wake = wakes.wake().resize(rows);
            wake.hostState(0).rowBlock(0, rows).copyFrom(dream.hostState(0).rowBlock(0, rows));
            Draws.Sequential wd = Draws.sequential(rng, rows, up);
            machine.wake(wake, rows, rows, wd);
            rng.skip(wd.total());
            for (int r = 0; r < rows; r++) {
                double v = 0.5 * (dream.hostLogQ().get(r) - dream.hostLogP().get(r) + wake.hostLogP().get(r)
                        - wake.hostLogQ().get(r));
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
