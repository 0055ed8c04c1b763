package org.nrws.app.run;

import java.util.Locale;
import java.util.Map;
import org.nrws.optim.LearningRateSchedule;
import org.nrws.optim.Optimizer;
import org.nrws.train.Algorithm;

/**
 * How a run learns: {@code --algo}, {@code --k}, {@code --batch}, {@code --lr} with its schedule
 * ({@code --lr-factor}, {@code --lr-every}, {@code --lr-min}), {@code --optimizer} and the run
 * seed {@code --seed}.
 *
 * @param algorithm    the algorithm
 * @param k            K, importance samples per data point
 * @param batch        B, the minibatch size
 * @param learningRate the learning rate
 * @param optimizer    sgd, momentum or adam
 * @param seed         the run seed
 * @param lrFactor     the schedule's factor per interval, in (0, 1]
 * @param lrEvery      the schedule's interval in updates
 * @param lrMin        the schedule's floor, an absolute rate in [0, learningRate]; 0 = none
 */
public record OptimizerSettings(Algorithm algorithm, int k, int batch, double learningRate, String optimizer, long seed,
                                double lrFactor, int lrEvery, double lrMin) {

    /** The value of {@code --lr} that picks the optimiser's own default rate ({@link #defaultLearningRate}). */
    public static final String LR_AUTO = "auto";

    /**
     * The learning rate of {@code --lr auto}, the default, for each optimiser: plain SGD 0.05 (the
     * natural gradient's best rate in the equal-time screens of bench/RESULTS.md section 8.1, at
     * alpha 0.1), momentum 0.005 (its steady-state step, lr / (1 - 0.9), equals SGD's 0.05) and Adam
     * 0.001 (Kingma and Ba's default, and the rate of the RWS + Adam reference runs). A saved
     * configuration holds the number, never {@code auto}.
     *
     * @param optimizer sgd, momentum or adam
     * @return the default learning rate
     * @throws IllegalArgumentException for an unknown optimiser
     */
    public static double defaultLearningRate(String optimizer) {
        return DEFAULT_LEARNING_RATES.get(Optimizer.named(optimizer).name());   // named() knows the names and refuses others
    }

    /** {@link #defaultLearningRate} by {@link Optimizer#name()}. */
    private static final Map<String, Double> DEFAULT_LEARNING_RATES = Map.of("sgd", 0.05, "momentum", 0.005, "adam", 0.001);

    static OptimizerSettings read(ConfigValues v) {
        Algorithm a = Algorithm.parse(v.get("algo"));
        int k = v.positiveInt("k");
        int batch = v.positiveInt("batch");
        String opt = v.get("optimizer").toLowerCase(Locale.ROOT);
        Optimizer.named(opt);   // validates the name
        double lr = LR_AUTO.equalsIgnoreCase(v.get("lr")) ? defaultLearningRate(opt) : v.positiveFinite("lr");
        double factor = v.number("lr-factor");
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("--lr-factor must be in (0, 1] (1 = a constant rate), got " + v.get("lr-factor"));
        }
        int every = v.positiveInt("lr-every");
        double min = v.number("lr-min");
        if (!(min >= 0 && min <= lr)) {
            throw new IllegalArgumentException("--lr-min must be in [0, --lr] (0 = no floor), got " + v.get("lr-min")
                    + " with --lr " + ConfigValues.text(lr));
        }
        return new OptimizerSettings(a, k, batch, lr, opt, v.longValue("seed"), factor, every, min);
    }

    /** @return the learning-rate schedule, its floor relative to the learning rate */
    public LearningRateSchedule schedule() {
        return new LearningRateSchedule(lrFactor, lrEvery, lrMin / learningRate);
    }

    /** @return a new optimiser of this kind (optimisers keep state: one per run) */
    public Optimizer newOptimizer() {
        return Optimizer.named(optimizer);
    }

    void write(Map<String, String> m) {
        m.put("algo", algorithm.id());
        m.put("k", Integer.toString(k));
        m.put("batch", Integer.toString(batch));
        m.put("lr", ConfigValues.text(learningRate));
        m.put("lr-factor", ConfigValues.text(lrFactor));
        m.put("lr-every", Integer.toString(lrEvery));
        m.put("lr-min", ConfigValues.text(lrMin));
        m.put("optimizer", optimizer);
        m.put("seed", Long.toString(seed));
    }
}
