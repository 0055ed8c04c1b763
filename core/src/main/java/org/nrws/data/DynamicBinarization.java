package org.nrws.data;

import java.util.Iterator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.random.RandomSource;

/**
 * Dynamic binarisation (docs/math.md section 6): a {@link MinibatchSource} over gray images whose bits
 * are drawn afresh every epoch. Epoch e's row order and its bits both come from the epoch's
 * stream (the trainer passes ({@code seed}, {@link RandomSource#DOMAIN_SHUFFLE}, e)): first the
 * permutation, then the uniforms, batch after batch. So an epoch is a deterministic function of
 * (seed, e), and a resumed run that skips the first batches of an epoch sees the same bits.
 */
public final class DynamicBinarization implements MinibatchSource {

    private final GrayImages images;
    private final int batchSize;
    private final DataType dtype;

    /**
     * @param images    the training images
     * @param batchSize B &ge; 1
     * @param dtype     FLOAT or DOUBLE, the type of the batches
     */
    public DynamicBinarization(GrayImages images, int batchSize, DataType dtype) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size B must be >= 1, got " + batchSize);
        }
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
            throw new IllegalArgumentException("dtype must be FLOAT or DOUBLE, got " + dtype);
        }
        this.images = images;
        this.batchSize = batchSize;
        this.dtype = dtype;
    }

    /** @return the images */
    public GrayImages images() {
        return images;
    }

    /** @return B */
    public int batchSize() {
        return batchSize;
    }

    @Override
    public int columns() {
        return images.columns();
    }

    @Override
    public Iterator<INDArray> epoch(int epoch, RandomSource rng) {
        int n = images.rows();
        int[] order = rng.permutation(n);
        return new BatchIterator(order, batchSize, (o, from, to) -> images.bernoulliRows(o, from, to, rng, dtype));
    }
}
