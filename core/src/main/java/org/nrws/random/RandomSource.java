package org.nrws.random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one seeded source of randomness of a run.
 *
 * <p>It is counter based: a stream is identified by the run seed, a domain (training, shuffling,
 * evaluation, ...) and an index (usually the update number). Within a stream, draw number
 * {@code n} (counting from 0) is a pure function of the stream's identity and of {@code n}: the
 * generator is SplitMix64, the algorithm of {@link java.util.SplittableRandom}, whose state after
 * {@code n} draws is {@code start + n * GAMMA}. It reproduces {@code new SplittableRandom(start)}
 * bit for bit ({@code RandomSourceTest} checks it), and it can jump to any draw
 * ({@link #uniformAt(long)}, {@link #skip(long)}), so several threads can fill disjoint parts of
 * one sampling pass and still produce exactly the draws a sequential pass would have made.
 *
 * <p>So the state of a whole run is its seed plus its update counter: resuming at update
 * {@code n} replays exactly the draws an uninterrupted run would have made, on any ND4J backend
 * (the uniforms are drawn in Java, not by the backend's RNG).
 *
 * <p>A stream is serializable (its seed, start and position), so it can be shipped to other machines.
 * A stream object is not thread safe; {@link #uniformAt(long)} is (it reads no mutable state).
 */
public final class RandomSource implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    /** Stream domain of the draws of training update {@code n}. */
    public static final long DOMAIN_TRAIN = 0x7472_6169_6e00L;
    /** Stream domain of the minibatch permutation of epoch {@code e}. */
    public static final long DOMAIN_SHUFFLE = 0x7368_7566_666cL;
    /** Stream domain of evaluations. */
    public static final long DOMAIN_EVAL = 0x6576_616c_0000L;
    /** Stream domain of parameter initialisation. */
    public static final long DOMAIN_INIT = 0x696e_6974_0000L;
    /**
     * Stream domain of the per-data-point draws of training update {@code n} in the row-seeded mode
     * ({@code RowSeeding} of the model): data point j of the update's global minibatch reads the
     * block of draws that starts at {@code j * perPoint} of the stream (seed, this domain, n), so
     * its samples do not depend on how the minibatch is split over machines.
     */
    public static final long DOMAIN_TRAIN_ROWS = 0x726f_7773_0000L;
    /** Stream domain of data binarisation. */
    public static final long DOMAIN_DATA = 0x6461_7461_0000L;

    /** SplitMix64's increment (the golden gamma of {@link java.util.SplittableRandom}). */
    private static final long GAMMA = 0x9e3779b97f4a7c15L;
    /** 2^-53: maps the top 53 bits of a draw to [0, 1). */
    private static final double DOUBLE_UNIT = 0x1.0p-53;
    /** The multiplicative inverse of GAMMA modulo 2^64, so that position() needs no counter. */
    private static final long INVERSE_GAMMA = inverse(GAMMA);

    private final long seed;
    private final long start;
    private long state;

    private RandomSource(long seed, long start) {
        this.seed = seed;
        this.start = start;
        this.state = start;
    }

    /**
     * The root source of a run.
     *
     * @param seed the run seed
     * @return a source whose own draws form the stream (seed, 0, 0)
     */
    public static RandomSource of(long seed) {
        return new RandomSource(seed, mix(seed, 0, 0));
    }

    /**
     * An independent stream of the same run.
     *
     * @param domain what the stream is for, e.g. {@link #DOMAIN_TRAIN}
     * @param index  which one, e.g. the update number
     * @return a new stream, identical whenever (seed, domain, index) are
     */
    public RandomSource stream(long domain, long index) {
        return new RandomSource(seed, mix(seed, domain, index));
    }

    /** @return an independent copy of this stream at its current position */
    public RandomSource copy() {
        RandomSource c = new RandomSource(seed, start);
        c.state = state;
        return c;
    }

    /** @return the run seed */
    public long seed() {
        return seed;
    }

    /** @return the SplitMix64 state at position 0 (the seed of the equivalent SplittableRandom) */
    long start() {
        return start;
    }

    /** @return how many draws this stream has made so far (its position) */
    public long position() {
        return (state - start) * INVERSE_GAMMA;
    }

    private static long inverse(long odd) {
        long x = odd;                       // Newton's iteration: 5 steps give 64 correct bits
        for (int i = 0; i < 5; i++) {
            x *= 2 - odd * x;
        }
        return x;
    }

    /**
     * Moves the stream forward as if {@code n} draws had been made.
     *
     * @param n draws to skip, &ge; 0
     */
    public void skip(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot skip a negative number of draws: " + n);
        }
        state += n * GAMMA;
    }

    /**
     * The uniform that draw number {@code index} of this stream yields through {@link #nextDouble()}
     * (counting from 0, whatever the stream's current position); does not move the stream.
     *
     * @param index the draw number, &ge; 0
     * @return a uniform double in [0, 1)
     */
    public double uniformAt(long index) {
        return (mix64(start + (index + 1) * GAMMA) >>> 11) * DOUBLE_UNIT;
    }

    /** @return a uniform double in [0, 1) */
    public double nextDouble() {
        return (mix64(state += GAMMA) >>> 11) * DOUBLE_UNIT;
    }

    /** @return a uniform long */
    public long nextLong() {
        return mix64(state += GAMMA);
    }

    /**
     * @param bound exclusive upper bound, positive
     * @return a uniform int in [0, bound), exactly as {@link java.util.SplittableRandom#nextInt(int)}
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        int r = mix32(state += GAMMA);
        int m = bound - 1;
        if ((bound & m) == 0) {
            return r & m;
        }
        for (int u = r >>> 1; u + m - (r = u % bound) < 0; u = mix32(state += GAMMA) >>> 1) {
            // rejection: retry until the draw is not in the biased tail
        }
        return r;
    }

    /** @return a standard normal draw (Box-Muller, consumes two uniforms) */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /**
     * A [rows, cols] array of uniforms in [0, 1), drawn in row-major order.
     *
     * @param dtype FLOAT or DOUBLE
     * @param rows  number of rows
     * @param cols  number of columns
     * @return a new c-order array
     */
    public INDArray uniform(DataType dtype, long rows, long cols) {
        int n = Math.toIntExact(rows * cols);
        if (dtype == DataType.DOUBLE) {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = nextDouble();
            }
            return Nd4j.createFromArray(a).reshape('c', rows, cols);
        }
        if (dtype == DataType.FLOAT) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) {
                a[i] = (float) nextDouble();
            }
            return Nd4j.createFromArray(a).reshape('c', rows, cols);
        }
        throw new IllegalArgumentException("uniform: dtype must be FLOAT or DOUBLE, got " + dtype);
    }

    /**
     * A uniformly random permutation of 0..n-1 (Fisher-Yates).
     *
     * @param n size
     * @return the permutation
     */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static long mix(long seed, long domain, long index) {
        long h = seed * 0x9E3779B97F4A7C15L;
        h = murmur(h ^ domain);
        h = murmur(h + index * 0xC2B2AE3D27D4EB4FL);
        return h;
    }

    private static long murmur(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    /** SplitMix64's output function (Stafford's variant 13), as in {@link java.util.SplittableRandom}. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** SplittableRandom's 32-bit output function. */
    private static int mix32(long z) {
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }
}
