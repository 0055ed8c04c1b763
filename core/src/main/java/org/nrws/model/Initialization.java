package org.nrws.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.random.RandomSource;

/**
 * How a new machine's parameters are drawn.
 *
 * <ul>
 *   <li>{@link #SMALL}: weights N(0, std^2), biases 0 (the engine's default; the CLI then sets p's
 *       visible biases to the logits of the data's pixel means).</li>
 *   <li>{@link #ARGO}: as the NRWS paper's code (rist-ro/argo): Glorot-normal weights, std
 *       {@code sqrt(2 / (fan_in + fan_out))}, and every bias 0.1, in {-1,+1} coordinates. For a
 *       machine with {0,1} units the same function is set: {@code W01 = 2 W}, {@code b01 = b - W 1}
 *       (see {@link Units}).</li>
 * </ul>
 */
public enum Initialization {
    /** Small Gaussian weights, zero biases. */
    SMALL,
    /** argo's Glorot-normal weights and 0.1 biases (in {-1,+1} coordinates). */
    ARGO;

    /** The bias argo starts every unit with. */
    public static final double ARGO_BIAS = 0.1;

    /** @return the name used on the command line: {@code small} or {@code argo} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param id {@code small} or {@code argo}
     * @return the initialisation
     */
    public static Initialization parse(String id) {
        for (Initialization i : values()) {
            if (i.id().equals(id.toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown initialisation '" + id + "' (expected small or argo)");
    }

    /**
     * A new machine.
     *
     * @param visible n0
     * @param latents n1 .. nL, bottom to top, at least one
     * @param dtype   FLOAT or DOUBLE
     * @param units   the units' values
     * @param initStd the standard deviation of {@link #SMALL}'s weights (ignored by {@link #ARGO})
     * @param clip    probability clipping
     * @param rng     the run's {@link RandomSource#DOMAIN_INIT} stream
     * @return the machine
     */
    public HelmholtzMachine create(int visible, int[] latents, DataType dtype, Units units, double initStd, double clip,
                                   RandomSource rng) {
        if (latents == null || latents.length == 0) {
            throw new IllegalArgumentException("a Helmholtz machine needs at least one latent layer");
        }
        int[] sizes = new int[latents.length + 1];
        sizes[0] = visible;
        System.arraycopy(latents, 0, sizes, 1, latents.length);
        HelmholtzMachine.checkSizes(sizes);
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
            throw new IllegalArgumentException("dtype must be FLOAT or DOUBLE, got " + dtype);
        }
        int depth = latents.length;
        List<SigmoidLayer> pl = new ArrayList<>();
        for (int l = 0; l <= depth; l++) {
            int nIn = l == depth ? 0 : sizes[l + 1];
            pl.add(new SigmoidLayer("p" + l, theta(nIn, sizes[l], dtype, units, initStd, rng)));
        }
        List<SigmoidLayer> ql = new ArrayList<>();
        for (int l = 0; l < depth; l++) {
            ql.add(new SigmoidLayer("q" + l, theta(sizes[l], sizes[l + 1], dtype, units, initStd, rng)));
        }
        return new HelmholtzMachine(sizes, new SigmoidBeliefNetwork(SigmoidBeliefNetwork.Direction.GENERATIVE, pl),
                new SigmoidBeliefNetwork(SigmoidBeliefNetwork.Direction.RECOGNITION, ql), clip, units);
    }

    private INDArray theta(int nIn, int nOut, DataType dtype, Units units, double initStd, RandomSource rng) {
        double[] a = new double[(nIn + 1) * nOut];
        if (this == SMALL) {
            for (int i = 0; i < nIn * nOut; i++) {
                a[i] = initStd * rng.nextGaussian();
            }
        } else {
            double std = nIn == 0 ? 0 : Math.sqrt(2.0 / (nIn + nOut));
            for (int i = 0; i < nIn * nOut; i++) {
                a[i] = std * rng.nextGaussian();
            }
            for (int j = 0; j < nOut; j++) {
                double b = ARGO_BIAS;
                if (units == Units.ZERO_ONE) {
                    for (int i = 0; i < nIn; i++) {       // the same function in {0,1} coordinates
                        b -= a[i * nOut + j];
                        a[i * nOut + j] *= 2;
                    }
                }
                a[nIn * nOut + j] = b;
            }
        }
        return Nd4j.createFromArray(a).reshape('c', nIn + 1, nOut).castTo(dtype).dup('c');
    }

    /**
     * Sets the visible biases of p to the logits of the given pixel means (clipped), the usual
     * initialisation for image data.
     *
     * @param machine the machine (modified: p's visible biases)
     * @param means   n0 marginal means of the training data
     */
    static void visibleBiasFromMarginals(HelmholtzMachine machine, double[] means) {
        int visible = machine.visible();
        double clip = machine.clip();
        if (means.length != visible) {
            throw new IllegalArgumentException("expected " + visible + " marginals, got " + means.length);
        }
        double[] logits = new double[means.length];
        for (int j = 0; j < means.length; j++) {
            double m = Math.min(Math.max(means[j], clip > 0 ? clip : 1e-3), 1 - (clip > 0 ? clip : 1e-3));
            logits[j] = Math.log(m / (1 - m));
        }
        INDArray theta = machine.p().layer(0).theta();
        theta.putRow(theta.rows() - 1, Nd4j.createFromArray(logits).castTo(theta.dataType()));
    }
}
