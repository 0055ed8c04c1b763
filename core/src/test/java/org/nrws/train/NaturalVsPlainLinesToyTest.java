package org.nrws.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nrws.solver.Approximation;

/**
 * On the 3x3 lines toy (exact KL by enumeration), on an equal footing: the same optimiser (plain
 * SGD), the same initialisation, data, seed and update budget, each method at its best learning
 * rate from the same grid. The natural algorithms must end well below their plain siblings. A
 * wrong preconditioner that only rescales the gradient (e.g. {@code (1 + alpha) / alpha} times the
 * identity) is the plain algorithm at another learning rate, so it cannot pass.
 *
 * <p>Measured at this commit (300 updates, seed 1): RWS's best KL 1.25 (lr 1), NRWS's 0.05 (lr 0.3);
 * see {@link LinesToyComparison} for the full curves.
 */
class NaturalVsPlainLinesToyTest {

    private static final int UPDATES = 300;
    private static final double[] GRID = {0.03, 0.1, 0.3, 1.0, 3.0};

    /** The lowest final KL over the grid (a run that diverges counts as infinitely bad). */
    static double best(Algorithm algo, Approximation approximation) {
        double best = Double.POSITIVE_INFINITY;
        for (double lr : GRID) {
            double kl;
            try {
                kl = LinesToyComparison.run(algo, approximation, "sgd", lr, -1, UPDATES, 1, UPDATES, false).finalKl();
            } catch (NonFiniteException diverged) {
                kl = Double.POSITIVE_INFINITY;
            }
            if (kl < best) {
                best = kl;
            }
        }
        return best;
    }

    private static void naturalWinsOnEqualFooting(Algorithm natural) {
        double nat = best(natural, null);
        double plain = best(natural.base(), null);
        assertTrue(nat < 0.5 * plain, natural.id() + " best KL " + nat + " must be well below " + natural.base().id()
                + "'s best " + plain + " (SGD, best learning rate of " + java.util.Arrays.toString(GRID) + ", "
                + UPDATES + " updates)");
    }

    @Test
    void nrwsBeatsRwsAtEachOnesBestLearningRate() {
        naturalWinsOnEqualFooting(Algorithm.NRWS);
    }

    @Test
    void nbihmBeatsBihmAtEachOnesBestLearningRate() {
        naturalWinsOnEqualFooting(Algorithm.NBIHM);
    }

    @Test
    void everyApproximationLowersTheExactKl() {
        double initial = LinesToyComparison.run(Algorithm.RWS, null, "sgd", 1e-9, -1, 1, 1, 1, false).finalKl();
        for (Approximation a : new Approximation[] {Approximation.KFAC, Approximation.FOOF, Approximation.DIAGONAL}) {
            double kl = LinesToyComparison.run(Algorithm.RWS, a, "sgd", 0.3, -1, UPDATES, 1, UPDATES, false).finalKl();
            assertTrue(kl < initial - 1.0, "RWS + " + a.id() + ": KL " + kl + " after " + UPDATES + " updates, from " + initial);
        }
    }
}
