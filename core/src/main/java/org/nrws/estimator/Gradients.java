package org.nrws.estimator;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-layer ascent directions of one training step, in the [d, m] layout of the layers'
 * parameters: p layers 0..L, then q layers 0..L-1. A preconditioner of the training loop
 * replaces them in place.
 */
public final class Gradients {

    private final INDArray[] p;
    private final INDArray[] q;

    /**
     * @param p the p gradients, L + 1 arrays (kept by reference)
     * @param q the q gradients, L arrays (kept by reference)
     */
    public Gradients(INDArray[] p, INDArray[] q) {
        this.p = p;
        this.q = q;
    }

    /**
     * @param l p layer index
     * @return the [d, m] direction of p layer l
     */
    public INDArray p(int l) {
        return p[l];
    }

    /**
     * @param l q layer index
     * @return the [d, m] direction of q layer l
     */
    public INDArray q(int l) {
        return q[l];
    }

    /**
     * Replaces the direction of p layer l.
     *
     * @param l     p layer index
     * @param value the new [d, m] direction
     */
    public void setP(int l, INDArray value) {
        p[l] = value;
    }

    /**
     * Replaces the direction of q layer l.
     *
     * @param l     q layer index
     * @param value the new [d, m] direction
     */
    public void setQ(int l, INDArray value) {
        q[l] = value;
    }

    /** @return the number of p layers (L + 1) */
    public int pSize() {
        return p.length;
    }

    /** @return the number of q layers (L) */
    public int qSize() {
        return q.length;
    }

    /** @return all directions in the fixed parameter order (p0..pL, q0..q(L-1)) */
    public List<INDArray> list() {
        List<INDArray> all = new ArrayList<>(List.of(p));
        all.addAll(List.of(q));
        return all;
    }
}
