package org.nrws.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.random.RandomSource;

/**
 * A Helmholtz machine: a generative sigmoid belief network p (bias-only top prior) and a
 * recognition sigmoid belief network q over layers of sizes n0 (visible) .. nL (spec section 1).
 *
 * <p>Parameters are listed in a fixed order, used by gradients, optimisers and checkpoints:
 * p layers 0..L (named {@code p0 .. pL}, {@code pL} being the top prior), then q layers 0..L-1
 * ({@code q0 .. q(L-1)}).
 */
public final class HelmholtzMachine {

    /** Default clipping of probabilities before logarithms, as in the reference code. */
    public static final double DEFAULT_CLIP = 1e-3;

    private final int[] sizes;
    private final SigmoidBeliefNetwork p;
    private final SigmoidBeliefNetwork q;
    private final double clip;

    /**
     * @param sizes layer sizes n0 .. nL
     * @param p     generative network, L + 1 layers
     * @param q     recognition network, L layers
     * @param clip  probability clipping before logs, in [0, 0.5)
     */
    public HelmholtzMachine(int[] sizes, SigmoidBeliefNetwork p, SigmoidBeliefNetwork q, double clip) {
        validateSizes(sizes);
        int L = sizes.length - 1;
        if (p.size() != L + 1 || q.size() != L) {
            throw new IllegalArgumentException("expected " + (L + 1) + " p layers and " + L + " q layers, got "
                    + p.size() + " and " + q.size());
        }
        for (int l = 0; l <= L; l++) {
            int nIn = l == L ? 0 : sizes[l + 1];
            check(p.layer(l), nIn, sizes[l]);
        }
        for (int l = 0; l < L; l++) {
            check(q.layer(l), sizes[l], sizes[l + 1]);
        }
        if (!(clip >= 0 && clip < 0.5)) {
            throw new IllegalArgumentException("clip must be in [0, 0.5), got " + clip);
        }
        this.sizes = sizes.clone();
        this.p = p;
        this.q = q;
        this.clip = clip;
    }

