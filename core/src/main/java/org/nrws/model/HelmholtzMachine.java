package org.nrws.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.host.HostMatrix;
import org.nrws.host.Nd4jHost;
import org.nrws.host.ThreadPlan;
import org.nrws.model.kernels.Draws;
import org.nrws.random.RandomSource;

/**
 * A Helmholtz machine: a generative sigmoid belief network p (bias-only top prior) and a
 * recognition sigmoid belief network q over layers of sizes n0 (visible) .. nL (docs/math.md section 1).
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
    private final Units units;

    /**
     * @param sizes layer sizes n0 .. nL
     * @param p     generative network, L + 1 layers
     * @param q     recognition network, L layers
     * @param clip  probability clipping before logs, in [0, 0.5)
     */
    public HelmholtzMachine(int[] sizes, SigmoidBeliefNetwork p, SigmoidBeliefNetwork q, double clip) {
        this(sizes, p, q, clip, Units.ZERO_ONE);
    }

    /**
     * @param sizes layer sizes n0 .. nL
     * @param p     generative network, L + 1 layers
     * @param q     recognition network, L layers
     * @param clip  probability clipping before logs, in [0, 0.5)
     * @param units the values of the units (and of the data) that reach the weights
     */
    public HelmholtzMachine(int[] sizes, SigmoidBeliefNetwork p, SigmoidBeliefNetwork q, double clip, Units units) {
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
        this.units = units;
    }

    /**
     * A machine with Gaussian weights of standard deviation {@code initStd} and zero biases, units in
     * {0,1} ({@link Initialization#SMALL}).
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
        return Initialization.SMALL.create(visible, latents, dtype, Units.ZERO_ONE, initStd, clip, rng);
    }

    static void checkSizes(int[] sizes) {
        validateSizes(sizes);
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

    /** @return the values of the units: {0,1} or {-1,+1} */
    public Units units() {
        return units;
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
                new SigmoidBeliefNetwork(q.direction(), ql), clip, units);
    }

    /**
     * Sets the visible biases of p to the logits of the given pixel means (clipped), the usual
     * initialisation for image data.
     *
     * @param means n0 marginal means of the training data
     */
    public void setVisibleBiasFromMarginals(double[] means) {
        Initialization.visibleBiasFromMarginals(this, means);
    }

    /**
     * Checks that a data matrix fits this machine: [B, n0], B &ge; 1, entries exactly 0 or 1.
     *
     * @param x the data (not modified)
     * @throws IllegalArgumentException naming what is wrong
     */
    public void validateData(INDArray x) {
        HostMatrix h = visibleView(x);
        checkBinary(h);
    }

    private HostMatrix visibleView(INDArray x) {
        return DataChecks.visibleView(x, sizes[0], dataType());
    }

    private static void checkBinary(HostMatrix h) {
        DataChecks.checkBinary(h);
    }

    /**
     * A workspace for training steps on minibatches of B rows with K samples each (wake and sleep
     * passes), on the shared thread plan.
     *
     * @param batch   B
     * @param samples K
     * @return a new workspace
     */
    public StepWorkspace trainingWorkspace(int batch, int samples) {
        return new StepWorkspace(this, batch, samples, 2, ThreadPlan.shared().pool());
    }

    /**
     * Wake pass on a workspace: the minibatch is copied into the wake rows K times (row k*B + b
     * holds data point b), h ~ q(.|x) is drawn bottom-up from {@code rng} (layer after layer, each
     * a row-major [N, n] block of uniforms), then both networks' probabilities and log-probabilities.
     *
     * @param ws  the workspace (modified: its wake pass)
     * @param x   [B, n0] binary minibatch with B = {@code ws.batch()}; not modified
     * @param rng the update's stream (advanced by the draws); not used, and not advanced, when the
     *            workspace carries a {@link RowSeeding}, whose layout then gives the draws
     * @return the wake trace (a view of the workspace)
     * @throws IllegalArgumentException when x does not fit or is not binary
     */
    public Trace wake(StepWorkspace ws, INDArray x, RandomSource rng) {
        checkWorkspace(ws);
        HostMatrix h = visibleView(x);
        if (h.rows() != ws.batch()) {
            throw new IllegalArgumentException("minibatch has " + h.rows() + " rows but the workspace was built for B = "
                    + ws.batch());
        }
        checkBinary(h);
        Trace t = ws.wake();
        HostMatrix v = t.hostState(0);
        int b = ws.batch();
        v.rowBlock(0, b).copyFrom(h);
        encode(v.rowBlock(0, b));
        for (int k = 1; k < ws.samples(); k++) {
            v.rowBlock(k * b, (k + 1) * b).copyFrom(v.rowBlock(0, b));
        }
        RowSeeding seeding = ws.rowSeeding();
        if (seeding != null) {
            Passes.wake(this, t, ws.rowsPerPass(), b, seeding.wake(sizes, b, ws.samples()));
            return t;
        }
        return Passes.sampleWake(this, t, ws.rowsPerPass(), b, rng);
    }

    /**
     * Sleep pass on a workspace: N = B*K dreams (x, h) ~ p drawn ancestrally from the top prior
     * down (from {@code rng}, prior first), then q's probabilities of them.
     *
     * @param ws    the workspace (modified: its sleep pass)
     * @param rng   the stream (advanced by the draws); not used, and not advanced, when the workspace
     *              carries a {@link RowSeeding}, whose layout then gives the draws
     * @param score also compute log p(x,h) and log q(h|x)
     * @return the sleep trace (a view of the workspace)
     */
    public Trace dream(StepWorkspace ws, RandomSource rng, boolean score) {
        checkWorkspace(ws);
        RowSeeding seeding = ws.rowSeeding();
        if (seeding != null) {
            Passes.dream(this, ws.sleep(), ws.rowsPerPass(), seeding.dream(sizes, ws.batch(), ws.samples()), score);
            return ws.sleep();
        }
        return Passes.sampleDreams(this, ws.sleep(), ws.rowsPerPass(), rng, score);
    }

    /**
     * Wake pass: h ~ q(.|x) bottom-up, then both networks' probabilities and log-probabilities.
     *
     * @param x   [N, n0] binary data (already replicated K times if needed); not modified
     * @param rng source of the uniforms
     * @return the trace, on a workspace of its own
     */
    public Trace wake(INDArray x, RandomSource rng) {
        HostMatrix h = visibleView(x);
        checkBinary(h);
        StepWorkspace ws = new StepWorkspace(this, h.rows(), 1, 1, ThreadPlan.shared().pool());
        encode(ws.wake().hostState(0).copyFrom(h));
        return Passes.sampleWake(this, ws.wake(), h.rows(), h.rows(), rng);
    }

    /**
     * Sleep pass: N dreams (x, h) ~ p drawn ancestrally from the top prior down, then the
     * recognition probabilities and both log-probabilities.
     *
     * @param n   number of dreams
     * @param rng source of the uniforms
     * @return the trace, on a workspace of its own
     */
    public Trace dream(long n, RandomSource rng) {
        StepWorkspace ws = new StepWorkspace(this, Math.toIntExact(n), 1, 1, ThreadPlan.shared().pool());
        return Passes.sampleDreams(this, ws.wake(), (int) n, rng, true);
    }

    /**
     * Evaluates given states: probabilities and log-probabilities of (x, h) under p and of h given x
     * under q, with no sampling.
     *
     * @param states h^0 .. h^L, each [N, n_l], as 0/1 values (encoded for {-1,+1} units)
     * @return the trace, on a workspace of its own
     */
    public Trace evaluate(INDArray[] states) {
        return Passes.evaluate(this, states);
    }

    /**
     * The wake pass of an evaluation chunk whose visible rows are already in the trace: rows
     * {@code k*distinct + b} repeat row b.
     *
     * @param t        a pass of a workspace of this machine's shape, visible states filled
     * @param n        the rows of the pass
     * @param distinct the number of distinct visible rows (n when none repeat)
     * @param draws    the uniforms of the q layers
     */
    public void wake(Trace t, int n, int distinct, Draws draws) {
        checkWorkspace(t.workspace());
        Passes.wake(this, t, n, distinct, draws);
    }

    /**
     * A scored dream pass on rows [0, n) of a trace (the top prior first, then down to the data).
     *
     * @param t     a pass of a workspace of this machine's shape (modified)
     * @param n     the rows
     * @param draws the uniforms of the p layers, in order L, .., 0
     */
    public void dream(Trace t, int n, Draws draws) {
        checkWorkspace(t.workspace());
        Passes.dream(this, t, n, draws, true);
    }

    /**
     * Maps 0/1 values, in place, to this machine's stored states ({@link Units#encode}).
     *
     * @param bits a block of 0/1 values (modified)
     * @return the block
     */
    public HostMatrix encode(HostMatrix bits) {
        if (units == Units.ZERO_ONE) {
            return bits;
        }
        double[] row = new double[bits.cols()];
        for (int r = 0; r < bits.rows(); r++) {
            bits.getRow(r, row);
            for (int c = 0; c < row.length; c++) {
                row[c] = units.encode(row[c]);
            }
            bits.setRow(r, row);
        }
        return bits;
    }

    private void checkWorkspace(StepWorkspace ws) {
        if (!ws.fits(this)) {
            throw new IllegalArgumentException("the workspace was built for layers " + Arrays.toString(ws.sizes())
                    + " in " + ws.precision().id() + ", not for this machine (" + Arrays.toString(sizes) + ", "
                    + Nd4jHost.precision(dataType()).id() + ")");
        }
    }
}
