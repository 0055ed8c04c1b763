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
 * Importance-sampled evaluation with q as the proposal (docs/math.md section 5), on the fast passes of the
 * training step, and the BiHM estimate of 2 log Z.
 *
 * <p>Work: the data points are taken in groups of a few, each with a run of its samples, so that
 * one pass holds about {@link #PASS_ROWS} rows (its buffers stay in cache) and q's first layer is
 * computed once per data point; the groups are shared by the thread plan's threads, each with a
 * workspace of its own. Each data point's log-sum-exp is streamed over its samples in order.
 *
 * <p>Draws, per data point: data point i (its index in the evaluated data, counting from 0) owns
 * the block of {@code K * (n_1 + .. + n_L)} draws of the evaluation stream that starts at
 * {@code origin + i K (n_1 + .. + n_L)} (origin: the stream's position when the evaluation starts);
 * inside it, q layer l's draws of sample j start at {@code K before(l) + j n_{l+1}} (the layers one
 * after the other, each a row-major [K, n_{l+1}] block, as a sequential pass over the point's K
 * replicas would draw). Every row reads its draws at their place ({@link RandomSource#uniformAt}),
 * so each point's estimate is a function of (stream, i, K) only: it does not depend on the
 * grouping, the threads, or which other points are evaluated with it. A distributed evaluation
 * that hands point ranges to machines ({@link #evaluatePoints}) therefore reproduces the
 * single-machine evaluation bit for bit when its ranges start at multiples of
 * {@link #groupSize(int)} (then its groups of points, hence its floating-point operations, are the
 * same). Before this layout, draws were laid out in chunks of {@code maxRows} rows; the maxRows
 * setting now only shapes the passes of {@link #twoLogZ}.
 */
public final class LikelihoodEstimator {

    /** Default number of pairs of one pass of {@link #twoLogZ}. */
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

    /** @param maxRows pairs per pass of {@link #twoLogZ} (&ge; 1) */
    public LikelihoodEstimator(int maxRows) {
        this(maxRows, null);
    }

    /**
     * @param maxRows pairs per pass of {@link #twoLogZ} (&ge; 1)
     * @param pool    the threads that share the data points, or null for the shared thread plan's
     */
    public LikelihoodEstimator(int maxRows, WorkerPool pool) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be >= 1");
        }
        this.maxRows = maxRows;
        this.pool = pool;
    }

    /** @return pairs per pass of {@link #twoLogZ} */
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
        PointEstimates e = evaluatePoints(machine, data, k, rng, 0, progress);
        rng.skip(e.ll().length * (long) k * qUnits(machine));
        return combine(k, e);
    }

    /**
     * The per-point estimates of a range of data points, for distributed evaluation: row r of
     * {@code data} is data point {@code firstIndex + r} of the whole evaluated set and reads that
     * point's draws (see the class comment). The stream is not moved.
     *
     * @param machine    the model (not modified)
     * @param data       [n, n0] binary rows: points firstIndex .. firstIndex + n - 1
     * @param k          K_eval &ge; 1
     * @param rng        the evaluation's stream, at the position where the whole evaluation starts
     * @param firstIndex the global index of row 0; a multiple of {@link #groupSize(int)} for results
     *                   bit-identical to one evaluation of the whole set
     * @param progress   called after each group, or null
     * @return log p^(x), ESS and log p~* of each row
     */
    public PointEstimates evaluatePoints(HelmholtzMachine machine, INDArray data, int k, RandomSource rng, long firstIndex,
                                         Progress progress) {
        if (k < 1) {
            throw new IllegalArgumentException("K_eval must be >= 1, got " + k);
        }
        if (firstIndex < 0) {
            throw new IllegalArgumentException("the first data point's index must be >= 0, got " + firstIndex);
        }
        machine.validateData(data);
        HostMatrix x = hostView(data, machine);
        int n = x.rows();
        int points = groupSize(k);
        int run = Math.min(k, PASS_ROWS);
        int groups = (n + points - 1) / points;
        double[] ll = new double[n];
        double[] ess = new double[n];
        double[] tilde = new double[n];
        Layout layout = new Layout(machine.sizes(), k, rng.position(), firstIndex);
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
        return new PointEstimates(ll, ess, tilde);
    }

    /**
     * The number of data points evaluated together in one group at a given K (the unit in which
     * a distributed evaluation should split the data; see {@link #evaluatePoints}).
     *
     * @param k K_eval &ge; 1
     * @return points per group
     */
    public static int groupSize(int k) {
        return k >= PASS_ROWS ? 1 : Math.max(1, PASS_ROWS / k);
    }

    /**
     * The draws one data point's evaluation reads: {@code K (n_1 + .. + n_L)}.
     *
     * @param machine the model
     * @return the draws per sample of one point
     */
    static long qUnits(HelmholtzMachine machine) {
        int[] sizes = machine.sizes();
        long s = 0;
        for (int l = 1; l < sizes.length; l++) {
            s += sizes[l];
        }
        return s;
    }

    /**
     * The summary of per-point estimates, in point order: mean, standard error, mean ESS and the
     * mean of log p~*.
     *
     * @param k      K_eval
     * @param points the estimates of every point, in order
     * @return the result
     */
    public static LikelihoodResult combine(int k, PointEstimates points) {
        double[] ll = points.ll();
        if (ll.length == 0) {
            throw new IllegalArgumentException("no data points to evaluate");
        }
        return new LikelihoodResult(k, mean(ll), standardError(ll), mean(points.ess()), ll, points.ess(),
                mean(points.logPTilde()));
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

    /**
     * The BiHM estimate of 2 log Z (docs/math.md section 5.4):
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
        double[] terms = twoLogZTerms(machine, pairs, rng, 0, logZPasses(pairs));
        rng.skip(pairs * pairDraws(machine));
        return twoLogZ(terms, pairs);
    }

    /**
     * The number of passes of {@link #maxRows()} pairs that {@link #twoLogZ} makes for M pairs.
     *
     * @param pairs M &ge; 1
     * @return ceil(M / maxRows)
     */
    public long logZPasses(long pairs) {
        return (pairs + maxRows - 1) / maxRows;
    }

    /**
     * The terms {@code 0.5[log q(h_n|x_n) - log p(x_n,h_n) + log p(x_n,h'_n) - log q(h'_n|x_n)]} of the
     * pairs of passes [fromPass, toPass) of {@link #twoLogZ} (pass t holds pairs
     * [t maxRows, min(M, (t+1) maxRows)) and reads its draws at its place in the stream), so that
     * passes computed on different machines and concatenated in pass order give exactly the terms
     * of one machine. The stream is not moved.
     *
     * @param machine  the model
     * @param pairs    M &ge; 1, the pairs of the whole estimate
     * @param rng      the stream, at the position where the whole estimate starts
     * @param fromPass the first pass
     * @param toPass   one past the last pass
     * @return the terms, in pair order
     */
    public double[] twoLogZTerms(HelmholtzMachine machine, long pairs, RandomSource rng, long fromPass, long toPass) {
        if (pairs < 1) {
            throw new IllegalArgumentException("the number of pairs M must be >= 1, got " + pairs);
        }
        if (fromPass < 0 || toPass < fromPass || toPass > logZPasses(pairs)) {
            throw new IllegalArgumentException("passes [" + fromPass + ", " + toPass + ") are not within the "
                    + logZPasses(pairs) + " passes of M = " + pairs + " pairs");
        }
        long first = fromPass * maxRows;
        long last = Math.min(pairs, toPass * maxRows);
        double[] terms = new double[Math.toIntExact(last - first)];
        if (terms.length == 0) {
            return terms;
        }
        int rowsMax = (int) Math.min(maxRows, pairs);
        StepWorkspace dreams = new StepWorkspace(machine, rowsMax, 1, 1, pool != null ? pool : ThreadPlan.shared().pool());
        StepWorkspace wakes = new StepWorkspace(machine, rowsMax, 1, 1, dreams.pool());
        int[] sizes = machine.sizes();
        int[] up = java.util.Arrays.copyOfRange(sizes, 1, sizes.length);
        int[] down = new int[sizes.length];
        for (int l = 0; l < sizes.length; l++) {
            down[l] = sizes[sizes.length - 1 - l];
        }
        long perPair = pairDraws(machine);
        RandomSource at = rng.copy();
        at.skip(first * perPair);
        int out = 0;
        for (long done = first; done < last; ) {
            int rows = (int) Math.min(rowsMax, last - done);
            Draws.Sequential dd = Draws.sequential(at, rows, down);
            Trace dream = dreams.wake().resize(rows);
            machine.dream(dream, rows, dd);
            at.skip(dd.total());
            Trace wake = wakes.wake().resize(rows);
            wake.hostState(0).rowBlock(0, rows).copyFrom(dream.hostState(0).rowBlock(0, rows));
            Draws.Sequential wd = Draws.sequential(at, rows, up);
            machine.wake(wake, rows, rows, wd);
            at.skip(wd.total());
            for (int r = 0; r < rows; r++) {
                terms[out++] = 0.5 * (dream.hostLogQ().get(r) - dream.hostLogP().get(r) + wake.hostLogP().get(r)
                        - wake.hostLogQ().get(r));
            }
            done += rows;
        }
        return terms;
    }

    /**
     * The estimate of 2 log Z from all M terms, streamed in order: {@code logsumexp(terms) - log M}.
     *
     * @param terms the terms of every pair, in pair order
     * @param pairs M (the length of terms)
     * @return the estimate
     */
    public static double twoLogZ(double[] terms, long pairs) {
        if (terms.length != pairs) {
            throw new IllegalArgumentException("2 log Z needs the terms of all " + pairs + " pairs, got " + terms.length);
        }
        StreamingLogSumExp acc = new StreamingLogSumExp(1);
        for (double v : terms) {
            acc.add(0, v);
        }
        return acc.value(0) - Math.log(pairs);
    }

    /** Draws of one pair: a dream (all layers) and a wake pass (the latent layers). */
    private static long pairDraws(HelmholtzMachine machine) {
        long s = 0;
        for (int n : machine.sizes()) {
            s += n;
        }
        return s + qUnits(machine);
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
