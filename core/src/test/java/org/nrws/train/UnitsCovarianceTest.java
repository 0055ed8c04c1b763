package org.nrws.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.data.BinaryDataset;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.SigmoidBeliefNetwork;
import org.nrws.model.SigmoidLayer;
import org.nrws.model.Units;
import org.nrws.optim.Sgd;
import org.nrws.testing.TinyMachines;

/**
 * The {-1,+1} path against the {0,1} path. The two conventions parametrise the same machines
 * ({@code W' = 2W}, {@code b' = b - W 1}, a linear map per neuron), and the exact natural gradient is
 * covariant under such a map when each neuron's Fisher block has full rank: with a vanishing damping,
 * one NRWS step taken in {-1,+1} coordinates and mapped back equals the step taken in {0,1}
 * coordinates. The plain gradient step is not covariant, which shows that the comparison can fail.
 * The conversion here is written independently of the engine's {@code Initialization}.
 */
class UnitsCovarianceTest {

    /** A machine of the other convention computing the same distributions. */
    private static HelmholtzMachine convert(HelmholtzMachine m, Units to) {
        List<SigmoidLayer> p = new ArrayList<>();
        List<SigmoidLayer> q = new ArrayList<>();
        for (SigmoidLayer l : m.layers()) {
            double[][] t = l.theta().toDoubleMatrix();       // rows 0..nIn-1 weights, row nIn the bias
            int nIn = l.nIn();
            for (int j = 0; j < l.nOut(); j++) {
                double sum = 0;
                for (int i = 0; i < nIn; i++) {
                    sum += t[i][j];
                }
                for (int i = 0; i < nIn; i++) {
                    t[i][j] = to == Units.PLUS_MINUS_ONE ? t[i][j] / 2 : 2 * t[i][j];
                }
                t[nIn][j] += to == Units.PLUS_MINUS_ONE ? sum / 2 : -sum;   // pm1 from 01: b + W'1/2; 01 from pm1: b - W1
            }
            SigmoidLayer c = new SigmoidLayer(l.name(), org.nd4j.linalg.factory.Nd4j.createFromArray(t));
            (l.name().startsWith("p") ? p : q).add(c);
        }
        return new HelmholtzMachine(m.sizes(), new SigmoidBeliefNetwork(SigmoidBeliefNetwork.Direction.GENERATIVE, p),
                new SigmoidBeliefNetwork(SigmoidBeliefNetwork.Direction.RECOGNITION, q), m.clip(), to);
    }

    private static HelmholtzMachine step(HelmholtzMachine start, Algorithm a, INDArray x, double alpha) {
        HelmholtzMachine m = start.copy();
        Trainer t = new Trainer(m, a.estimator(EstimatorOptions.defaults(20)),
                a.preconditioner(NaturalGradientOptions.defaults(alpha)), new Sgd(), TrainerConfig.updates(1, 0.05), 1);
        t.train(new BinaryDataset(x, (int) x.rows(), false));
        return m;
    }

    /** |T(step in pm1) - step in 01| / |step in 01| over all parameters. */
    private static double relativeDifference(HelmholtzMachine start01, HelmholtzMachine end01, HelmholtzMachine endPm) {
        HelmholtzMachine back = convert(endPm, Units.ZERO_ONE);
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < start01.parameters().size(); i++) {
            INDArray d01 = end01.parameters().get(i).sub(start01.parameters().get(i));
            INDArray dPm = back.parameters().get(i).sub(start01.parameters().get(i));
            diff += Math.pow(d01.sub(dPm).norm2Number().doubleValue(), 2);
            norm += Math.pow(d01.norm2Number().doubleValue(), 2);
        }
        return Math.sqrt(diff / norm);
    }

    @Test
    void theConversionIsExact() {
        HelmholtzMachine m01 = TinyMachines.random(5, new int[] {3, 2}, 0.7, 31);
        HelmholtzMachine back = convert(convert(m01, Units.PLUS_MINUS_ONE), Units.ZERO_ONE);
        for (int i = 0; i < m01.parameters().size(); i++) {
            assertTrue(back.parameters().get(i).equalsWithEps(m01.parameters().get(i), 1e-14), "layer " + i);
        }
    }

    @Test
    void theExactNaturalStepIsTheSameFunctionInBothConventions() {
        HelmholtzMachine m01 = TinyMachines.random(5, new int[] {3, 2}, 0.7, 31);
        HelmholtzMachine mPm = convert(m01, Units.PLUS_MINUS_ONE);
        INDArray x = TinyMachines.binary(64, 5, 32);       // B = 64, K = 20: every block of order <= 6 has full rank
        double natural = relativeDifference(m01, step(m01, Algorithm.NRWS, x, 1e-8), step(mPm, Algorithm.NRWS, x, 1e-8));
        assertTrue(natural < 1e-4, "NRWS: the pm1 step mapped to 01 coordinates differs by " + natural);
        double plain = relativeDifference(m01, step(m01, Algorithm.RWS, x, 1e-8), step(mPm, Algorithm.RWS, x, 1e-8));
        assertTrue(plain > 0.1, "RWS's plain step is not covariant: " + plain);
    }
}
