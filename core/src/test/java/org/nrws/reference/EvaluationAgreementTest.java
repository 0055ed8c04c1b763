package org.nrws.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.eval.LikelihoodEstimator;
import org.nrws.eval.LikelihoodResult;
import org.nrws.host.WorkerPool;
import org.nrws.model.HelmholtzMachine;
import org.nrws.random.RandomSource;
import org.nrws.testing.TinyMachines;
import org.nrws.train.Algorithm;

/**
 * The grouped, multi-threaded evaluation draws exactly what the original chunk-by-chunk
 * evaluation drew, and gives its numbers: every data point's estimate to 1e-12, for several
 * layouts (one chunk, many chunks, a partial last chunk, K above and below the pass size).
 */
class EvaluationAgreementTest {

    /** The original implementation: chunks of data points, kc samples at a time, one wake pass each. */
    static double[] reference(HelmholtzMachine m, INDArray data, int k, RandomSource rng, int maxRows) {
        ReferenceEngine engine = new ReferenceEngine(m, Algorithm.RWS, EstimatorOptions.defaults(1), null, null, "sgd");
        int n = (int) data.rows();
        double[] ll = new double[n];
        int b = Math.min(n, maxRows);
        for (int start = 0; start < n; start += b) {
            int rows = Math.min(b, n - start);
            INDArray xb = data.get(NDArrayIndex.interval(start, start + rows), NDArrayIndex.all());
            int kc = Math.max(1, maxRows / rows);
            double[][] lw = new double[rows][k];
            for (int k0 = 0; k0 < k; k0 += kc) {
                int kk = Math.min(kc, k - k0);
                ReferenceEngine.Pass t = engine.wake(kk == 1 ? xb : Nd4j.tile(xb, kk, 1), rng);
                double[] v = t.logP.sub(t.logQ).toDoubleVector();
                for (int j = 0; j < kk; j++) {
                    for (int i = 0; i < rows; i++) {
                        lw[i][k0 + j] = v[j * rows + i];
                    }
                }
            }
            for (int i = 0; i < rows; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (double v : lw[i]) {
                    max = Math.max(max, v);
                }
                double s = 0;
                for (double v : lw[i]) {
                    s += Math.exp(v - max);
                }
                ll[start + i] = max + Math.log(s) - Math.log(k);
            }
        }
        return ll;
    }

    @Test
    void groupedEvaluationGivesTheOriginalNumbers() {
        HelmholtzMachine m = TinyMachines.random(9, new int[] {5, 3}, 0.8, 4);
        INDArray data = TinyMachines.binary(23, 9, 5);
        int[][] cases = {{13, 20_000}, {13, 7}, {600, 50}, {1, 4}, {2, 23}};
        try (WorkerPool pool = new WorkerPool(3)) {
            for (int[] c : cases) {
                int k = c[0];
                int maxRows = c[1];
                double[] expected = reference(m, data, k, RandomSource.of(3).stream(RandomSource.DOMAIN_EVAL, 0), maxRows);
                RandomSource rng = RandomSource.of(3).stream(RandomSource.DOMAIN_EVAL, 0);
                LikelihoodResult r = new LikelihoodEstimator(maxRows, pool).evaluate(m, data, k, rng);
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], r.perPoint()[i], 1e-12 * Math.abs(expected[i]), "K=" + k + " maxRows="
                            + maxRows + " point " + i);
                }
                assertEquals(23L * k * 8, rng.position(), "the stream is advanced past every draw");
            }
        }
    }
}
