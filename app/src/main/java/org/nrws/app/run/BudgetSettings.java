package org.nrws.app.run;

import java.util.Map;

/**
 * When a run stops and how it is evaluated: {@code --epochs}, {@code --max-updates},
 * {@code --time-budget}, {@code --eval-k}, {@code --eval-every}, {@code --monitor-k},
 * {@code --monitor-size}, {@code --patience} and {@code --logz-pairs}.
 *
 * @param epochs      the epoch budget, &ge; 1
 * @param maxUpdates  the update budget, 0 = none
 * @param timeBudget  the training-time budget in seconds, 0 = none
 * @param evalK       K of the final evaluation, 0 = no evaluation at all
 * @param evalEvery   when to evaluate during training
 * @param monitorK    K of the evaluations during training, as given (clamped by {@link RunConfig#monitorK()})
 * @param monitorSize rows of each split used by the evaluations during training
 * @param patience    evaluations without validation improvement before stopping, 0 = no early stopping
 * @param logzPairs   M, the (x, h) pairs of the BiHM estimate of 2 log Z, &ge; 1
 */
public record BudgetSettings(int epochs, long maxUpdates, double timeBudget, int evalK, EvalSchedule evalEvery, int monitorK,
                             int monitorSize, int patience, long logzPairs) {

    static BudgetSettings read(ConfigValues v) {
        int epochs = v.positiveInt("epochs");
        long maxUpdates = v.nonNegativeLong("max-updates");
        double t = v.number("time-budget");
        if (!(t >= 0) || Double.isInfinite(t)) {
            throw new IllegalArgumentException("--time-budget must be a number of seconds >= 0 (0 = none), got "
                    + v.get("time-budget"));
        }
        int evalK = v.nonNegativeInt("eval-k");
        EvalSchedule every = EvalSchedule.parse(v.get("eval-every"));
        int monitorK = v.positiveInt("monitor-k");
        int monitorSize = v.positiveInt("monitor-size");
        int patience = v.nonNegativeInt("patience");
        long pairs = v.longValue("logz-pairs");
        if (pairs < 1) {
            throw new IllegalArgumentException("--logz-pairs must be >= 1, got " + v.get("logz-pairs"));
        }
        return new BudgetSettings(epochs, maxUpdates, t, evalK, every, monitorK, monitorSize, patience, pairs);
    }

    void write(Map<String, String> m) {
        m.put("epochs", Integer.toString(epochs));
        m.put("max-updates", Long.toString(maxUpdates));
        m.put("time-budget", ConfigValues.text(timeBudget));
        m.put("eval-k", Integer.toString(evalK));
        m.put("eval-every", evalEvery.text());
        m.put("monitor-k", Integer.toString(monitorK));
        m.put("monitor-size", Integer.toString(monitorSize));
        m.put("patience", Integer.toString(patience));
        m.put("logz-pairs", Long.toString(logzPairs));
    }
}
