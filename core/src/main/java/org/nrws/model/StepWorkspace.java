package org.nrws.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.host.HostMatrix;
import org.nrws.host.Nd4jHost;
import org.nrws.host.Precision;
import org.nrws.host.WorkerPool;
import org.nrws.random.RandomSource;

/**
 * Every per-step buffer of one machine shape and one batch shape, allocated once: the states,
 * probabilities and log-probabilities of a wake pass (rows [0, N)) and, for training, of a sleep
 * pass (rows [N, 2N)), stacked so that q's wake and sleep gradients are one GEMM; the deltas of the
 * gradients; the gradients and the directions. A step that runs on a workspace allocates nothing.
 *
 * <p>Layout, with N = B*K and R = passes * N rows, row {@code k*B + b} of a pass holding data point
 * b:
 * <ul>
 *   <li>{@code state(l)}: [R, n_l + 1], the states h^l with a last column of ones, so the same block is
 *       the augmented input U = [h^l, 1] of q layer l and of p layer l-1, and no view of a layer's
 *       parameters ever reaches a GEMM;</li>
 *   <li>{@code pProb(l)}: [R, n_l], {@code qProb(l)}: [R, n_{l+1}]: pre-activations, then unclipped
 *       probabilities;</li>
 *   <li>{@code logP}, {@code logQ}: [R, 1]; {@code ones}: [R, 1], the input of the top prior;</li>
 *   <li>{@code delta(l)}: [R, n_l], the deltas of the gradients of the layers with n_l units (p
 *       layer l, then q layer l-1).</li>
 * </ul>
 * Everything is in the machine's precision and lives in ND4J arrays, so {@link Trace} can hand out
 * INDArray views of the same memory. The traces of a workspace are overwritten by its next step:
 * copy what must outlive it. Not thread safe: one workspace per training run or evaluation thread.
 */
public final class StepWorkspace {

    private final int[] sizes;
    private final Precision precision;
    private final int batch;
    private final int samples;
    private final int rowsPerPass;
    private final int passes;
    private final WorkerPool pool;
    private final HostMatrix[] state;
    private final HostMatrix[] pProb;
    private final HostMatrix[] qProb;
    private final INDArray[] stateArrays;
    private final INDArray[] pArrays;
    private final INDArray[] qArrays;
    private final INDArray logPArray;
    private final INDArray logQArray;
    private final INDArray onesArray;
    private final HostMatrix logP;
    private final HostMatrix logQ;
    private final HostMatrix ones;
    private final HostMatrix[] delta;
    private final double[][] rowScratch = new double[4][];
    private final Trace wake;
    private final Trace sleep;
    private INDArray[] gradients;
    private INDArray[] directions;
    private RowSeeding rowSeeding;

    /**
     * @param machine a machine of the shape to serve (its parameters are not used)
     * @param batch   B, data points per pass (&ge; 1)
     * @param samples K, rows per data point (&ge; 1)
     * @param passes  1 (a wake pass only, as in evaluation) or 2 (wake and sleep, as in training)
     * @param pool    the threads of the step's parallel sections
     */
    public StepWorkspace(HelmholtzMachine machine, int batch, int samples, int passes, WorkerPool pool) {
        if (batch < 1 || samples < 1 || passes < 1 || passes > 2) {
            throw new IllegalArgumentException("workspace needs B >= 1, K >= 1 and 1 or 2 passes, got B=" + batch + " K="
                    + samples + " passes=" + passes);
        }
        long n = (long) batch * samples;
        if (n * passes * (machine.visible() + 1L) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("B*K = " + n + " rows do not fit one workspace; evaluate in chunks");
        }
        this.sizes = machine.sizes();
        this.precision = Nd4jHost.precision(machine.dataType());
        this.batch = batch;
        this.samples = samples;
        this.rowsPerPass = (int) n;
        this.passes = passes;
        this.pool = pool;
        int r = rowsPerPass * passes;
        int layers = sizes.length;
        int depth = layers - 1;
        state = new HostMatrix[layers];
        stateArrays = new INDArray[layers];
        pProb = new HostMatrix[layers];
        pArrays = new INDArray[layers];
        qProb = new HostMatrix[depth];
        qArrays = new INDArray[depth];
        for (int l = 0; l < layers; l++) {
            stateArrays[l] = Nd4jHost.matrix(precision, r, sizes[l] + 1);
            state[l] = Nd4jHost.wrap(stateArrays[l]);
            state[l].columnBlock(sizes[l], sizes[l] + 1).fill(1.0);
            state[l].columnBlock(0, sizes[l]).fill(0.0);
            pArrays[l] = Nd4jHost.matrix(precision, r, sizes[l]);
            pProb[l] = Nd4jHost.wrap(pArrays[l]);
        }
        for (int l = 0; l < depth; l++) {
            qArrays[l] = Nd4jHost.matrix(precision, r, sizes[l + 1]);
            qProb[l] = Nd4jHost.wrap(qArrays[l]);
        }
        logPArray = Nd4jHost.matrix(precision, r, 1);
        logQArray = Nd4jHost.matrix(precision, r, 1);
        onesArray = Nd4jHost.matrix(precision, r, 1);
        logP = Nd4jHost.wrap(logPArray);
        logQ = Nd4jHost.wrap(logQArray);
        ones = Nd4jHost.wrap(onesArray).fill(1.0);
        delta = new HostMatrix[layers];
        for (int l = 0; l < layers; l++) {
            delta[l] = HostMatrix.allocate(precision, r, sizes[l]);
        }
        wake = new Trace(this, 0);
        sleep = passes == 2 ? new Trace(this, rowsPerPass) : null;
    }

