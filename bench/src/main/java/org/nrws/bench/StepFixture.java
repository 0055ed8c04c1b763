package org.nrws.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.estimator.StepResult;
import org.nrws.solver.PathRule;
import org.nrws.solver.SolverFactory;
import org.nrws.linalg.BatchedCholesky;
import org.nrws.model.HelmholtzMachine;
import org.nrws.optim.Optimizer;
import org.nrws.random.RandomSource;
import org.nrws.train.Algorithm;
import org.nrws.train.NaturalGradientOptions;
import org.nrws.train.Trainer;
import org.nrws.train.TrainerConfig;

/**
 * One algorithm at one size, ready to take training steps on a fixed, seeded binary minibatch:
 * a float64 machine (init std 0.01, seed 1), the algorithm's estimator with K samples, its
 * preconditioner (natural ones: damping 0.01, refresh every update, float64 Fisher, automatic
 * path) and its reference optimiser (Adam for the plain algorithms, SGD for the natural ones).
 * Shared by {@link ThroughputMain} and the JMH step benchmark.
 */
public final class StepFixture {

    private final Algorithm algorithm;
    private final int visible;
    private final int[] latents;
    private final int batch;
    private final int samples;
    private final Trainer trainer;
    private final INDArray x;

    /**
     * @param algorithm the algorithm
     * @param visible   n0 (784 for MNIST)
     * @param latents   latent sizes bottom to top
     * @param batch     B
     * @param samples   K
     * @param cholesky  the batched Cholesky of the natural algorithms (the reference tensor solver)
     * @param seed      seed of the model, the data and the training randomness
     */
    public StepFixture(Algorithm algorithm, int visible, int[] latents, int batch, int samples, BatchedCholesky cholesky,
                       long seed) {
        this(algorithm, visible, latents, batch, samples, SolverFactory.tensor(cholesky), "float64", seed);
    }

    /**
     * @param algorithm the algorithm
     * @param visible   n0 (784 for MNIST)
     * @param latents   latent sizes bottom to top
     * @param batch     B
     * @param samples   K
     * @param solvers   the solvers of the natural algorithms
     * @param fisher    float64, float32 or mixed
     * @param seed      seed of the model, the data and the training randomness
     */
    public StepFixture(Algorithm algorithm, int visible, int[] latents, int batch, int samples, SolverFactory solvers,
                       String fisher, long seed) {
        this.algorithm = algorithm;
        this.visible = visible;
        this.latents = latents.clone();
        this.batch = batch;
        this.samples = samples;
        RandomSource root = RandomSource.of(seed);
        HelmholtzMachine m = HelmholtzMachine.create(visible, latents, DataType.DOUBLE, 0.01, HelmholtzMachine.DEFAULT_CLIP,
                root.stream(RandomSource.DOMAIN_INIT, 0));
        this.x = binary(batch, visible, root.stream(RandomSource.DOMAIN_DATA, 0));
        boolean natural = algorithm.isNatural();
        boolean mixed = "mixed".equals(fisher);
        DataType ft = "float64".equals(fisher) ? DataType.DOUBLE : DataType.FLOAT;
        NaturalGradientOptions d = NaturalGradientOptions.defaults(0.01);
        NaturalGradientOptions no = new NaturalGradientOptions(d.alpha(), d.alphaDecay(), d.alphaMin(), d.plainAbove(), 1,
                ft, d.path(), mixed);
        this.trainer = new Trainer(m, algorithm.estimator(EstimatorOptions.defaults(samples)),
                algorithm.preconditioner(no, solvers),
                Optimizer.named(natural ? "sgd" : "adam"), TrainerConfig.updates(Long.MAX_VALUE / 2, natural ? 0.01 : 1e-3), seed);
    }

    /**
     * @param rows rows
     * @param cols columns
     * @param rng  the randomness
     * @return a [rows, cols] float64 array of independent fair bits
     */
    public static INDArray binary(int rows, int cols, RandomSource rng) {
        INDArray u = rng.uniform(DataType.DOUBLE, rows, cols);
        return u.gt(0.5).castTo(DataType.DOUBLE);
    }

    /**
     * Takes one training step on the fixed minibatch.
     *
     * @return the step's result
     */
    public StepResult step() {
        return trainer.step(x);
    }

    /** @return the trainer */
    public Trainer trainer() {
        return trainer;
    }

    /** @return the algorithm */
    public Algorithm algorithm() {
        return algorithm;
    }

    /**
     * The linear-algebra path each layer's Fisher solve takes, by the fused CPU solver's rule
     * {@link PathRule#choose} with the layer's N (rows of the sleep trace
     * for p, of the wake trace for q, whose first layer has only the B distinct data rows), block size
     * d and units m, as the natural-gradient preconditioner decides it.
     *
     * @param rows N, the rows of one step's wake trace (B*K, or B for WS/NWS)
     * @return one entry per layer, e.g. {@code "p0 N=160 d=201 m=784 dual"}
     */
    public List<String> layerPaths(long rows) {
        int[] sizes = new int[latents.length + 1];
        sizes[0] = visible;
        System.arraycopy(latents, 0, sizes, 1, latents.length);
        int depth = latents.length;
        List<String> out = new ArrayList<>();
        for (int l = 0; l <= depth; l++) {
            long d = l == depth ? 1 : sizes[l + 1] + 1L;
            long m = sizes[l];
            String path = PathRule.choose(rows, d, m).id();
            out.add(String.format(Locale.ROOT, "p%d N=%d d=%d m=%d %s", l, rows, d, m, path));
        }
        for (int l = 0; l < depth; l++) {
            long d = sizes[l] + 1L;
            long m = sizes[l + 1];
            long n = l == 0 && samples > 1 ? batch : rows;
            out.add(String.format(Locale.ROOT, "q%d N=%d d=%d m=%d %s", l, n, d, m,
                    PathRule.choose(n, d, m).id()));
        }
        return out;
    }

    /** @return B */
    public int batch() {
        return batch;
    }

    /** @return K */
    public int samples() {
        return samples;
    }
}
