package org.nrws.estimator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.eval.ExactEnumeration;
import org.nrws.model.HelmholtzMachine;
import org.nrws.random.RandomSource;
import org.nrws.testing.TinyMachines;

/**
 * RWS's p gradient against the exact gradient of log p(x), enumerated on a 6-3-2 machine, and the
 * row layout of the weights. (Each estimator's exact expectation, for K = 1..3, is checked by
 * {@link EstimatorExpectationTest}, which replaced the weaker tests that were here.)
 */
class GradientOracleTest {

    private final HelmholtzMachine machine = TinyMachines.random(6, new int[] {3, 2}, 1.0, 21);
    private final ExactEnumeration exact = new ExactEnumeration(machine);
    private final INDArray x = TinyMachines.binary(4, 6, 8);

    /** Exact (1/B) sum_b grad log p(x_b), per p layer. */
    private double[][][] exactMeanGradient() {
        double[][][] sum = null;
        for (int b = 0; b < x.rows(); b++) {
            double[][][] g = exact.gradientLogMarginal(x.getRow(b).toDoubleVector());
            if (sum == null) {
                sum = g;
            } else {
                for (int l = 0; l < g.length; l++) {
                    for (int i = 0; i < g[l].length; i++) {
                        for (int j = 0; j < g[l][i].length; j++) {
                            sum[l][i][j] += g[l][i][j];
                        }
                    }
                }
            }
        }
        for (double[][] a : sum) {
            for (double[] r : a) {
                for (int j = 0; j < r.length; j++) {
                    r[j] /= x.rows();
                }
            }
        }
        return sum;
    }

    private static double maxAbsDiff(double[][] a, INDArray b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                m = Math.max(m, Math.abs(a[i][j] - b.getDouble(i, j)));
            }
        }
        return m;
    }

    @Test
    void rwsPGradientConvergesToExactGradient() {
        double[][][] truth = exactMeanGradient();
        double[] errors = new double[2];
        int[] ks = {2, 50_000};
        for (int t = 0; t < 2; t++) {
            int k = ks[t];
            StepResult r = new ReweightedWakeSleep(EstimatorOptions.defaults(k))
                    .estimate(machine, x, RandomSource.of(5).stream(RandomSource.DOMAIN_TRAIN, k), 0);
            for (int l = 0; l < truth.length; l++) {
                errors[t] = Math.max(errors[t], maxAbsDiff(truth[l], r.gradients().p(l)));
            }
        }
        // Self-normalised IS over 32 latent states with an untrained q: the error is O(1/sqrt(K))
        // times the spread of the per-sample gradients (entries bounded by 1); measured ~5e-3 at
        // K = 5e4 (0.3 at K = 2), so 0.02 leaves a 4-sigma margin.
        assertTrue(errors[1] < 0.02, "K=50000 max error " + errors[1]);
        assertTrue(errors[1] < errors[0] / 3, "the error must shrink with K: " + errors[0] + " -> " + errors[1]);
    }

    @Test
    void normalisedWeightsSumToOnePerDataPoint() {
        StepResult r = new ReweightedWakeSleep(EstimatorOptions.defaults(7)).estimate(machine, x, RandomSource.of(1), 0);
        double[] w = r.wake().logP().sub(r.wake().logQ()).toDoubleVector();
        AbstractEstimator.normalise(w, 4, 7);
        for (int b = 0; b < 4; b++) {
            double sum = 0;
            for (int k = 0; k < 7; k++) {
                sum += w[k * 4 + b];
            }
            assertEquals(1.0, sum, 1e-12);
        }
        // row k*B + b of the wake pass holds data point b
        for (int k = 0; k < 7; k++) {
            for (int b = 0; b < 4; b++) {
                assertEquals(x.getRow(b), r.wake().state(0).getRow((long) k * 4 + b));
            }
        }
    }

}
