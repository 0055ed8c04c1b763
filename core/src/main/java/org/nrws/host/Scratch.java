package org.nrws.host;

/**
 * Per-thread row buffers for the element-wise loops (kernels, optimisers, finiteness checks), so
 * that a training step allocates no Java arrays after its first call.
 *
 * <p>Each thread owns {@value #SLOTS} buffers; {@link #row} returns the one in a slot, grown (never
 * shrunk) to at least the requested length. A caller uses only the first {@code n} entries, holds
 * a buffer only while its loop runs, and uses a different slot for each buffer it holds at the
 * same time. The loops that use these buffers call no other user of the same slots.
 */
public final class Scratch {

    /** Buffers per thread. */
    public static final int SLOTS = 4;

    private static final ThreadLocal<double[][]> ROWS = ThreadLocal.withInitial(() -> new double[SLOTS][0]);

    private Scratch() {
    }

    /**
     * @param slot the buffer, 0 to {@value #SLOTS} - 1
     * @param n    the length needed
     * @return this thread's buffer in that slot, with at least {@code n} entries (contents undefined)
     */
    public static double[] row(int slot, int n) {
        double[][] rows = ROWS.get();
        if (rows[slot].length < n) {
            rows[slot] = new double[n];
        }
        return rows[slot];
    }
}
