package org.nrws.optim;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A first-order optimiser that moves parameters along ascent directions (the estimators'
 * gradients are of log-likelihood-like objectives, so updates add).
 */
public interface Optimizer {

    /**
     * Applies one update.
     *
     * @param parameters    the live parameters, modified in place
     * @param directions    ascent directions of the same shapes (not modified)
     * @param learningRates one learning rate per parameter array
     */
    void update(List<INDArray> parameters, List<INDArray> directions, double[] learningRates);

    /** @return the optimiser's state arrays (live references), empty for SGD; used by checkpoints */
    List<INDArray> state();

    /** @return the number of updates applied so far */
    long updates();

    /**
     * Restores the state saved from {@link #state()} and {@link #updates()}.
     *
     * @param state   arrays of the shapes {@link #state()} returns once initialised
     * @param updates the update count
     */
    void restore(List<INDArray> state, long updates);

    /** @return a short name, e.g. {@code "adam"} */
    String name();

    /**
     * Creates an optimiser by name.
     *
     * @param name sgd, momentum or adam
     * @return a new optimiser with its default hyper-parameters
     */
    static Optimizer named(String name) {
        switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "sgd":
                return new Sgd();
            case "momentum":
                return new Momentum(0.9);
            case "adam":
                return new Adam(0.9, 0.999, 1e-8);
            default:
                throw new IllegalArgumentException("unknown optimizer '" + name + "' (expected sgd, momentum or adam)");
        }
    }
}