    /** @return the layer sizes n0 .. nL this workspace serves */
    public int[] sizes() {
        return sizes.clone();
    }

    /** @return L */
    public int depth() {
        return sizes.length - 1;
    }

    /** @return the precision of every buffer (the machine's) */
    public Precision precision() {
        return precision;
    }

    /** @return B */
    public int batch() {
        return batch;
    }

    /** @return K */
    public int samples() {
        return samples;
    }

    /** @return N = B*K, the rows of one pass */
    public int rowsPerPass() {
        return rowsPerPass;
    }

    /**
     * Makes the training passes of this workspace ({@link HelmholtzMachine#wake(StepWorkspace,
     * org.nd4j.linalg.api.ndarray.INDArray, RandomSource)} and
     * {@link HelmholtzMachine#dream(StepWorkspace, RandomSource, boolean)}) draw
     * from a row seeding instead of the stream they are given (which they then do not advance).
     *
     * @param seeding the seeding of the coming update, or null for the sequential draws (the default)
     */
    public void useRowSeeding(RowSeeding seeding) {
        this.rowSeeding = seeding;
    }

    /** @return the row seeding set by {@link #useRowSeeding}, or null */
    public RowSeeding rowSeeding() {
        return rowSeeding;
    }

    /** @return the pool of the step's parallel sections */
    public WorkerPool pool() {
        return pool;
    }

    /**
     * @param machine a machine
     * @return true when this workspace was built for the machine's layer sizes and precision
     */
    public boolean fits(HelmholtzMachine machine) {
        return java.util.Arrays.equals(sizes, machine.sizes()) && precision == Nd4jHost.precision(machine.dataType());
    }

    /** @return the wake pass (rows [0, N)) */
    public Trace wake() {
        return wake;
    }

    /** @return the sleep pass (rows [N, 2N)) */
    public Trace sleep() {
        if (sleep == null) {
            throw new IllegalStateException("this workspace has no sleep pass (it was built for evaluation)");
        }
        return sleep;
    }

    HostMatrix state(int l) {
        return state[l];
    }

    INDArray stateArray(int l) {
        return stateArrays[l];
    }

    HostMatrix pProb(int l) {
        return pProb[l];
    }

    INDArray pArray(int l) {
        return pArrays[l];
    }

    HostMatrix qProb(int l) {
        return qProb[l];
    }

    INDArray qArray(int l) {
        return qArrays[l];
    }

    HostMatrix logP() {
        return logP;
    }

    HostMatrix logQ() {
        return logQ;
    }

    INDArray logPArray() {
        return logPArray;
    }

    INDArray logQArray() {
        return logQArray;
    }

    HostMatrix ones() {
        return ones;
    }

    INDArray onesArray() {
        return onesArray;
    }

    /**
     * @param units the layer whose units the deltas are for (p layer l: l; q layer l: l + 1)
     * @param r0    first row of the workspace
     * @param r1    one past the last row
     * @return [r1 - r0, n_units] rows of the delta scratch of that width
     */
    public HostMatrix delta(int units, int r0, int r1) {
        return delta[units].rowBlock(r0, r1);
    }

    /**
     * Rows of the augmented states h^l over both passes (wake rows [0, N), sleep rows [N, 2N)), for a
     * gradient GEMM that sums the two.
     *
     * @param l  layer
     * @param r0 first row of the workspace
     * @param r1 one past the last row
     * @return [r1 - r0, n_l + 1] view
     */
    public HostMatrix augmentedRows(int l, int r0, int r1) {
        return state[l].rowBlock(r0, r1);
    }

    /**
     * A per-row scratch array of length 2N (for row weights), one of four slots.
     *
     * @param slot 0..3
     * @return the array (owned by the workspace; contents unspecified)
     */
    public double[] rowScratch(int slot) {
        if (rowScratch[slot] == null) {
            rowScratch[slot] = new double[rowsPerPass * passes];
        }
        return rowScratch[slot];
    }

    /**
     * The preallocated [d, m] gradient arrays, in the machine's parameter order (p0..pL, q0..q(L-1)).
     *
     * @param machine the machine (for the layer shapes)
     * @return the arrays (owned by the workspace; overwritten by every step)
     */
    public INDArray[] gradients(HelmholtzMachine machine) {
        if (gradients == null) {
            gradients = parameterShaped(machine);
        }
        return gradients;
    }

    /**
     * The preallocated [d, m] direction arrays that preconditioners write, in parameter order.
     *
     * @param machine the machine
     * @return the arrays (owned by the workspace)
     */
    public INDArray[] directions(HelmholtzMachine machine) {
        if (directions == null) {
            directions = parameterShaped(machine);
        }
        return directions;
    }

    private INDArray[] parameterShaped(HelmholtzMachine machine) {
        java.util.List<SigmoidLayer> layers = machine.layers();
        INDArray[] out = new INDArray[layers.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Nd4jHost.matrix(precision, layers.get(i).blockSize(), layers.get(i).nOut());
        }
        return out;
    }
}
