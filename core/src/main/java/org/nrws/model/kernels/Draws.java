package org.nrws.model.kernels;

import org.nrws.random.RandomSource;

/**
 * Which uniform drives the Bernoulli draw of unit j of row r of a sampled layer: draw number
 * {@code base(layer, r) + j} of the stream {@code source(r)}. Because {@link RandomSource} can
 * produce any draw directly, rows can be sampled in any order and by any thread with the same
 * result.
 */
public interface Draws {

    /**
     * @param row a row of the pass
     * @return the stream of that row
     */
    RandomSource source(int row);

    /**
     * @param layer the sampled layer's index in the pass (0 = the first layer sampled)
     * @param row   a row of the pass
     * @return the draw number of the row's first unit
     */
    long base(int layer, int row);

    /**
     * The layout of a pass that draws its layers one after the other, each as a [rows, m] block in
     * row-major order, starting at the stream's current position: the order in which
     * {@code RandomSource.uniform(dtype, rows, m)} calls, layer after layer, would draw.
     *
     * @param rng   the stream (not moved; call {@link RandomSource#skip} with {@link Sequential#total()} after)
     * @param rows  the rows of the pass
     * @param units the units of the sampled layers, in sampling order
     * @return the layout
     */
    static Sequential sequential(RandomSource rng, int rows, int[] units) {
        return new Sequential(rng, rows, units);
    }

    /** Layers drawn one after the other, each row-major; see {@link Draws#sequential}. */
    final class Sequential implements Draws {
        private final RandomSource rng;
        private final long[] layerStart;
        private final int[] units;
        private final long total;

        Sequential(RandomSource rng, int rows, int[] units) {
            this.rng = rng;
            this.units = units.clone();
            this.layerStart = new long[units.length];
            long at = rng.position();
            for (int l = 0; l < units.length; l++) {
                layerStart[l] = at;
                at += (long) rows * units[l];
            }
            this.total = at - rng.position();
        }

        @Override
        public RandomSource source(int row) {
            return rng;
        }

        @Override
        public long base(int layer, int row) {
            return layerStart[layer] + (long) row * units[layer];
        }

        /** @return the number of draws of the whole pass */
        public long total() {
            return total;
        }
    }
}
