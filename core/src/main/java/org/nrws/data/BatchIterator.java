package org.nrws.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Iterates over a row order B rows at a time (the last batch may be smaller): the iteration shared
 * by the minibatch sources of this package.
 */
final class BatchIterator implements Iterator<INDArray> {

    /** Makes the batch of rows {@code order[from..to)}. */
    interface Slicer {
        /**
         * @param order the epoch's row order
         * @param from  first position, inclusive
         * @param to    last position, exclusive
         * @return the [to - from, d] batch
         */
        INDArray rows(int[] order, int from, int to);
    }

    private final int[] order;
    private final int batchSize;
    private final Slicer slicer;
    private int next;

    BatchIterator(int[] order, int batchSize, Slicer slicer) {
        this.order = order;
        this.batchSize = batchSize;
        this.slicer = slicer;
    }

    @Override
    public boolean hasNext() {
        return next < order.length;
    }

    @Override
    public INDArray next() {
        if (next >= order.length) {
            throw new NoSuchElementException();
        }
        int end = Math.min(order.length, next + batchSize);
        INDArray batch = slicer.rows(order, next, end);
        next = end;
        return batch;
    }
}
