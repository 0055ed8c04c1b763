package org.nrws.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.data.BinaryDataset;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.estimator.StepResult;
import org.nrws.solver.FisherBlocks;
import org.nrws.linalg.LapackBatchedCholesky;
import org.nrws.linalg.PureJavaCholesky;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.SigmoidLayer;
import org.nrws.model.Trace;
import org.nrws.optim.Sgd;
import org.nrws.random.RandomSource;
import org.nrws.testing.CountingCholesky;
import org.nrws.testing.Dense;
import org.nrws.testing.TinyMachines;
import org.nrws.solver.SolverPath;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The natural-gradient preconditioner: which samples feed which layer, the damping limits, the
 * refresh interval, float32, error naming and the wiring into {@link Algorithm} and the trainer.
 */
class NaturalGradientPreconditionerTest {

    private static final LapackBatchedCholesky LAPACK = new LapackBatchedCholesky(2);

    private final HelmholtzMachine machine = TinyMachines.random(6, new int[] {3, 2}, 1.0, 21);
    private final INDArray x = TinyMachines.binary(8, 6, 22);

    @AfterAll
    static void close() {
        LAPACK.close();
    }

    private StepResult step(Algorithm a, long update) {
        return a.estimator(EstimatorOptions.defaults(5)).estimate(machine, x, RandomSource.of(1).stream(0, update), update);
    }

    private static NaturalGradientOptions options(double alpha, int refresh, DataType type, SolverPath path) {
        return new NaturalGradientOptions(alpha, 1.0, alpha, NaturalGradientOptions.DEFAULT_PLAIN_ABOVE, refresh, type, path);
    }

    /** (1 + alpha)(alpha I + F_i)^{-1} g_i in plain Java, F from the given inputs and unclipped probabilities. */
    private double[][] reference(INDArray u, INDArray probs, INDArray g, double alpha) {
        double[][] uu = u.toDoubleMatrix();
        double[][] pp = probs.toDoubleMatrix();
        double[][] gg = g.toDoubleMatrix();
        int n = uu.length;
        int d = uu[0].length;
        int m = pp[0].length;
        double c = machine.clip();
        double[][] out = new double[d][m];
        for (int i = 0; i < m; i++) {
            double[][] f = new double[d][d];
            for (int s = 0; s < n; s++) {
                double pc = Math.min(Math.max(pp[s][i], c), 1 - c);
                double w = pc * (1 - pc) / n;
                for (int j = 0; j < d; j++) {
                    for (int k = 0; k < d; k++) {
                        f[j][k] += w * uu[s][j] * uu[s][k];
                    }
                }
            }
            double[] gi = new double[d];
            for (int j = 0; j < d; j++) {
                f[j][j] += alpha;
                gi[j] = gg[j][i];
            }
            double[] sol = Dense.solve(f, gi);
            for (int j = 0; j < d; j++) {
                out[j][i] = (1 + alpha) * sol[j];
            }
        }
        return out;
    }

    @Test
    void pLayersUseTheDreamsAndQLayersTheWakeSamples() {
        for (SolverPath path : SolverPath.values()) {
            StepResult s = step(Algorithm.RWS, 0);
            Trace sleep = s.sleep();
            Trace wake = s.wake();
            List<INDArray> plain = dupAll(s.gradients().list());
            double alpha = 0.01;
            new NaturalGradientPreconditioner(options(alpha, 1, DataType.DOUBLE, path), LAPACK)
                    .precondition(machine, s, RandomSource.of(2), 0);
            int L = machine.depth();
            for (int l = 0; l <= L; l++) {
                double[][] expected = reference(sleep.pInput(l), sleep.pProbabilities(l), plain.get(l), alpha);
                double err = Dense.relativeError(s.gradients().p(l).toDoubleMatrix(), expected);
                assertTrue(err < 1e-9, path + " p" + l + ": " + err);
            }
            for (int l = 0; l < L; l++) {
                double[][] expected = reference(wake.qInput(l), wake.qProbabilities(l), plain.get(L + 1 + l), alpha);
                double err = Dense.relativeError(s.gradients().q(l).toDoubleMatrix(), expected);
                assertTrue(err < 1e-9, path + " q" + l + ": " + err);
            }
        }
    }

