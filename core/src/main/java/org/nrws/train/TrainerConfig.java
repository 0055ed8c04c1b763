package org.nrws.train;

import java.util.Map;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.SigmoidLayer;
import org.nrws.optim.LearningRateSchedule;

/**
 * Budget and learning rates of a training run. Training stops at whichever budget is reached
 * first; at least one must be finite.
 *
 * @param maxEpochs          number of passes over the data (&ge; 1), or {@link Integer#MAX_VALUE}
 * @param maxUpdates         number of updates (&ge; 1), or {@link Long#MAX_VALUE}
 * @param timeBudgetSeconds  budget of training seconds ({@link Trainer#wallSeconds()}: wall clock
 *                           without evaluation and other listener time; &gt; 0, or infinity)
 * @param learningRate       the learning rate of every layer without an override (&gt; 0)
 * @param layerLearningRates overrides by layer name ({@code "p0"}, {@code "q1"}, ...)
 * @param schedule           the learning-rate schedule applied to every layer's rate
 */
public record TrainerConfig(int maxEpochs, long maxUpdates, double timeBudgetSeconds, double learningRate,
                            Map<String, Double> layerLearningRates, LearningRateSchedule schedule) {

    /** Validates. */
    public TrainerConfig {
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + maxEpochs);
        }
        if (maxUpdates < 1) {
            throw new IllegalArgumentException("max updates must be >= 1, got " + maxUpdates);
        }
        if (!(timeBudgetSeconds > 0)) {
            throw new IllegalArgumentException("time budget must be > 0 seconds, got " + timeBudgetSeconds);
        }
        if (maxEpochs == Integer.MAX_VALUE && maxUpdates == Long.MAX_VALUE && Double.isInfinite(timeBudgetSeconds)) {
            throw new IllegalArgumentException("no budget: set epochs, max updates or a time budget");
        }
        checkRate("learning rate", learningRate);
        layerLearningRates = Map.copyOf(layerLearningRates == null ? Map.of() : layerLearningRates);
        layerLearningRates.forEach((k, v) -> checkRate("learning rate of layer " + k, v));
        schedule = schedule == null ? LearningRateSchedule.CONSTANT : schedule;
    }

    /**
     * A configuration with a constant learning rate.
     *
     * @param maxEpochs          number of passes over the data
     * @param maxUpdates         number of updates
     * @param timeBudgetSeconds  budget of training seconds
     * @param learningRate       the learning rate of every layer without an override
     * @param layerLearningRates overrides by layer name
     */
    public TrainerConfig(int maxEpochs, long maxUpdates, double timeBudgetSeconds, double learningRate,
                         Map<String, Double> layerLearningRates) {
        this(maxEpochs, maxUpdates, timeBudgetSeconds, learningRate, layerLearningRates, LearningRateSchedule.CONSTANT);
    }

    /**
     * @param s the learning-rate schedule
     * @return a copy with this schedule
     */
    public TrainerConfig withSchedule(LearningRateSchedule s) {
        return new TrainerConfig(maxEpochs, maxUpdates, timeBudgetSeconds, learningRate, layerLearningRates, s);
    }

    private static void checkRate(String what, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be finite and > 0, got " + v);
        }
    }

    /**
     * A budget of updates only.
     *
     * @param updates      the number of updates
     * @param learningRate the learning rate of every layer
     * @return the config
     */
    public static TrainerConfig updates(long updates, double learningRate) {
        return new TrainerConfig(Integer.MAX_VALUE, updates, Double.POSITIVE_INFINITY, learningRate, Map.of());
    }

    /**
     * @param machine the model
     * @return one base learning rate per parameter array (before the schedule), in the machine's parameter order
     * @throws IllegalArgumentException when an override names no layer of the machine
     */
    public double[] learningRates(HelmholtzMachine machine) {
        var layers = machine.layers();
        double[] lr = new double[layers.size()];
        for (String name : layerLearningRates.keySet()) {
            if (layers.stream().noneMatch(l -> l.name().equals(name))) {
                throw new IllegalArgumentException("learning-rate override for unknown layer '" + name + "'");
            }
        }
        for (int i = 0; i < lr.length; i++) {
            SigmoidLayer l = layers.get(i);
            lr[i] = layerLearningRates.getOrDefault(l.name(), learningRate);
        }
        return lr;
    }
}
