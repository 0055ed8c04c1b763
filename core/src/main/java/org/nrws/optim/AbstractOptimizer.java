package org.nrws.optim;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Owns the bookkeeping of an optimiser: argument checks, lazily created state, the update count. */
public abstract class AbstractOptimizer implements Optimizer {

    /** State arrays, one group per parameter (created on the first update). */
    protected final List<INDArray> state = new ArrayList<>();
    private long updates;

    /** @return how many state arrays each parameter needs */
    protected abstract int statesPerParameter();

    /**
     * Updates one parameter.
     *
     * @param parameter    the live parameter (modified)
     * @param direction    the ascent direction (not modified)
     * @param learningRate the learning rate
     * @param states       this parameter's state arrays (modified)
     * @param t            the 1-based update number
     */
    protected abstract void update(INDArray parameter, INDArray direction, double learningRate, List<INDArray> states,
                                   long t);

    @Override
    public final void update(List<INDArray> parameters, List<INDArray> directions, double[] learningRates) {
        if (parameters.size() != directions.size() || parameters.size() != learningRates.length) {
            throw new IllegalArgumentException("optimizer: " + parameters.size() + " parameters, " + directions.size()
                    + " directions, " + learningRates.length + " learning rates");
        }
        int s = statesPerParameter();
        if (state.isEmpty() && s > 0) {
            for (INDArray p : parameters) {
                for (int j = 0; j < s; j++) {
                    state.add(p.ulike().assign(0));
                }
            }
        }
        updates++;
        for (int i = 0; i < parameters.size(); i++) {
            update(parameters.get(i), directions.get(i), learningRates[i], state.subList(i * s, i * s + s), updates);
        }
    }

    @Override
    public List<INDArray> state() {
        return state;
    }

    @Override
    public long updates() {
        return updates;
    }

    @Override
    public void restore(List<INDArray> saved, long updates) {
        state.clear();
        for (INDArray a : saved) {
            state.add(a.dup());
        }
        this.updates = updates;
    }
}
