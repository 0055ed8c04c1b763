package org.nrws.testing;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.model.HelmholtzMachine;
import org.nrws.random.RandomSource;

/** Shared test helpers (published in the core test-jar): tiny machines and data for exact oracles. */
public final class TinyMachines {

    private TinyMachines() {
    }

    /**
     * A random machine with weights of standard deviation {@code std} and random biases.
     *
     * @param visible n0
     * @param latents latent sizes
     * @param std     weight scale
     * @param seed    seed
     * @return the machine, float64, clip 1e-3
     */
    public static HelmholtzMachine random(int visible, int[] latents, double std, long seed) {
        RandomSource rng = RandomSource.of(seed);
        HelmholtzMachine m = HelmholtzMachine.create(visible, latents, DataType.DOUBLE, std,
                HelmholtzMachine.DEFAULT_CLIP, rng.stream(RandomSource.DOMAIN_INIT, 0));
        RandomSource b = rng.stream(RandomSource.DOMAIN_INIT, 1);
        for (INDArray theta : m.parameters()) {
            long last = theta.rows() - 1;
            for (int i = 0; i < theta.columns(); i++) {
                theta.putScalar(last, i, 0.5 * b.nextGaussian());
            }
        }
        return m;
    }

    /**
     * Random binary rows.
     *
     * @param rows n
     * @param cols d
     * @param seed seed
     * @return [n, d] float64 0/1 matrix
     */
    public static INDArray binary(int rows, int cols, long seed) {
        RandomSource r = RandomSource.of(seed);
        double[][] a = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                a[i][j] = r.nextDouble() < 0.5 ? 1 : 0;
            }
        }
        return Nd4j.createFromArray(a);
    }

    /**
     * @param x a row vector of 0/1
     * @return the row as a [1, n] float64 matrix
     */
    public static INDArray row(double[] x) {
        return Nd4j.createFromArray(new double[][] {x});
    }
}
