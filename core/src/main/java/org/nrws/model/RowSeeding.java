package org.nrws.model;

import org.nrws.model.kernels.Draws;
import org.nrws.random.RandomSource;

/**
 * The row-seeded draw layout of a training update, used when a global minibatch is split over
 * machines (the Spark data-parallel trainer) and by the single-machine {@code Trainer} in its
 * row-seeded mode, so that both draw exactly the same samples.
 *
 * <p>Data point j of the update's global minibatch (j counts from 0 over the whole global batch,
 * whatever part of it a machine holds) owns the block of {@code perPoint = K (sum_{l>=1} n_l +
 * sum_{l>=0} n_l)} draws that starts at draw {@code j * perPoint} of the stream
 * ({@code seed}, {@link RandomSource#DOMAIN_TRAIN_ROWS}, update). Inside the block:
 * <ul>
 *   <li>wake sample s (s &lt; K) of the point, q layer l: draws {@code s * Q + before_q(l)} onward,
 *       with Q = n_1 + .. + n_L;</li>
 *   <li>dream s attached to the point (rows {@code s*B + i} of the sleep pass belong to local point
 *       i, as the wake rows do), p layer l in sampling order L..0: draws
 *       {@code K Q + s * P + before_p(l)} onward, with P = n_0 + .. + n_L.</li>
 * </ul>
 * So a point's samples are a function of (seed, update, j) only. A workspace that carries a row
 * seeding ({@link StepWorkspace#useRowSeeding}) takes its wake and sleep draws from it instead of
 * the update's sequential stream; the sequential mode (the default) is unchanged.
 */
public final class RowSeeding {

    private final RandomSource stream;
    private final long firstPoint;

    /**
     * @param stream     the update's row stream, e.g. {@code root.stream(DOMAIN_TRAIN_ROWS, update)}
     * @param firstPoint the global index of the workspace's data point 0 in the global minibatch
     */
    public RowSeeding(RandomSource stream, long firstPoint) {
        if (firstPoint < 0) {
            throw new IllegalArgumentException("the first data point's index must be >= 0, got " + firstPoint);
        }
        this.stream = stream;
        this.firstPoint = firstPoint;
    }

    /**
     * The row seeding of one update.
     *
     * @param root       the run's root source
     * @param update     the update number
     * @param firstPoint the global index of local data point 0
     * @return the seeding
     */
    public static RowSeeding forUpdate(RandomSource root, long update, long firstPoint) {
        return new RowSeeding(root.stream(RandomSource.DOMAIN_TRAIN_ROWS, update), firstPoint);
    }

    /** @return the global index of local data point 0 */
    public long firstPoint() {
        return firstPoint;
    }

    /**
     * The draws of a wake pass of {@code batch * samples} rows (row {@code s*batch + i}: sample s of
     * local point i), q layers 0..L-1.
     *
     * @param sizes   the machine's layer sizes
     * @param batch   the local B
     * @param samples K
     * @return the layout
     */
    public Draws wake(int[] sizes, int batch, int samples) {
        int depth = sizes.length - 1;
        long q = sum(sizes, 1);
        long perPoint = samples * (q + sum(sizes, 0));
        long[] before = new long[depth];
        long acc = 0;
        for (int l = 0; l < depth; l++) {
            before[l] = acc;
            acc += sizes[l + 1];
        }
        return layout(perPoint, batch, q, 0, before);
    }

    /**
     * The draws of a sleep pass of {@code batch * samples} dreams, p layers in sampling order
     * L, .., 0.
     *
     * @param sizes   the machine's layer sizes
     * @param batch   the local B
     * @param samples K
     * @return the layout
     */
    public Draws dream(int[] sizes, int batch, int samples) {
        long q = sum(sizes, 1);
        long p = sum(sizes, 0);
        long perPoint = samples * (q + p);
        long[] before = new long[sizes.length];
        long acc = 0;
        for (int l = 0; l < sizes.length; l++) {
            before[l] = acc;
            acc += sizes[sizes.length - 1 - l];
        }
        return layout(perPoint, batch, p, samples * q, before);
    }

    private Draws layout(long perPoint, int batch, long perSample, long offset, long[] before) {
        RandomSource rng = stream;
        long first = firstPoint;
        return new Draws() {
            @Override
            public RandomSource source(int row) {
                return rng;
            }

            @Override
            public long base(int layer, int row) {
                int i = row % batch;
                int s = row / batch;
                return (first + i) * perPoint + offset + s * perSample + before[layer];
            }
        };
    }

    private static long sum(int[] sizes, int from) {
        long s = 0;
        for (int l = from; l < sizes.length; l++) {
            s += sizes[l];
        }
        return s;
    }
}
