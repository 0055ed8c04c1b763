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

    static OptimizerSettings read(ConfigValues v) {
        Algorithm a = Algorithm.parse(v.get("algo"));
        int k = v.positiveInt("k");
        int batch = v.positiveInt("batch");
        double lr = v.positiveFinite("lr");
        String opt = v.get("optimizer").toLowerCase(Locale.ROOT);
        Optimizer.named(opt);   // validates the name
        double factor = v.number("lr-factor");
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("--lr-factor must be in (0, 1] (1 = a constant rate), got " + v.get("lr-factor"));
        }
        int every = v.positiveInt("lr-every");
        double min = v.number("lr-min");
        if (!(min >= 0 && min <= lr)) {
            throw new IllegalArgumentException("--lr-min must be in [0, --lr] (0 = no floor), got " + v.get("lr-min")
                    + " with --lr " + v.get("lr"));
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