    @Test
    void withoutASleepPhaseDreamsAreDrawnFromTheGivenStream() {
        StepResult s = step(Algorithm.BIHM, 0);
        assertEquals(null, s.sleep(), "BiHM has no sleep phase");
        List<INDArray> plain = dupAll(s.gradients().list());
        RandomSource rng = RandomSource.of(9).stream(3, 4);
        new NaturalGradientPreconditioner(options(0.05, 1, DataType.DOUBLE, SolverPath.AUTO), LAPACK)
                .precondition(machine, s, rng, 0);
        Trace dreams = machine.dream(s.wake().rows(), RandomSource.of(9).stream(3, 4));
        for (int l = 0; l <= machine.depth(); l++) {
            double[][] expected = reference(dreams.pInput(l), dreams.pProbabilities(l), plain.get(l), 0.05);
            assertTrue(Dense.relativeError(s.gradients().p(l).toDoubleMatrix(), expected) < 1e-9, "p" + l);
        }
    }

    @Test
    void aboveThePlainThresholdTheGradientIsUntouched() {
        CountingCholesky counting = new CountingCholesky(LAPACK);
        // alpha 20 > 10 at update 0; the schedule halves it: 10 (not above 10) at update 1
        NaturalGradientOptions o = new NaturalGradientOptions(20, 0.5, 1e-3, 10, 1, DataType.DOUBLE, SolverPath.AUTO);
        NaturalGradientPreconditioner pre = new NaturalGradientPreconditioner(o, counting);
        StepResult s = step(Algorithm.RWS, 0);
        List<INDArray> before = s.gradients().list();
        List<INDArray> values = dupAll(before);
        pre.precondition(machine, s, RandomSource.of(3), 0);
        List<INDArray> after = s.gradients().list();
        for (int i = 0; i < before.size(); i++) {
            assertSame(before.get(i), after.get(i));
            assertEquals(values.get(i), after.get(i));
        }
        assertEquals(0, counting.factorCalls());
        assertEquals(1, pre.plainUpdates());
        StepResult s1 = step(Algorithm.RWS, 1);
        List<INDArray> plain1 = dupAll(s1.gradients().list());
        pre.precondition(machine, s1, RandomSource.of(3), 1);
        assertEquals(5, counting.factorCalls(), "natural at alpha = 10: one factorisation per layer");
        assertTrue(Dense.relativeError(s1.gradients().p(0), plain1.get(0)) > 1e-3, "and the direction changed");
    }

    @Test
    void largeDampingApproachesThePlainGradient() {
        double alpha = 1e6;
        NaturalGradientOptions o = new NaturalGradientOptions(alpha, 1.0, alpha, 1e9, 1, DataType.DOUBLE, SolverPath.AUTO);
        StepResult s = step(Algorithm.RWS, 0);
        List<INDArray> plain = dupAll(s.gradients().list());
        new NaturalGradientPreconditioner(o, LAPACK).precondition(machine, s, RandomSource.of(3), 0);
        List<INDArray> nat = s.gradients().list();
        for (int i = 0; i < plain.size(); i++) {
            // |g~ - g| <= max(1, lambda_max) |g| / alpha with lambda_max <= 0.25 d <= 2
            double rel = nat.get(i).sub(plain.get(i)).norm2Number().doubleValue() / plain.get(i).norm2Number().doubleValue();
            assertTrue(rel <= 2.0 / alpha, "layer " + i + ": " + rel);
        }
    }

    @Test
    void theFactorisationIsRefreshedEveryKUpdatesAndReusedInBetween() {
        CountingCholesky counting = new CountingCholesky(LAPACK);
        double alpha = 0.02;
        NaturalGradientOptions o = new NaturalGradientOptions(alpha, 0.9, 1e-4, 10, 3, DataType.DOUBLE, SolverPath.AUTO);
        NaturalGradientPreconditioner pre = new NaturalGradientPreconditioner(o, counting);
        int layers = 2 * machine.depth() + 1;
        StepResult s0 = step(Algorithm.RWS, 0);
        pre.precondition(machine, s0, RandomSource.of(4), 0);
        assertEquals(layers, counting.factorCalls());
        for (long u = 1; u <= 2; u++) {
            StepResult s = step(Algorithm.RWS, u);
            List<INDArray> plain = dupAll(s.gradients().list());
            pre.precondition(machine, s, RandomSource.of(4), u);
            assertEquals(layers, counting.factorCalls(), "update " + u + " reuses the factorisation");
            // the reused result is the solve with update 0's samples and update 0's damping
            for (int l = 0; l <= machine.depth(); l++) {
                double[][] expected = reference(s0.sleep().pInput(l), s0.sleep().pProbabilities(l), plain.get(l), alpha);
                assertTrue(Dense.relativeError(s.gradients().p(l).toDoubleMatrix(), expected) < 1e-9, "p" + l + " at " + u);
            }
            for (int l = 0; l < machine.depth(); l++) {
                double[][] expected = reference(s0.wake().qInput(l), s0.wake().qProbabilities(l),
                        plain.get(machine.depth() + 1 + l), alpha);
                assertTrue(Dense.relativeError(s.gradients().q(l).toDoubleMatrix(), expected) < 1e-9, "q" + l + " at " + u);
            }
        }
        StepResult s3 = step(Algorithm.RWS, 3);
        List<INDArray> plain3 = dupAll(s3.gradients().list());
        pre.precondition(machine, s3, RandomSource.of(4), 3);
        assertEquals(2L * layers, counting.factorCalls(), "update 3 refreshes");
        assertEquals(2, pre.refreshes());
        double alpha3 = o.alphaAt(3);
        double[][] expected = reference(s3.sleep().pInput(0), s3.sleep().pProbabilities(0), plain3.get(0), alpha3);
        assertTrue(Dense.relativeError(s3.gradients().p(0).toDoubleMatrix(), expected) < 1e-9, "fresh samples and damping");
    }

