package org.nrws.app.run;

import org.nrws.model.Initialization;
import org.nrws.model.Units;
import org.nrws.solver.Approximation;
import org.nrws.solver.KfacOptions;
import org.nrws.train.NaturalGradientOptions;

/**
 * The settings of a {@link RunConfig} that reproduce other papers' conventions and the
 * exact-versus-approximate ablation: {@code --units 01|pm1}, {@code --init small|argo},
 * {@code --precondition auto|exact|kfac|foof|diagonal|none}, {@code --kfac-damping exact|factored},
 * {@code --kfac-decay}, and the damping schedule {@code --alpha-factor F --alpha-every E
 * --alpha-min A --alpha-max A} (alpha is multiplied by F every E updates, within [min, max]).
 * A view of the typed settings: everything was checked when the configuration was parsed.
 */
public final class ModelChoices {

    private final RunConfig config;

    ModelChoices(RunConfig config) {
        this.config = config;
    }

    /** @return the units' values */
    public Units units() {
        return config.model().units();
    }

    /** @return the initialisation */
    public Initialization initialization() {
        return config.model().initialization();
    }

    /**
     * @return the Fisher the preconditioner inverts, or null for the algorithm's own (exact for
     *     nws/nrws/nbihm, none for ws/rws/bihm)
     */
    public Approximation approximation() {
        return config.naturalGradient().precondition();
    }

    /** @return the Fisher actually used: the approximation, or the algorithm's own */
    public Approximation effectiveApproximation() {
        Approximation a = approximation();
        return a != null ? a : config.algorithm().isNatural() ? Approximation.EXACT : Approximation.NONE;
    }

    /** @return K-FAC's (and FOOF's) options */
    public KfacOptions kfacOptions() {
        return config.naturalGradient().kfacOptions();
    }

    /**
     * @param options natural-gradient options with a constant damping
     * @return the same options with the configured damping schedule
     */
    public NaturalGradientOptions schedule(NaturalGradientOptions options) {
        return config.naturalGradient().schedule(options);
    }
}
