package org.nrws.app.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nrws.data.Binarization;
import org.nrws.train.Algorithm;

/** The run configuration: reference defaults and validation messages. */
class RunConfigTest {

    @Test
    void defaultsAreTheNrwsReferenceModelWithTheStudysNaturalGradient() {
        RunConfig c = RunConfig.defaults();
        assertEquals(Algorithm.NRWS, c.algorithm());
        assertArrayEquals(new int[] {200, 200, 10}, c.layers());
        assertEquals(5, c.k());
        assertEquals(32, c.batch());
        assertEquals(0.05, c.learningRate());
        assertEquals("sgd", c.optimizer().name());
        assertEquals(0.1, c.naturalGradientOptions().alpha());
        assertEquals(5, c.naturalGradientOptions().refreshInterval());
        assertEquals(32, c.naturalGradientOptions().fisherRows(), "the Fisher from B rows");
        assertEquals(DataType.DOUBLE, c.fisherType());
        assertEquals(20, c.epochs());
        assertEquals(Long.MAX_VALUE, c.maxUpdates());
        assertEquals(Double.POSITIVE_INFINITY, c.timeBudgetSeconds());
        assertEquals(Binarization.FIXED, c.binarization());
        assertEquals("mnist", c.data());
    }

    @Test
    void invalidValuesNameTheOption() {
        assertMessage(Map.of("k", "0"), "--k must be an integer >= 1, got 0");
        assertMessage(Map.of("lr", "-0.1"), "--lr must be a finite number > 0");
        assertMessage(Map.of("lr", "fast"), "--lr must be a number, got 'fast'");
        assertMessage(Map.of("algo", "vae"), "unknown algorithm 'vae'");
        assertMessage(Map.of("layers", "200,,10"), "--layers must be a comma-separated list");
        assertMessage(Map.of("layers", "200,0"), "--layers must be a comma-separated list");
        assertMessage(Map.of("optimizer", "rmsprop"), "unknown optimizer 'rmsprop'");
        assertMessage(Map.of("alpha", "0"), "--alpha (damping) must be finite and > 0");
        assertMessage(Map.of("fisher-dtype", "float16"), "--fisher-dtype must be float64, float32 or mixed");
        assertMessage(Map.of("binarize", "otsu"), "unknown binarization 'otsu'");
        assertMessage(Map.of("eval-every", "often"), "--eval-every must be auto");
        assertMessage(Map.of("backend", "tpu"), "--backend must be cpu, cuda or auto");
        assertMessage(Map.of("time-budget", "-5"), "--time-budget must be a number of seconds >= 0");
        assertMessage(Map.of("colour", "red"), "unknown configuration entry 'colour'");
        assertMessage(Map.of("threads", "0"), "--threads must be >= 1");
        assertMessage(Map.of("threads", "two"), "--threads must be >= 1");
        assertMessage(Map.of("lr-factor", "1.5"), "--lr-factor must be in (0, 1]");
        assertMessage(Map.of("lr-factor", "0"), "--lr-factor must be in (0, 1]");
        assertMessage(Map.of("lr-every", "0"), "--lr-every must be an integer >= 1");
        assertMessage(Map.of("lr", "0.01", "lr-min", "0.02"), "--lr-min must be in [0, --lr]");
        assertMessage(Map.of("fisher-rows", "-1"), "--fisher-rows must be all, batch or an integer >= 0 (0 = all), got '-1'");
        assertMessage(Map.of("fisher-rows", "half"), "--fisher-rows must be all, batch or an integer >= 0 (0 = all), got 'half'");
    }

    @Test
    void fisherRowsBatchIsResolvedToBAndSavedAsACount() {
        RunConfig c = new RunConfig(Map.of("batch", "48", "fisher-rows", "batch"));
        assertEquals(48, c.naturalGradientOptions().fisherRows());
        assertEquals("48", c.get("fisher-rows"), "a saved configuration keeps the count, not the word");
        assertEquals(0, new RunConfig(Map.of("fisher-rows", "all")).naturalGradientOptions().fisherRows());
        assertEquals(0, new RunConfig(Map.of("fisher-rows", "0")).naturalGradientOptions().fisherRows());
        assertEquals(7, new RunConfig(Map.of("fisher-rows", "7")).naturalGradientOptions().fisherRows());
        // the resolved count survives a change of B (what a resumed run's options would do)
        assertEquals(48, c.with("batch", "16").naturalGradientOptions().fisherRows());
    }