    @Test
    void float32FisherAgreesWithFloat64() {
        StepResult a = step(Algorithm.RWS, 0);
        StepResult b = step(Algorithm.RWS, 0);
        new NaturalGradientPreconditioner(options(0.01, 1, DataType.DOUBLE, SolverPath.AUTO), LAPACK)
                .precondition(machine, a, RandomSource.of(5), 0);
        new NaturalGradientPreconditioner(options(0.01, 1, DataType.FLOAT, SolverPath.AUTO), LAPACK)
                .precondition(machine, b, RandomSource.of(5), 0);
        for (int i = 0; i < a.gradients().list().size(); i++) {
            INDArray ga = a.gradients().list().get(i);
            INDArray gb = b.gradients().list().get(i);
            assertEquals(DataType.DOUBLE, gb.dataType(), "directions keep the model's type");
            // the same stated float32 tolerance as FisherBlocksTest (kappa ~ 100 at alpha = 0.01)
            assertTrue(Dense.relativeError(gb, ga) < 1e-4, "layer " + i + ": " + Dense.relativeError(gb, ga));
        }
    }

    @Test
    void badProbabilitiesNameTheLayerAndUnit() {
        HelmholtzMachine broken = machine.copy();
        SigmoidLayer q1 = broken.q().layer(1);
        q1.theta().getColumn(1).assign(Double.NaN);
        org.nrws.model.NonFiniteProbabilityException e = assertThrows(org.nrws.model.NonFiniteProbabilityException.class,
                () -> Algorithm.RWS.estimator(EstimatorOptions.defaults(5)).estimate(broken, x, RandomSource.of(8), 0));
        assertTrue(e.getMessage().contains("layer q1") && e.getMessage().contains("unit 1"), e.getMessage());
        // a probability corrupted after the pass is caught by the preconditioner before any clipping
        StepResult s = Algorithm.RWS.estimator(EstimatorOptions.defaults(5)).estimate(machine, x, RandomSource.of(8), 0);
        s.wake().hostQProbabilities(1).set(3, 1, Double.NaN);
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
                () -> new NaturalGradientPreconditioner(options(0.01, 1, DataType.DOUBLE, SolverPath.AUTO), LAPACK)
                        .precondition(machine, s, RandomSource.of(6), 0));
        assertTrue(f.getMessage().contains("layer q1") && f.getMessage().contains("unit 1"), f.getMessage());
    }

    @Test
    void algorithmsGetTheirPreconditioner() {
        NaturalGradientOptions o = NaturalGradientOptions.defaults(0.01);
        for (Algorithm a : Algorithm.values()) {
            Preconditioner p = a.preconditioner(o, new PureJavaCholesky());
            if (a.isNatural()) {
                assertInstanceOf(NaturalGradientPreconditioner.class, p, a.id());
            } else {
                assertSame(Preconditioner.identity(), p, a.id());
            }
        }
        NaturalGradientPreconditioner best = (NaturalGradientPreconditioner) Algorithm.NRWS.preconditioner(o);
        assertEquals("cpu-fused", best.solverFactory().name());
    }

    @Test
    void theTrainerRunsTheNaturalAlgorithms() {
        for (Algorithm a : List.of(Algorithm.NWS, Algorithm.NRWS, Algorithm.NBIHM)) {
            HelmholtzMachine m = machine.copy();
            Trainer t = new Trainer(m, a.estimator(EstimatorOptions.defaults(5)),
                    a.preconditioner(NaturalGradientOptions.defaults(0.01), LAPACK), new Sgd(), TrainerConfig.updates(5, 0.01), 1);
            t.train(new BinaryDataset(TinyMachines.binary(40, 6, 23), 8, true));
            assertEquals(5, t.updates());
            for (INDArray p : m.parameters()) {
                assertTrue(Finite.isFinite(p));
            }
            assertTrue(!m.parameters().get(0).equals(machine.parameters().get(0)), a.id() + " moved the parameters");
        }
    }

    @Test
    void theFisherHelperMatchesTheReferenceOnTheStepSamples() {
        // FisherBlocks on a trace, PureJavaCholesky: the same as the preconditioner's LAPACK result
        StepResult s = step(Algorithm.RWS, 0);
        List<INDArray> plain = dupAll(s.gradients().list());
        new NaturalGradientPreconditioner(options(0.01, 1, DataType.DOUBLE, SolverPath.DUAL), LAPACK)
                .precondition(machine, s, RandomSource.of(2), 0);
        INDArray viaHelper = FisherBlocks.ofLayer(s.wake().qInput(0), s.wake().qProbabilities(0), machine.clip(), null,
                DataType.DOUBLE).factor(0.01, SolverPath.DUAL, new PureJavaCholesky(), "layer q0")
                .solve(plain.get(machine.depth() + 1));
        assertTrue(Dense.relativeError(s.gradients().q(0), viaHelper) < 1e-11);
    }

    private static List<INDArray> dupAll(List<INDArray> a) {
        return a.stream().map(INDArray::dup).toList();
    }

    @Test
    void aSmallerLastBatchAndKeptFactorsWork() {
        for (Algorithm a : List.of(Algorithm.NRWS, Algorithm.NBIHM)) {
            HelmholtzMachine m = machine.copy();
            NaturalGradientOptions o = options(0.05, 3, DataType.DOUBLE, SolverPath.AUTO);
            Trainer t = new Trainer(m, a.estimator(EstimatorOptions.defaults(3)), a.preconditioner(o), new Sgd(),
                    TrainerConfig.updates(9, 0.01), 2);
            t.train(new BinaryDataset(TinyMachines.binary(10, 6, 24), 4, true));     // batches of 4, 4, 2
            assertEquals(9, t.updates());
            for (INDArray p : m.parameters()) {
                assertTrue(Finite.isFinite(p), a.id());
            }
            NaturalGradientPreconditioner pre = (NaturalGradientPreconditioner) t.preconditioner();
            assertEquals(3, pre.refreshes(), a.id() + ": updates 0, 3 and 6 refresh");
        }
    }
    private static INDArray firstRows(INDArray a, int n) {
        return a.get(NDArrayIndex.interval(0, Math.min(n, a.rows())), NDArrayIndex.all()).dup();
    }

    /** The first rows of every layer (dreams for p, wake samples for q, q0's B distinct rows) feed its Fisher. */
    @Test
    void fisherRowsEstimateEveryLayerFromItsFirstRows() {
        for (int cap : new int[] {5, 12}) {
            StepResult s = step(Algorithm.RWS, 0);
            Trace sleep = s.sleep();
            Trace wake = s.wake();
            List<INDArray> plain = dupAll(s.gradients().list());
            double alpha = 0.03;
            NaturalGradientOptions o = NaturalGradientOptions.defaults(alpha).fisherRows(cap);
            Algorithm.NRWS.preconditioner(o).precondition(machine, s, RandomSource.of(2), 0);
            int L = machine.depth();
            for (int l = 0; l <= L; l++) {
                double[][] expected = reference(firstRows(sleep.pInput(l), cap), firstRows(sleep.pProbabilities(l), cap),
                        plain.get(l), alpha);
                double err = Dense.relativeError(s.gradients().p(l).toDoubleMatrix(), expected);
                assertTrue(err < 1e-9, "cap " + cap + " p" + l + ": " + err);
            }
            for (int l = 0; l < L; l++) {
                int rows = l == 0 ? Math.min(cap, x.rows()) : cap;      // q0: the B = 8 distinct data rows first
                double[][] expected = reference(firstRows(wake.qInput(l), rows), firstRows(wake.qProbabilities(l), rows),
                        plain.get(L + 1 + l), alpha);
                double err = Dense.relativeError(s.gradients().q(l).toDoubleMatrix(), expected);
                assertTrue(err < 1e-9, "cap " + cap + " q" + l + ": " + err);
            }
        }
    }

    /** The fused solver's kept factors solve a later gradient with the refresh update's samples and damping. */
    @Test
    void keptFusedFactorsSolveWithTheOldSamples() {
        double alpha = 0.02;
        NaturalGradientOptions o = new NaturalGradientOptions(alpha, 0.5, 1e-4, 10, 4, DataType.DOUBLE, SolverPath.AUTO);
        NaturalGradientPreconditioner pre = (NaturalGradientPreconditioner) Algorithm.NRWS.preconditioner(o);
        StepResult s0 = step(Algorithm.RWS, 0);
        pre.precondition(machine, s0, RandomSource.of(4), 0);
        int L = machine.depth();
        for (long u = 1; u <= 3; u++) {
            StepResult s = step(Algorithm.RWS, u);
            List<INDArray> plain = dupAll(s.gradients().list());
            pre.precondition(machine, s, RandomSource.of(4), u);
            for (int l = 0; l <= L; l++) {
                double[][] expected = reference(s0.sleep().pInput(l), s0.sleep().pProbabilities(l), plain.get(l), alpha);
                assertTrue(Dense.relativeError(s.gradients().p(l).toDoubleMatrix(), expected) < 1e-9, "p" + l + " at " + u);
            }
            for (int l = 0; l < L; l++) {
                double[][] expected = reference(s0.wake().qInput(l), s0.wake().qProbabilities(l), plain.get(L + 1 + l), alpha);
                assertTrue(Dense.relativeError(s.gradients().q(l).toDoubleMatrix(), expected) < 1e-9, "q" + l + " at " + u);
            }
        }
        assertEquals(1, pre.refreshes());
    }

    /**
     * With kept factors, a damping schedule that crosses the plain-gradient threshold: downwards, the first
     * natural update factors at once with its own samples and damping (not at the next multiple of the
     * refresh interval); upwards, the updates above the threshold leave the gradient untouched. The schedule
     * is monotone, so a run cannot cross back.
     */
    @Test
    void keptFactorsAcrossThePlainThreshold() {
        // downwards: alpha 40, 20 (plain), 10, 5, 2.5 (natural); refresh every 3 updates
        NaturalGradientOptions down = new NaturalGradientOptions(40, 0.5, 1e-3, 10, 3, DataType.DOUBLE, SolverPath.AUTO);
        NaturalGradientPreconditioner pre = (NaturalGradientPreconditioner) Algorithm.NRWS.preconditioner(down);
        StepResult[] steps = new StepResult[5];
        List<List<INDArray>> plain = new java.util.ArrayList<>();
        for (int u = 0; u < 5; u++) {
            steps[u] = step(Algorithm.RWS, u);
            plain.add(dupAll(steps[u].gradients().list()));
            pre.precondition(machine, steps[u], RandomSource.of(7), u);
        }
        assertEquals(2, pre.plainUpdates());
        assertEquals(2, pre.refreshes(), "updates 2 (the crossing) and 3 (a multiple of 3) factor");
        for (int u = 0; u < 2; u++) {
            assertEquals(plain.get(u).get(0), steps[u].gradients().p(0), "plain at update " + u);
        }
        int[] factoredAt = {0, 0, 2, 3, 3};
        for (int u = 2; u < 5; u++) {
            StepResult f = steps[factoredAt[u]];
            double a = down.alphaAt(factoredAt[u]);
            double[][] expected = reference(f.sleep().pInput(0), f.sleep().pProbabilities(0), plain.get(u).get(0), a);
            assertTrue(Dense.relativeError(steps[u].gradients().p(0).toDoubleMatrix(), expected) < 1e-9, "update " + u);
        }
        // upwards: alpha 5 (natural, factored), 10 (kept factors at alpha 5), 20 (plain)
        NaturalGradientOptions up = new NaturalGradientOptions(5, 2, 5, 10, 3, DataType.DOUBLE, SolverPath.AUTO);
        NaturalGradientPreconditioner pre2 = (NaturalGradientPreconditioner) Algorithm.NRWS.preconditioner(up);
        StepResult u0 = step(Algorithm.RWS, 0);
        pre2.precondition(machine, u0, RandomSource.of(7), 0);
        StepResult u1 = step(Algorithm.RWS, 1);
        List<INDArray> plain1 = dupAll(u1.gradients().list());
        pre2.precondition(machine, u1, RandomSource.of(7), 1);
        double[][] expected = reference(u0.sleep().pInput(0), u0.sleep().pProbabilities(0), plain1.get(0), 5);
        assertTrue(Dense.relativeError(u1.gradients().p(0).toDoubleMatrix(), expected) < 1e-9, "kept factors at alpha 5");
        StepResult u2 = step(Algorithm.RWS, 2);
        List<INDArray> plain2 = dupAll(u2.gradients().list());
        pre2.precondition(machine, u2, RandomSource.of(7), 2);
        assertEquals(plain2.get(0), u2.gradients().p(0), "plain above the threshold");
        assertEquals(1, pre2.plainUpdates());
        assertEquals(1, pre2.refreshes());
    }
}
