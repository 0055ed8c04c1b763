package org.nrws.app.run;

import java.util.Locale;
import java.util.Map;
import org.nrws.optim.Optimizer;
import org.nrws.train.Algorithm;

/**
 * How a run learns: {@code --algo}, {@code --k}, {@code --batch}, {@code --lr},
 * {@code --optimizer} and the run seed {@code --seed}.
 *
 * @param algorithm    the algorithm
 * @param k            K, importance samples per data point
 * @param batch        B, the minibatch size
 * @param learningRate the learning rate
 * @param optimizer    sgd, momentum or adam
 * @param seed         the run seed
 */
public record OptimizerSettings(Algorithm algorithm, int k, int batch, double learningRate, String optimizer, long seed) {

    static OptimizerSettings read(ConfigValues v) {
        Algorithm a = Algorithm.parse(v.get("algo"));
        int k = v.positiveInt("k");
        int batch = v.positiveInt("batch");
        double lr = v.positiveFinite("lr");
        String opt = v.get("optimizer").toLowerCase(Locale.ROOT);
        Optimizer.named(opt);   // validates the name
        return new OptimizerSettings(a, k, batch, lr, opt, v.longValue("seed"));
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
        m.put("optimizer", optimizer);
        m.put("seed", Long.toString(seed));
    }
}