    /**
     * A machine with Gaussian weights of standard deviation {@code initStd} and zero biases.
     *
     * @param visible  n0
     * @param latents  n1 .. nL, bottom to top, at least one
     * @param dtype    FLOAT or DOUBLE
     * @param initStd  standard deviation of the initial weights
     * @param clip     probability clipping
     * @param rng      source of the initial weights (use the run's {@link RandomSource#DOMAIN_INIT} stream)
     * @return a new machine
     */
    public static HelmholtzMachine create(int visible, int[] latents, DataType dtype, double initStd, double clip,
                                          RandomSource rng) {
        if (latents == null || latents.length == 0) {
            throw new IllegalArgumentException("a Helmholtz machine needs at least one latent layer");
        }
        int[] sizes = new int[latents.length + 1];
        sizes[0] = visible;
        System.arraycopy(latents, 0, sizes, 1, latents.length);
        validateSizes(sizes);
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
            throw new IllegalArgumentException("dtype must be FLOAT or DOUBLE, got " + dtype);
        }
        int L = latents.length;
        List<SigmoidLayer> pl = new ArrayList<>();
        for (int l = 0; l <= L; l++) {
            int nIn = l == L ? 0 : sizes[l + 1];
            pl.add(new SigmoidLayer("p" + l, randomTheta(nIn, sizes[l], dtype, initStd, rng)));
        }
        List<SigmoidLayer> ql = new ArrayList<>();
        for (int l = 0; l < L; l++) {
            ql.add(new SigmoidLayer("q" + l, randomTheta(sizes[l], sizes[l + 1], dtype, initStd, rng)));
        }
        return new HelmholtzMachine(sizes,
                new SigmoidBeliefNetwork(SigmoidBeliefNetwork.Direction.GENERATIVE, pl),
                new SigmoidBeliefNetwork(SigmoidBeliefNetwork.Direction.RECOGNITION, ql), clip);
    }

    private static INDArray randomTheta(int nIn, int nOut, DataType dtype, double std, RandomSource rng) {
        double[] a = new double[(nIn + 1) * nOut];
        for (int i = 0; i < nIn * nOut; i++) {
            a[i] = std * rng.nextGaussian();
        }
        return Nd4j.createFromArray(a).reshape('c', nIn + 1, nOut).castTo(dtype);
    }

    private static void validateSizes(int[] sizes) {
        if (sizes == null || sizes.length < 2) {
            throw new IllegalArgumentException("a Helmholtz machine needs a visible layer and at least one latent layer");
        }
        for (int l = 0; l < sizes.length; l++) {
            if (sizes[l] < 1) {
                throw new IllegalArgumentException("layer " + l + " is empty (size " + sizes[l] + "); every layer needs at least one unit");
            }
        }
    }

    private static void check(SigmoidLayer layer, int nIn, int nOut) {
        if (layer.nIn() != nIn || layer.nOut() != nOut) {
            throw new IllegalArgumentException("layer " + layer.name() + " is [" + layer.nIn() + " -> " + layer.nOut()
                    + "], expected [" + nIn + " -> " + nOut + "]");
        }
    }

    /** @return the layer sizes n0 .. nL (a copy) */
    public int[] sizes() {
        return sizes.clone();
    }

    /** @return L, the number of latent layers */
    public int depth() {
        return sizes.length - 1;
    }

    /** @return n0, the number of visible units */
    public int visible() {
        return sizes[0];
    }

    /** @return the generative network */
    public SigmoidBeliefNetwork p() {
        return p;
    }

    /** @return the recognition network */
    public SigmoidBeliefNetwork q() {
        return q;
    }

    /** @return the probability clipping used before logarithms */
    public double clip() {
        return clip;
    }

    /** @return the parameters' data type */
    public DataType dataType() {
        return p.layer(0).dataType();
    }

    /** @return every layer, in the fixed parameter order (p0..pL, q0..q(L-1)) */
    public List<SigmoidLayer> layers() {
        List<SigmoidLayer> all = new ArrayList<>(p.layers());
        all.addAll(q.layers());
        return all;
    }

    /** @return the live parameter matrices, in the fixed parameter order */
    public List<INDArray> parameters() {
        List<INDArray> all = new ArrayList<>();
        for (SigmoidLayer layer : layers()) {
            all.add(layer.theta());
        }
        return all;
    }

    /** @return a deep copy of this machine */
    public HelmholtzMachine copy() {
        List<SigmoidLayer> pl = new ArrayList<>();
        for (SigmoidLayer l : p.layers()) {
            pl.add(new SigmoidLayer(l.name(), l.theta().dup()));
        }
        List<SigmoidLayer> ql = new ArrayList<>();
        for (SigmoidLayer l : q.layers()) {
            ql.add(new SigmoidLayer(l.name(), l.theta().dup()));
        }
        return new HelmholtzMachine(sizes, new SigmoidBeliefNetwork(p.direction(), pl),
                new SigmoidBeliefNetwork(q.direction(), ql), clip);
    }

    /**
     * Sets the visible biases of p to the logits of the given pixel means (clipped), the usual
     * initialisation for image data.
     *
     * @param means n0 marginal means of the training data
     */
    public void setVisibleBiasFromMarginals(double[] means) {
        if (means.length != sizes[0]) {
            throw new IllegalArgumentException("expected " + sizes[0] + " marginals, got " + means.length);
        }
        double[] logits = new double[means.length];
        for (int i = 0; i < means.length; i++) {
            double m = Math.min(Math.max(means[i], clip > 0 ? clip : 1e-3), 1 - (clip > 0 ? clip : 1e-3));
            logits[i] = Math.log(m / (1 - m));
        }
        INDArray theta = p.layer(0).theta();
        theta.putRow(theta.rows() - 1, Nd4j.createFromArray(logits).castTo(theta.dataType()));
    }

    /**
     * Checks that a data matrix fits this machine: [B, n0], B &ge; 1, entries exactly 0 or 1.
     *
     * @param x the data (not modified)
     * @throws IllegalArgumentException naming what is wrong
     */
    public void validateData(INDArray x) {
        if (x == null || x.rank() != 2) {
            throw new IllegalArgumentException("data must be a [B, " + sizes[0] + "] matrix, got "
                    + (x == null ? "null" : Arrays.toString(x.shape())));
        }
        if (x.rows() < 1) {
            throw new IllegalArgumentException("data has no rows (B must be >= 1)");
        }
        if (x.columns() != sizes[0]) {
            throw new IllegalArgumentException("data has " + x.columns() + " columns but the model has " + sizes[0]
                    + " visible units");
        }
        double bad = x.castTo(DataType.DOUBLE).mul(x.castTo(DataType.DOUBLE).rsub(1.0)).norm1Number().doubleValue();
        if (bad != 0.0) {
            throw new IllegalArgumentException("data must be binary (every entry 0 or 1); found non-binary or NaN entries");
        }
    }

    /**
     * Wake pass: h ~ q(.|x) bottom-up, then both networks' probabilities and log-probabilities.
     *
     * @param x   [N, n0] binary data (already replicated K times if needed); not modified
     * @param rng source of the uniforms
     * @return the trace
     */
    public Trace wake(INDArray x, RandomSource rng) {
        int L = depth();
        long n = x.rows();
        INDArray[] h = new INDArray[L + 1];
        INDArray[] qProb = new INDArray[L];
        h[0] = x.dataType() == dataType() ? x : x.castTo(dataType());
        for (int l = 0; l < L; l++) {
            qProb[l] = q.layer(l).probabilities(h[l], n);
            h[l + 1] = q.layer(l).sample(qProb[l], rng);
        }
        INDArray[] pProb = pProbabilities(h, n);
        return new Trace(this, h, pProb, qProb, logP(h, pProb), logQ(h, qProb));
    }

    /**
     * Sleep pass: N dreams (x, h) ~ p drawn ancestrally from the top prior down, then the
     * recognition probabilities and both log-probabilities.
     *
     * @param n   number of dreams
     * @param rng source of the uniforms
     * @return the trace
     */
    public Trace dream(long n, RandomSource rng) {
        int L = depth();
        INDArray[] h = new INDArray[L + 1];
        INDArray[] pProb = new INDArray[L + 1];
        for (int l = L; l >= 0; l--) {
            pProb[l] = p.layer(l).probabilities(l == L ? null : h[l + 1], n);
            h[l] = p.layer(l).sample(pProb[l], rng);
        }
        INDArray[] qProb = new INDArray[L];
        for (int l = 0; l < L; l++) {
            qProb[l] = q.layer(l).probabilities(h[l], n);
        }
        return new Trace(this, h, pProb, qProb, logP(h, pProb), logQ(h, qProb));
    }

    /**
     * Evaluates given states: probabilities and log-probabilities of (x, h) under p and of h given x
     * under q, with no sampling.
     *
     * @param states h^0 .. h^L, each [N, n_l]
     * @return the trace
     */
    public Trace evaluate(INDArray[] states) {
        int L = depth();
        if (states.length != L + 1) {
            throw new IllegalArgumentException("expected " + (L + 1) + " state matrices, got " + states.length);
        }
        long n = states[0].rows();
        INDArray[] qProb = new INDArray[L];
        for (int l = 0; l < L; l++) {
            qProb[l] = q.layer(l).probabilities(states[l], n);
        }
        INDArray[] pProb = pProbabilities(states, n);
        return new Trace(this, states.clone(), pProb, qProb, logP(states, pProb), logQ(states, qProb));
    }

    private INDArray[] pProbabilities(INDArray[] h, long n) {
        int L = depth();
        INDArray[] pProb = new INDArray[L + 1];
        for (int l = 0; l <= L; l++) {
            pProb[l] = p.layer(l).probabilities(l == L ? null : h[l + 1], n);
        }
        return pProb;
    }

    private INDArray logP(INDArray[] h, INDArray[] pProb) {
        INDArray sum = null;
        for (int l = 0; l < pProb.length; l++) {
            INDArray lp = SigmoidLayer.logProbability(h[l], pProb[l], clip);
            sum = sum == null ? lp : sum.addi(lp);
        }
        return sum;
    }

    private INDArray logQ(INDArray[] h, INDArray[] qProb) {
        INDArray sum = null;
        for (int l = 0; l < qProb.length; l++) {
            INDArray lq = SigmoidLayer.logProbability(h[l + 1], qProb[l], clip);
            sum = sum == null ? lq : sum.addi(lq);
        }
        return sum;
    }
}
