package org.nrws.data;

import java.util.Iterator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.random.RandomSource;

/**
 * Where the training loop gets its minibatches. An epoch's batches must be a
 * deterministic function of the epoch number and the given random stream, so that a resumed run
 * sees the same batches as an uninterrupted one.
 */
public interface MinibatchSource {

    /** @return the number of columns (visible units) of every batch */
    int columns();

    /**
     * The minibatches of one epoch.
     *
     * @param epoch   the epoch number, from 0
     * @param shuffle the epoch's random stream (for shuffling or dynamic binarisation)
     * @return an iterator over [B, columns] binary matrices
     */
    Iterator<INDArray> epoch(int epoch, RandomSource shuffle);
}
