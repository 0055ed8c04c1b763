package org.nrws.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.eval.LikelihoodEstimator;
import org.nrws.eval.LikelihoodResult;
import org.nrws.eval.PointEstimates;
import org.nrws.host.WorkerPool;
import org.nrws.model.HelmholtzMachine;
import org.nrws.random.RandomSource;
import org.nrws.testing.TinyMachines;
import org.nrws.train.Algorithm;

/**
 * The grouped, multi-threaded evaluation draws exactly what a point-by-point evaluation on the
 * reference engine draws under the per-point layout (each point's K replicas in one sequential
 * wake pass, the points one after the other), and gives its numbers: every data point's estimate
 * to 1e-12, for K above and below the pass size and for several thread pools; a point range
 * evaluated on its own ({@link LikelihoodEstimator#evaluatePoints}) gives the same bits as the
 * whole evaluation.
 */
class EvaluationAgreementTest {

    /** Point by point: point i's K replicas in one wake pass, reading the stream sequentially. */
    static double[] reference(HelmholtzMachine m, INDArray data, int k, RandomSource rng) {
        ReferenceEngine engine = new ReferenceEngine(m, Algorithm.RWS, EstimatorOptions.defaults(1), null, null, "sgd");
        int n = (int) data.rows();
        double[] ll = new double[n];
        for (int i = 0; i < n; i++) {
            INDArray xi = data.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all());
            ReferenceEngine.Pass t = engine.wake(k == 1 ? xi : Nd4j.tile(xi, k, 1), rng);
            double[] v = t.logP.sub(t.logQ).toDoubleVector();
            double max = Double.NEGATIVE_INFINITY;
            for (double x : v) {
                max = Math.max(max, x);
            }
            double s = 0;
            for (double x : v) {
                s += Math.exp(x - max);
            }
            ll[i] = max + Math.log(s) - Math.log(k);
        }
        return ll;
    }

    @Test
    void groupedEvaluationGivesThePointByPointNumbers() {
        HelmholtzMachine m = TinyMachines.random(9, new int[] {5, 3}, 0.8, 4);
        INDArray data = TinyMachines.binary(23, 9, 5);
        int[] ks = {13, 600, 1, 2};
        try (WorkerPool pool = new WorkerPool(3)) {
            for (int k : ks) {
                double[] expected = reference(m, data, k, RandomSource.of(3).stream(RandomSource.DOMAIN_EVAL, 0));
                for (WorkerPool p : new WorkerPool[] {pool, null}) {
                    RandomSource rng = RandomSource.of(3).stream(RandomSource.DOMAIN_EVAL, 0);
                    LikelihoodResult r = new LikelihoodEstimator(LikelihoodEstimator.DEFAULT_MAX_ROWS, p).evaluate(m, data, k, rng);
                    for (int i = 0; i < expected.length; i++) {
                        assertEquals(expected[i], r.perPoint()[i], 1e-12 * Math.abs(expected[i]), "K=" + k + " point " + i);
                    }
                    assertEquals(23L * k * 8, rng.position(), "the stream is advanced past every draw");
                }
            }
        }
    }

    @Test
    void aPointRangeGivesTheBitsOfTheWholeEvaluation() {
        HelmholtzMachine m = TinyMachines.random(9, new int[] {5, 3}, 0.8, 4);
        INDArray data = TinyMachines.binary(23, 9, 5);
        int k = 100;
        int g = LikelihoodEstimator.groupSize(k);
        RandomSource rng = RandomSource.of(3).stream(RandomSource.DOMAIN_EVAL, 0);
        LikelihoodResult whole = new LikelihoodEstimator().evaluate(m, data, k, rng.copy());
        int from = 2 * g;
        INDArray part = data.get(NDArrayIndex.interval(from, 23), NDArrayIndex.all());
        PointEstimates e = new LikelihoodEstimator().evaluatePoints(m, part, k, rng, from, null);
        for (int i = from; i < 23; i++) {
            assertEquals(Double.doubleToLongBits(whole.perPoint()[i]), Double.doubleToLongBits(e.ll()[i - from]),
                    "point " + i);
            assertEquals(Double.doubleToLongBits(whole.ess()[i]), Double.doubleToLongBits(e.ess()[i - from]), "ESS " + i);
        }
        assertEquals(0, rng.position(), "evaluatePoints does not move the stream");
    }

    @Test
    void twoLogZFromPassesEqualsTheWholeEstimate() {
        HelmholtzMachine m = TinyMachines.random(9, new int[] {5, 3}, 0.8, 4);
        LikelihoodEstimator est = new LikelihoodEstimator(70);
        long pairs = 250;
        RandomSource rng = RandomSource.of(8);
        double whole = est.twoLogZ(m, pairs, rng.copy());
        long passes = est.logZPasses(pairs);
        assertEquals(4, passes);
        double[] a = est.twoLogZTerms(m, pairs, rng, 0, 1);
        double[] b = est.twoLogZTerms(m, pairs, rng, 1, passes);
        double[] all = new double[(int) pairs];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        assertEquals(Double.doubleToLongBits(whole), Double.doubleToLongBits(LikelihoodEstimator.twoLogZ(all, pairs)));
    }
}
