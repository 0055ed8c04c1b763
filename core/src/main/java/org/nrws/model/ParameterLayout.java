package org.nrws.model;

/**
 * The parameter order of a {@link HelmholtzMachine} of depth L: p's layers 0..L (the top prior last),
 * then q's layers 0..L-1, so 2L + 1 layers in all; gradients, Fisher blocks and solvers are indexed
 * this way. Also the one home of the q0 "distinct rows" rule: the K replicas of a data point give
 * q's first layer the same input and curvatures, so its Fisher is built from the B distinct rows
 * (see {@code docs/math.md}).
 */
public final class ParameterLayout {

    private ParameterLayout() {
    }

    /**
     * @param depth L
     * @return 2L + 1, the number of layers in parameter order
     */
    public static int count(int depth) {
        return 2 * depth + 1;
    }

    /**
     * @param depth L
     * @param l     q's layer, 0..L-1
     * @return its index in parameter order, {@code L + 1 + l}
     */
    public static int q(int depth, int l) {
        return depth + 1 + l;
    }

    /**
     * @param depth L
     * @param index an index in parameter order
     * @return true when it is one of q's layers
     */
    public static boolean isQ(int depth, int index) {
        return index > depth;
    }

    /**
     * @param depth   L
     * @param index   an index in parameter order
     * @param samples K, samples per data point
     * @return true for q0 when K &gt; 1: its Fisher is built from the B distinct rows of the data
     */
    public static boolean distinctRows(int depth, int index, int samples) {
        return index == q(depth, 0) && samples > 1;
    }

    /**
     * @param depth   L
     * @param index   an index in parameter order
     * @param batch   B
     * @param samples K
     * @return N, the rows the layer's Fisher is estimated from: B for q0 ({@link #distinctRows}), B K otherwise
     */
    public static int fisherRows(int depth, int index, int batch, int samples) {
        return distinctRows(depth, index, samples) ? batch : Math.multiplyExact(batch, samples);
    }

    /**
     * @param depth   L
     * @param index   an index in parameter order
     * @param batch   B
     * @param samples K
     * @param cap     the most rows of a Fisher estimate (0 = no cap)
     * @return the rows the layer's Fisher is estimated from: {@link #fisherRows(int, int, int, int)}, at most
     *     {@code cap}
     */
    public static int fisherRows(int depth, int index, int batch, int samples, int cap) {
        int n = fisherRows(depth, index, batch, samples);
        return cap > 0 ? Math.min(cap, n) : n;
    }
}
