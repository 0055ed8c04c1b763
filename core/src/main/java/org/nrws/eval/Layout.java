package org.nrws.eval;

import org.nrws.model.kernels.Draws;
import org.nrws.random.RandomSource;

/** Where each (data point, sample, layer, unit) reads its uniform: see the comment of {@link LikelihoodEstimator}. */
final class Layout {
    private final int[] units;
    private final long[] before;   // units of the q layers before layer l
    private final long perRow;     // units of all q layers
    private final int k;
    private final long origin;
    private final long firstIndex;

    Layout(int[] sizes, int k, long origin, long firstIndex) {
        this.origin = origin;
        this.firstIndex = firstIndex;
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
        this.k = k;
    }

    /** The draws of points [first, first + g), samples [j0, j0 + kb), in rows {@code s*g + i}. */
    Draws draws(RandomSource rng, int first, int g, int j0, int kb) {
        return new Draws() {
            @Override
            public RandomSource source(int row) {
                return rng;
            }

            @Override
            public long base(int layer, int row) {
                int s = row / g;
                int i = row % g;
                long point = firstIndex + first + i;
                return origin + point * k * perRow + k * before[layer] + (long) (j0 + s) * units[layer];
            }
        };
    }
}
