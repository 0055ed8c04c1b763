package org.nrws.app.run;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nrws.eval.LikelihoodEstimator;
import org.nrws.eval.LikelihoodResult;
import org.nrws.model.HelmholtzMachine;
import org.nrws.random.RandomSource;

/**
 * Importance-sampled log-likelihood of a split (docs/math.md section 5), with its standard error, the
 * mean effective sample size, the time taken and, for the BiHM algorithms, log p~*. Random
 * streams are ({@code seed}, {@link RandomSource#DOMAIN_EVAL}, index) with a fixed index per
 * purpose, so evaluations are reproducible.
 */
public final class Evaluation {

    /** Stream index base of the final evaluation (split index added). */
    public static final long FINAL_STREAM = 1L << 60;
    /** Stream index of the BiHM 2 log Z estimate. */
    public static final long LOGZ_STREAM = (1L << 60) + 100;
    /** Stream index of the pictures. */
    public static final long PICTURE_STREAM = (1L << 60) + 200;

    private Evaluation() {
    }

    /**
     * One evaluated split.
     *
     * @param split     train, valid or test
     * @param n         rows evaluated
     * @param k         K_eval
     * @param ll        mean log p(x) estimate
     * @param se        its standard error over data points
     * @param ess       mean effective sample size
     * @param logPTilde mean BiHM log p~*(x)
     * @param seconds   time taken
     */
    public record Result(String split, int n, int k, double ll, double se, double ess, double logPTilde, double seconds) {
    }

    /**
     * @param split a split name
     * @return its index in stream numbers (train 0, valid 1, test 2)
     */
    public static int splitIndex(String split) {
        switch (split) {
            case "train":
                return 0;
            case "valid":
                return 1;
            case "test":
                return 2;
            default:
                throw new IllegalArgumentException("unknown split '" + split + "' (expected train, valid or test)");
        }
    }

    /**
     * Evaluates the first {@code maxRows} rows of a split.
     *
     * @param machine  the model
     * @param split    the split's name
     * @param data     the split's binary rows
     * @param maxRows  rows to use (all when larger than the split)
     * @param k        K_eval
     * @param rng      the random stream
     * @param progress shows progress, or null
     * @return the result
     */
    public static Result evaluate(HelmholtzMachine machine, String split, INDArray data, int maxRows, int k, RandomSource rng,
                                  Progress progress) {
        INDArray x = data.rows() > maxRows ? data.get(NDArrayIndex.interval(0, maxRows), NDArrayIndex.all()) : data;
        long t0 = System.nanoTime();
        LikelihoodResult r = new LikelihoodEstimator().evaluate(machine, x, k, rng,
                progress == null ? null : (done, total) -> progress.stepTo(done));
        double s = (System.nanoTime() - t0) / 1e9;
        return new Result(split, (int) x.rows(), k, r.mean(), r.standardError(), r.meanEss(), r.bihmLogPTildeMean(), s);
    }
}
