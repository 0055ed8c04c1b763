package org.nrws.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nrws.eval.ExactEnumeration;
import org.nrws.random.RandomSource;

/**
 * argo's initialisation gives the same distribution in both unit conventions (W01 = 2W,
 * b01 = b - W 1), and its biases are 0.1 in {-1,+1} coordinates; {-1,+1} states reach the weights
 * as -1 and +1.
 */
class InitializationTest {

    @Test
    void argoInitialisationIsTheSameModelInBothConventions() {
        HelmholtzMachine pm = Initialization.ARGO.create(5, new int[] {3, 2}, DataType.DOUBLE, Units.PLUS_MINUS_ONE, 0.01,
                HelmholtzMachine.DEFAULT_CLIP, RandomSource.of(4));
        HelmholtzMachine zo = Initialization.ARGO.create(5, new int[] {3, 2}, DataType.DOUBLE, Units.ZERO_ONE, 0.01,
                HelmholtzMachine.DEFAULT_CLIP, RandomSource.of(4));
        ExactEnumeration e1 = new ExactEnumeration(pm);
        ExactEnumeration e0 = new ExactEnumeration(zo);
        double[] a = e1.logMarginalAll();
        double[] b = e0.logMarginalAll();
        for (int v = 0; v < a.length; v++) {
            assertEquals(a[v], b[v], 1e-12, "visible state " + v);
        }
        double[] x = ExactEnumeration.visible(5, 13);
        for (int h = 0; h < e1.latentStates(); h++) {
            assertEquals(e1.logRecognition(e1.states(x, h)), e0.logRecognition(e0.states(x, h)), 1e-12);
        }
        for (SigmoidLayer l : pm.layers()) {
            assertEquals(0.1, l.theta().getDouble(l.nIn(), 0), 0.0, l.name() + " bias");
        }
        assertThrows(IllegalArgumentException.class, () -> Initialization.parse("glorot"));
        assertEquals(Units.PLUS_MINUS_ONE, Units.parse("pm1"));
    }

    @Test
    void plusMinusOneStatesReachTheWeightsAsPlusMinusOne() {
        HelmholtzMachine pm = Initialization.ARGO.create(4, new int[] {3}, DataType.DOUBLE, Units.PLUS_MINUS_ONE, 0.01,
                HelmholtzMachine.DEFAULT_CLIP, RandomSource.of(1));
        Trace t = pm.wake(pm.workspace(1), org.nd4j.linalg.factory.Nd4j.createFromArray(new double[][] {{1, 0, 0, 1}}),
                RandomSource.of(2));
        for (int j = 0; j < 4; j++) {
            assertEquals(j == 0 || j == 3 ? 1.0 : -1.0, t.state(0).getDouble(0, j));
        }
        for (int j = 0; j < 3; j++) {
            assertEquals(1.0, Math.abs(t.state(1).getDouble(0, j)), 0.0, "a sampled state is +1 or -1");
        }
        assertEquals(1.0, t.qInput(0).getDouble(0, 4), 0.0, "the bias column stays 1");
    }
}
