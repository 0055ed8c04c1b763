package org.nrws.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nrws.host.HostMatrix;

/**
 * Everything one pass through a Helmholtz machine produced for N rows: the states of every layer,
 * the unclipped probabilities both networks assign to them, and log p(x,h), log q(h|x).
 *
 * <p>A wake pass fills it with data and h ~ q(.|x); a dream (sleep) pass with (x,h) ~ p. A trace is
 * a view of rows of a {@link StepWorkspace}: the arrays it returns share the workspace's memory,
 * must not be modified, and are overwritten by the workspace's next pass (copy them to keep them).
 * The host accessors give the same memory to the fused kernels and the solvers.
 */
public final class Trace {

    private final StepWorkspace ws;
    private final int first;
    private final int depth;
    private int rows;
    private boolean logPValid;
    private boolean logQValid;
    private INDArray[] stateViews;
    private INDArray[] pViews;
    private INDArray[] qViews;
    private INDArray[] inputViews;
    private INDArray logPView;
    private INDArray logQView;

    Trace(StepWorkspace ws, int first) {
        this.ws = ws;
        this.first = first;
        this.depth = ws.depth();
        this.rows = ws.rowsPerPass();
    }

    /** Marks the pass as (re)written: N rows, which log-probabilities it holds; drops stale views. */
    void written(int n, boolean withLogP, boolean withLogQ) {
        if (n != rows) {
            rows = n;
            stateViews = null;
            pViews = null;
            qViews = null;
            inputViews = null;
            logPView = null;
            logQView = null;
        }
        logPValid = withLogP;
        logQValid = withLogQ;
    }

    /**
     * Sets the number of rows of the next pass (at most the workspace's rows per pass), so its
     * inputs can be filled through the host views; the log-probabilities become invalid.
     *
     * @param n the rows
     * @return this
     */
    public Trace resize(int n) {
        if (n < 1 || n > ws.rowsPerPass()) {
            throw new IllegalArgumentException("a pass of this workspace has 1.." + ws.rowsPerPass() + " rows, not " + n);
        }
        written(n, false, false);
        return this;
    }

    /** @return N, the number of rows */
    public long rows() {
        return rows;
    }

    /** @return the workspace this trace is a view of */
    public StepWorkspace workspace() {
        return ws;
    }

    /**
     * @param l layer index, 0 = visible
     * @return [N, n_l] states h^l (a view)
     */
    public INDArray state(int l) {
        if (stateViews == null) {
            stateViews = new INDArray[depth + 1];
        }
        if (stateViews[l] == null) {
            stateViews[l] = ws.stateArray(l).get(rowRange(), NDArrayIndex.interval(0, ws.sizes()[l]));
        }
        return stateViews[l];
    }

    /**
     * @param l p layer index (L = top prior)
     * @return [N, n_l] probabilities p(h^l_i = 1 | h^{l+1}), unclipped (a view)
     */
    public INDArray pProbabilities(int l) {
        if (pViews == null) {
            pViews = new INDArray[depth + 1];
        }
        if (pViews[l] == null) {
            pViews[l] = ws.pArray(l).get(rowRange(), NDArrayIndex.all());
        }
        return pViews[l];
    }

    /**
     * @param l q layer index
     * @return [N, n_{l+1}] probabilities q(h^{l+1}_j = 1 | h^l), unclipped (a view)
     */
    public INDArray qProbabilities(int l) {
        if (qViews == null) {
            qViews = new INDArray[depth];
        }
        if (qViews[l] == null) {
            qViews[l] = ws.qArray(l).get(rowRange(), NDArrayIndex.all());
        }
        return qViews[l];
    }

    /** @return [N] log p(x, h) (a view) */
    public INDArray logP() {
        checkLog(logPValid, "log p");
        if (logPView == null) {
            logPView = ws.logPArray().get(rowRange(), NDArrayIndex.point(0));
        }
        return logPView;
    }

    /** @return [N] log q(h | x) (a view) */
    public INDArray logQ() {
        checkLog(logQValid, "log q");
        if (logQView == null) {
            logQView = ws.logQArray().get(rowRange(), NDArrayIndex.point(0));
        }
        return logQView;
    }

    /**
     * The augmented input U = [h^{l+1}, 1] of p layer l (a column of ones for the prior).
     *
     * @param l p layer index
     * @return [N, d] array (a view)
     */
    public INDArray pInput(int l) {
        return l == depth ? input(depth + 1, ws.onesArray()) : qInput(l + 1);
    }

    /**
     * The augmented input U = [h^l, 1] of q layer l.
     *
     * @param l q layer index
     * @return [N, d] array (a view)
     */
    public INDArray qInput(int l) {
        return input(l, ws.stateArray(l));
    }

    private INDArray input(int slot, INDArray array) {
        if (inputViews == null) {
            inputViews = new INDArray[depth + 2];
        }
        if (inputViews[slot] == null) {
            inputViews[slot] = array.get(rowRange(), NDArrayIndex.all());
        }
        return inputViews[slot];
    }

    /**
     * @param l layer index
     * @return [N, n_l] host view of h^l
     */
    public HostMatrix hostState(int l) {
        return ws.state(l).rowBlock(first, first + rows).columnBlock(0, ws.sizes()[l]);
    }

    /**
     * @param l p layer index
     * @return [N, d] host view of p layer l's augmented input (ones for the prior)
     */
    public HostMatrix hostPInput(int l) {
        return l == depth ? ws.ones().rowBlock(first, first + rows) : hostQInput(l + 1);
    }

    /**
     * @param l q layer index (or L, for the states of the top layer with their ones column)
     * @return [N, n_l + 1] host view of the augmented states h^l
     */
    public HostMatrix hostQInput(int l) {
        return ws.state(l).rowBlock(first, first + rows);
    }

    /**
     * @param l p layer index
     * @return [N, n_l] host view of p's probabilities
     */
    public HostMatrix hostPProbabilities(int l) {
        return ws.pProb(l).rowBlock(first, first + rows);
    }

    /**
     * @param l q layer index
     * @return [N, n_{l+1}] host view of q's probabilities
     */
    public HostMatrix hostQProbabilities(int l) {
        return ws.qProb(l).rowBlock(first, first + rows);
    }

    /** @return [N, 1] host view of log p(x, h) */
    public HostMatrix hostLogP() {
        return ws.logP().rowBlock(first, first + rows);
    }

    /** @return [N, 1] host view of log q(h | x) */
    public HostMatrix hostLogQ() {
        return ws.logQ().rowBlock(first, first + rows);
    }

    /** @return true when this pass computed log p and log q (a training dream pass does not) */
    public boolean scored() {
        return logPValid && logQValid;
    }

    /** @return the first row of this pass in its workspace */
    int firstRow() {
        return first;
    }

    private INDArrayIndex rowRange() {
        return NDArrayIndex.interval(first, first + rows);
    }

    private void checkLog(boolean valid, String what) {
        if (!valid) {
            throw new IllegalStateException(what + " was not computed by this pass (a training dream pass is not scored)");
        }
    }
}
