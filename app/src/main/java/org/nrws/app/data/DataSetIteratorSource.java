package org.nrws.app.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.data.BinaryDataset;
import org.nrws.data.MinibatchSource;
import org.nrws.random.RandomSource;

/**
 * Lets any ND4J {@link DataSetIterator} feed the {@link org.nrws.train.Trainer}: each
 * {@link DataSet}'s features become one minibatch (flattened to [B, columns] when they are
 * images, cast to the model's type); labels are ignored. Features must be binary; the first
 * non-binary batch stops training with a message.
 *
 * <p>The iterator decides the batch size and the order; the trainer's shuffle stream is not
 * used. A resumed run is bit-identical only if the iterator returns the same batches every
 * epoch (or is itself seeded per epoch).
 */
public final class DataSetIteratorSource implements MinibatchSource {

    private final DataSetIterator iterator;
    private final DataType dtype;
    private final int columns;
    private boolean started;

    /**
     * @param iterator the iterator (reset at the start of every epoch after the first)
     * @param dtype    FLOAT or DOUBLE, the type of the batches
     */
    public DataSetIteratorSource(DataSetIterator iterator, DataType dtype) {
        this.iterator = iterator;
        this.dtype = dtype;
        this.columns = columnsOf(iterator);
        if (columns < 1) {
            throw new IllegalArgumentException("the DataSetIterator reports " + columns + " input columns");
        }
    }

    /**
     * The width of the flattened features: from the first batch when the iterator can be reset
     * (image iterators report channels or rows as their "input columns"), else from
     * {@link DataSetIterator#inputColumns()}.
     */
    private static int columnsOf(DataSetIterator it) {
        if (it.resetSupported()) {
            it.reset();
            if (it.hasNext()) {
                INDArray f = it.next().getFeatures();
                it.reset();
                return (int) (f.length() / f.size(0));
            }
        }
        return it.inputColumns();
    }

    @Override
    public int columns() {
        return columns;
    }

    @Override
    public Iterator<INDArray> epoch(int epoch, RandomSource shuffle) {
        if (started) {
            if (!iterator.resetSupported()) {
                throw new IllegalStateException("the DataSetIterator " + iterator.getClass().getSimpleName()
                        + " cannot be reset, so it cannot serve a second epoch; set --epochs 1 or use a resettable iterator");
            }
            iterator.reset();
        }
        started = true;
        return new Iterator<>() {
            private int batch;

            @Override
            public boolean hasNext() {
                return iterator.hasNext();
            }

            @Override
            public INDArray next() {
                if (!iterator.hasNext()) {
                    throw new NoSuchElementException();
                }
                batch++;
                return features(iterator.next(), "epoch " + epoch + " batch " + batch);
            }
        };
    }

    private INDArray features(DataSet ds, String where) {
        INDArray f = ds.getFeatures();
        INDArray x = f.rank() == 2 ? f : f.reshape('c', new long[] {f.size(0), f.length() / f.size(0)});
        if (x.columns() != columns) {
            throw new IllegalArgumentException("DataSetIterator " + where + " has " + x.columns() + " feature columns, expected "
                    + columns + " (shape " + Arrays.toString(f.shape()) + ")");
        }
        try {
            BinaryDataset.checkBinary(x);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DataSetIterator " + where + ": features must be binary (0 or 1); binarise them"
                    + " first (e.g. MnistDataSetIterator(..., binarize = true, ...))", e);
        }
        return x.castTo(dtype);
    }

    /**
     * Collects all features of an iterator into one matrix (e.g. a validation or test set).
     *
     * @param iterator the iterator (reset first when it supports it)
     * @param dtype    FLOAT or DOUBLE
     * @return a new [n, columns] binary matrix
     */
    public static INDArray collect(DataSetIterator iterator, DataType dtype) {
        if (iterator.resetSupported()) {
            iterator.reset();
        }
        DataSetIteratorSource src = new DataSetIteratorSource(iterator, dtype);
        src.started = true;
        List<INDArray> parts = new ArrayList<>();
        int b = 0;
        while (iterator.hasNext()) {
            parts.add(src.features(iterator.next(), "batch " + (++b)));
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("the DataSetIterator returned no data");
        }
        return Nd4j.vstack(parts.toArray(new INDArray[0]));
    }
}