    @Test
    void learningRateAutoIsEachOptimizersOwnRateAndSavedAsANumber() {
        assertEquals("auto", RunConfig.DEFAULTS.get("lr"));
        assertEquals(0.05, RunConfig.defaults().learningRate());
        RunConfig adam = new RunConfig(Map.of("optimizer", "adam"));
        assertEquals(0.001, adam.learningRate(), "Adam's usual rate, not SGD's 0.05");
        assertEquals("0.001", adam.get("lr"), "a saved configuration keeps the number, not the word");
        assertEquals(0.005, new RunConfig(Map.of("optimizer", "Momentum")).learningRate(), "0.05 (1 - 0.9)");
        assertEquals(0.001, new RunConfig(Map.of("optimizer", "adam", "lr", "AUTO")).learningRate());
        assertEquals(0.02, new RunConfig(Map.of("optimizer", "adam", "lr", "0.02")).learningRate(), "a given rate wins");
        // the resolved rate survives a change of optimiser in a saved configuration (what a resumed run would check)
        assertEquals(0.001, adam.with("optimizer", "sgd").learningRate());
        assertMessage(Map.of("optimizer", "adam", "lr-min", "0.002"), "--lr-min must be in [0, --lr] (0 = no floor), got 0.002 with --lr 0.001");
    }

    @Test
    void threadsDefaultToTheAvailableProcessors() {
        assertFalse(RunConfig.defaults().threadsGiven());
        assertEquals(Runtime.getRuntime().availableProcessors(), RunConfig.defaults().threads());
        RunConfig three = new RunConfig(Map.of("threads", "3"));
        assertTrue(three.threadsGiven());
        assertEquals(3, three.threads());
    }

    @Test
    void theDefaultsAreSavedAsTheyAreWritten() {
        // A checkpoint's manifest holds entries(): for the defaults, the very text of DEFAULTS (as before typing),
        // except fisher-rows, whose default "batch" is saved as the count B, and lr, whose default "auto" is saved
        // as SGD's rate.
        java.util.Map<String, String> expected = new java.util.TreeMap<>(RunConfig.DEFAULTS);
        expected.put("fisher-rows", "32");
        expected.put("lr", "0.05");
        assertEquals(expected, RunConfig.defaults().entries());
    }

    @Test
    void savedEntriesParseBackToTheSameTypedConfiguration() {
        Map<String, String> o = new java.util.HashMap<>();
        o.put("algo", "NBIHM");
        o.put("layers", " 20, 10 ");
        o.put("lr", "1e-3");
        o.put("optimizer", "Adam");
        o.put("fisher-dtype", "double");
        o.put("dtype", "float");
        o.put("units", "pm1");
        o.put("alpha-max", "INF");
        o.put("alpha-min", "0.002");
        o.put("time-budget", "90.5");
        o.put("eval-every", "30s");
        o.put("threads", "3");
        o.put("lr-factor", "0.5");
        o.put("lr-every", "100");
        o.put("lr-min", "1e-4");
        RunConfig c = new RunConfig(o);
        RunConfig back = new RunConfig(c.entries());
        assertEquals(c, back);
        assertEquals(c.entries(), back.entries());
        assertEquals("20,10", c.get("layers"));
        assertEquals("adam", c.get("optimizer"));
        assertEquals("float64", c.get("fisher-dtype"));
        assertEquals("float32", c.get("dtype"));
        assertEquals(0.001, c.learningRate());
        assertEquals(new EvalSchedule(0, 30), c.evalEvery());
        assertEquals(90.5, c.timeBudgetSeconds());
        assertEquals(Double.POSITIVE_INFINITY, c.naturalGradient().alphaMax());
        assertEquals(3, c.threads());
        assertEquals(new org.nrws.optim.LearningRateSchedule(0.5, 100, 0.1), c.learningRateSchedule());
        assertEquals("1.0E-4", back.get("lr-min"));
        assertNotEquals(c, c.with("lr", "0.002"));
        assertEquals(c, c.with("lr", "0.0010"), "values compare as parsed, not as text");
    }

    @Test
    void evalScheduleParsesAndResolves() {
        assertEquals(new EvalSchedule(500, 0), EvalSchedule.parse("500"));
        assertEquals(new EvalSchedule(0, 30), EvalSchedule.parse("30s"));
        EvalSchedule auto = EvalSchedule.AUTO.resolve(1000, 60);
        assertEquals(new EvalSchedule(100, 6), auto);
        assertTrue(auto.due(100, 0));
        assertTrue(auto.due(1, 6.5));
        assertEquals(new EvalSchedule(1000, 0), EvalSchedule.AUTO.resolve(Long.MAX_VALUE, Double.POSITIVE_INFINITY));
    }

    @Test
    void monitorKNeverExceedsEvalK() {
        assertEquals(10, new RunConfig(Map.of("eval-k", "10")).monitorK());
        assertEquals(20, RunConfig.defaults().monitorK());
    }

    @Test
    void jsonWritesNonFiniteAsNull() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("a", Double.NaN);
        m.put("b", "x\"y\n");
        m.put("c", new int[] {1, 2});
        m.put("d", 1.5);
        m.put("e", null);
        assertEquals("{\"a\":null,\"b\":\"x\\\"y\\n\",\"c\":[1,2],\"d\":1.5,\"e\":null}", Json.write(m));
    }

    private static void assertMessage(Map<String, String> o, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RunConfig(o));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
