package org.nrws.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Everything one pass through a Helmholtz machine produced for N rows: the states of every layer,
 * the unclipped probabilities both networks assign to them, and log p(x,h), log q(h|x).
 *
 * <p>A wake pass fills it with data and h ~ q(.|x); a dream (sleep) pass with (x,h) ~ p. The
 * arrays are owned by the trace and must not be modified.
 */
public final class Trace {

    private final INDArray[] states;
    private final INDArray[] pProbabilities;
    private final INDArray[] qProbabilities;
    private final INDArray logP;
    private final INDArray logQ;
    private final INDArray[] pInputs;
    private final INDArray[] qInputs;
    private final HelmholtzMachine machine;

    Trace(HelmholtzMachine machine, INDArray[] states, INDArray[] pProbabilities, INDArray[] qProbabilities,
          INDArray logP, INDArray logQ) {
        this.machine = machine;
        this.states = states;
        this.pProbabilities = pProbabilities;
        this.qProbabilities = qProbabilities;
        this.logP = logP;
        this.logQ = logQ;
        this.pInputs = new INDArray[pProbabilities.length];
        this.qInputs = new INDArray[qProbabilities.length];
    }

    /** @return N, the number of rows */
    public long rows() {
        return states[0].rows();
    }

    /**
     * @param l layer index, 0 = visible
     * @return [N, n_l] states h^l
     */
    public INDArray state(int l) {
        return states[l];
    }

    /**
     * @param l p layer index (L = top prior)
     * @return [N, n_l] probabilities p(h^l_i = 1 | h^{l+1}), unclipped
     */
    public INDArray pProbabilities(int l) {
        return pProbabilities[l];
    }

    /**
     * @param l q layer index
     * @return [N, n_{l+1}] probabilities q(h^{l+1}_j = 1 | h^l), unclipped
     */
    public INDArray qProbabilities(int l) {
        return qProbabilities[l];
    }

    /** @return [N] log p(x, h) */
    public INDArray logP() {
        return logP;
    }

    /** @return [N] log q(h | x) */
    public INDArray logQ() {
        return logQ;
    }

    /**
     * The augmented input U = [h^{l+1}, 1] of p layer l (a column of ones for the prior),
     * computed once and cached.
     *
     * @param l p layer index
     * @return [N, d] array
     */
    public INDArray pInput(int l) {
        if (pInputs[l] == null) {
            SigmoidLayer layer = machine.p().layer(l);
            pInputs[l] = layer.augmented(layer.nIn() == 0 ? null : states[l + 1], rows());
        }
        return pInputs[l];
    }

    /**
     * The augmented input U = [h^l, 1] of q layer l, computed once and cached.
     *
     * @param l q layer index
     * @return [N, d] array
     */
    public INDArray qInput(int l) {
        if (qInputs[l] == null) {
            qInputs[l] = machine.q().layer(l).augmented(states[l], rows());
        }
        return qInputs[l];
    }
}
