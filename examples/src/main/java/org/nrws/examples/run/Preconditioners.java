package org.nrws.examples.run;

import org.nrws.train.Algorithm;
import org.nrws.train.NaturalGradientOptions;
import org.nrws.train.Preconditioner;

/**
 * The one place where the examples choose the preconditioner of an algorithm: the identity for
 * WS, RWS and BiHM, the natural-gradient (per-neuron Fisher) preconditioner for NWS, NRWS and
 * NBiHM.
 */
public final class Preconditioners {

    private Preconditioners() {
    }

    /**
     * @param algorithm the algorithm
     * @param options   damping, refresh interval and Fisher type (used by the natural algorithms)
     * @return the preconditioner
     * @throws UnsupportedOperationException for a natural algorithm until the natural-gradient
     *                                       preconditioner is merged into core
     */
    public static Preconditioner forAlgorithm(Algorithm algorithm, NaturalGradientOptions options) {
        if (!algorithm.isNatural()) {
            return Preconditioner.identity();
        }
        // TODO(merge): return the org.nrws.fisher natural-gradient preconditioner built from options.
        throw new UnsupportedOperationException("natural gradient not merged yet: --algo " + algorithm.id()
                + " needs the Fisher preconditioner of org.nrws.fisher; use --algo " + algorithm.base().id()
                + " for the plain-gradient version");
    }
}
