package org.nrws.app.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.data.MinibatchSource;

/**
 * A binary data set ready for training and evaluation: the training minibatches, the
 * training, validation and test matrices used for evaluation, the training pixel means (for the
 * visible biases) and a description of the protocol that produced them.
 */
public final class Splits {

    private final String name;
    private final String protocol;
    private final MinibatchSource train;
    private final int trainSize;
    private final Supplier<INDArray> trainForEvaluation;
    private INDArray trainEval;
    private final INDArray valid;
    private final INDArray test;
    private final double[] trainMeans;
    private final int[] imageShape;
    private final Map<String, String> provenance;

    /**
     * @param name               the data set's name, e.g. {@code mnist}
     * @param protocol           how the bits were made, e.g. {@code fixed(seed=1234)}
     * @param train              the training minibatches
     * @param trainSize          the number of training rows
     * @param trainForEvaluation makes the binary training matrix used to evaluate the training LL (called at most once)
     * @param valid              the binary validation matrix
     * @param test               the binary test matrix
     * @param trainMeans         mean of every visible unit over the training set
     * @param imageShape         {height, width} for pictures of the rows
     * @param provenance         what to record with results (split sizes, files, seeds)
     */
    public Splits(String name, String protocol, MinibatchSource train, int trainSize, Supplier<INDArray> trainForEvaluation,
                  INDArray valid, INDArray test, double[] trainMeans, int[] imageShape, Map<String, String> provenance) {
        if (train.columns() != valid.columns() || train.columns() != test.columns()) {
            throw new IllegalArgumentException("train, validation and test have " + train.columns() + ", " + valid.columns()
                    + " and " + test.columns() + " columns; they must be equal");
        }
        this.name = name;
        this.protocol = protocol;
        this.train = train;
        this.trainSize = trainSize;
        this.trainForEvaluation = trainForEvaluation;
        this.valid = valid;
        this.test = test;
        this.trainMeans = trainMeans.clone();
        this.imageShape = imageShape.clone();
        this.provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }

    /** @return the data set's name */
    public String name() {
        return name;
    }

    /** @return the binarisation protocol and its seed */
    public String protocol() {
        return protocol;
    }

    /** @return the training minibatches */
    public MinibatchSource train() {
        return train;
    }

    /** @return the number of training rows */
    public int trainSize() {
        return trainSize;
    }

    /** @return the binary training matrix used for evaluation (made on first use) */
    public synchronized INDArray trainForEvaluation() {
        if (trainEval == null) {
            trainEval = trainForEvaluation.get();
        }
        return trainEval;
    }

    /** @return the validation matrix */
    public INDArray valid() {
        return valid;
    }

    /** @return the test matrix */
    public INDArray test() {
        return test;
    }

    /**
     * @param split train, valid or test
     * @return that split's matrix
     */
    public INDArray split(String split) {
        switch (split) {
            case "train":
                return trainForEvaluation();
            case "valid":
                return valid;
            case "test":
                return test;
            default:
                throw new IllegalArgumentException("unknown split '" + split + "' (expected train, valid or test)");
        }
    }

    /** @return the visible units' training means */
    public double[] trainMeans() {
        return trainMeans.clone();
    }

    /** @return {height, width} of one row seen as an image */
    public int[] imageShape() {
        return imageShape.clone();
    }

    /** @return the number of visible units */
    public int columns() {
        return train.columns();
    }

    /** @return provenance entries (split sizes, sources, seeds) */
    public Map<String, String> provenance() {
        return provenance;
    }
}
