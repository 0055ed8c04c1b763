package org.nrws.data;

import java.util.Iterator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.host.HostMatrix;
import org.nrws.host.Nd4jHost;
import org.nrws.random.RandomSource;

/**
 * An in-memory binary data set served in shuffled minibatches (the last batch of an epoch may be
 * smaller). The data matrix is checked once, at construction: rank 2, at least one row, entries
 * exactly 0 or 1.
 */
public final class BinaryDataset implements MinibatchSource {

    private final INDArray data;
    private final int batchSize;
    private final boolean shuffle;

    /**
     * @param data      [n, d] binary matrix (kept by reference, not modified)
     * @param batchSize B &ge; 1
     * @param shuffle   whether each epoch visits the rows in a new random order
     */
    public BinaryDataset(INDArray data, int batchSize, boolean shuffle) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size B must be >= 1, got " + batchSize);
        }
        checkBinary(data);
        this.data = data;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
    }

    /**
     * Checks that a matrix is a non-empty binary data matrix.
     *
     * @param data the matrix (not modified)
     * @throws IllegalArgumentException naming the problem
     */
    public static void checkBinary(INDArray data) {
        if (data == null || data.rank() != 2 || data.rows() < 1 || data.columns() < 1) {
            throw new IllegalArgumentException("data must be a non-empty [n, d] matrix, got "
                    + (data == null ? "null" : java.util.Arrays.toString(data.shape())));
        }
        // one pass over the buffer: no temporary copies of a 50,000-row data set
        INDArray d = data.dataType() == DataType.DOUBLE || data.dataType() == DataType.FLOAT ? data : data.castTo(DataType.FLOAT);
        HostMatrix h;
        try {
            h = Nd4jHost.wrap(d);
        } catch (IllegalArgumentException e) {
            h = Nd4jHost.wrap(d.dup('c'));
        }
        double[] row = new double[h.cols()];
        for (int r = 0; r < h.rows(); r++) {
            h.getRow(r, row);
            for (double v : row) {
                if (v != 0.0 && v != 1.0) {
                    throw new IllegalArgumentException("data must be binary (every entry 0 or 1); found " + v + " in row " + r);
                }
            }
        }
    }

    /** @return the whole data matrix */
    public INDArray data() {
        return data;
    }

    /** @return the number of rows */
    public long size() {
        return data.rows();
    }

    /** @return B */
    public int batchSize() {
        return batchSize;
    }

    @Override
    public int columns() {
        return (int) data.columns();
    }

    @Override
    public Iterator<INDArray> epoch(int epoch, RandomSource rng) {
        int n = (int) data.rows();
        int[] order = shuffle ? rng.permutation(n) : identity(n);
        return new BatchIterator(order, batchSize, (o, from, to) -> data.getRows(java.util.Arrays.copyOfRange(o, from, to)));
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
