package org.nrws.testing;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.eval.ExactEnumeration;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.Trace;

/** Turns the enumerated, weighted state sets of {@link ExactEnumeration} into ND4J traces. */
public final class Enumerated {

    private Enumerated() {
    }

    /**
     * Evaluates a machine on every row of an enumerated state set.
     *
     * @param machine the machine (not modified)
     * @param states  the enumerated states
     * @return the trace of all rows (float64 when the machine is)
     */
    public static Trace trace(HelmholtzMachine machine, ExactEnumeration.WeightedStates states) {
        double[][][] s = states.states();
        INDArray[] m = new INDArray[s.length];
        for (int l = 0; l < s.length; l++) {
            m[l] = Nd4j.createFromArray(s[l]).castTo(machine.dataType());
        }
        return machine.evaluate(m);
    }

    /**
     * @param states the enumerated states
     * @return their weights as a float64 vector
     */
    public static INDArray weights(ExactEnumeration.WeightedStates states) {
        return Nd4j.createFromArray(states.weights());
    }

    /**
     * @param blocks [m][d][d] blocks
     * @param tensor [m, d, d] tensor (not modified)
     * @return the largest absolute entry difference to a tensor
     */
    public static double maxAbsDifference(double[][][] blocks, INDArray tensor) {
        double[][][] t = Dense.slices(tensor);
        double worst = 0;
        for (int i = 0; i < blocks.length; i++) {
            for (int j = 0; j < blocks[i].length; j++) {
                for (int k = 0; k < blocks[i][j].length; k++) {
                    worst = Math.max(worst, Math.abs(blocks[i][j][k] - t[i][j][k]));
                }
            }
        }
        return worst;
    }
}
