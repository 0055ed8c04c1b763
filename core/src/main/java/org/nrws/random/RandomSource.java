package org.nrws.random;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one seeded source of randomness of a run.
 *
 * <p>It is counter based: a stream is identified by the run seed, a domain (training, shuffling,
 * evaluation, ...) and an index (usually the update number), and is a {@link SplittableRandom}
 * seeded by a hash of the three. So the state of a whole run is its seed plus its update
 * counter: resuming at update {@code n} replays exactly the draws an uninterrupted run would
 * have made, on any ND4J backend (the uniforms are drawn in Java, not by the backend's RNG).
 *
 * <p>A stream object is not thread safe; use one per thread.
 */
public final class RandomSource {

    /** Stream domain of the draws of training update {@code n}. */
    public static final long DOMAIN_TRAIN = 0x7472_6169_6e00L;
    /** Stream domain of the minibatch permutation of epoch {@code e}. */
    public static final long DOMAIN_SHUFFLE = 0x7368_7566_666cL;
    /** Stream domain of evaluations. */
    public static final long DOMAIN_EVAL = 0x6576_616c_0000L;
    /** Stream domain of parameter initialisation. */
    public static final long DOMAIN_INIT = 0x696e_6974_0000L;
    /** Stream domain of data binarisation. */
    public static final long DOMAIN_DATA = 0x6461_7461_0000L;

    private final long seed;
    private final SplittableRandom random;

    private RandomSource(long seed, SplittableRandom random) {
        this.seed = seed;
        this.random = random;
    }

    /**
     * The root source of a run.
     *
     * @param seed the run seed
     * @return a source whose own draws form the stream (seed, 0, 0)
     */
    public static RandomSource of(long seed) {
        return new RandomSource(seed, new SplittableRandom(mix(seed, 0, 0)));
    }

    /**
     * An independent stream of the same run.
     *
     * @param domain what the stream is for, e.g. {@link #DOMAIN_TRAIN}
     * @param index  which one, e.g. the update number
     * @return a new stream, identical whenever (seed, domain, index) are
     */
    public RandomSource stream(long domain, long index) {
        return new RandomSource(seed, new SplittableRandom(mix(seed, domain, index)));
    }

    /** @return the run seed */
    public long seed() {
        return seed;
    }

    /** @return a uniform double in [0, 1) */
    public double nextDouble() {
        return random.nextDouble();
    }

    /** @return a uniform long */
    public long nextLong() {
        return random.nextLong();
    }

    /**
     * @param bound exclusive upper bound, positive
     * @return a uniform int in [0, bound)
     */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** @return a standard normal draw (Box-Muller, consumes two uniforms) */
    public double nextGaussian() {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /**
     * A [rows, cols] array of uniforms in [0, 1).
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
                a[i] = random.nextDouble();
            }
            return Nd4j.createFromArray(a).reshape('c', rows, cols);
        }
        if (dtype == DataType.FLOAT) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) {
                a[i] = (float) random.nextDouble();
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
            int j = random.nextInt(i + 1);
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
}
