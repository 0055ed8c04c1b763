package org.nrws.app.run;

import java.util.Locale;
import org.nrws.model.Initialization;
import org.nrws.model.Units;
import org.nrws.solver.Approximation;
import org.nrws.solver.KfacOptions;
import org.nrws.train.Algorithm;
import org.nrws.train.NaturalGradientOptions;

/**
 * The entries of a {@link RunConfig} that reproduce other papers' conventions and the
 * exact-versus-approximate ablation: {@code --units 01|pm1}, {@code --init small|argo},
 * {@code --precondition auto|exact|kfac|foof|diagonal|none}, {@code --kfac-damping exact|factored},
 * {@code --kfac-decay}, and the damping schedule {@code --alpha-factor F --alpha-every E
 * --alpha-min A --alpha-max A} (alpha is multiplied by F every E updates, within [min, max]).
 */
public final class ModelChoices {

    private final RunConfig config;
    private final ConfigValues values;

    ModelChoices(RunConfig config, ConfigValues values) {
        this.config = config;
        this.values = values;
    }

    /** Checks every entry (called by the configuration's validation). */
    void validate() {
        units();
        initialization();
        approximation();
        kfacOptions();
        schedule(NaturalGradientOptions.defaults(1.0));
    }

    /** @return the units' values */
    public Units units() {
        try {
            return Units.parse(config.get("units"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--units must be 01 or pm1, got '" + config.get("units") + "'");
        }
    }

    /** @return the initialisation */
    public Initialization initialization() {
        try {
            return Initialization.parse(config.get("init"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--init must be small or argo, got '" + config.get("init") + "'");
        }
    }

    /**
     * @return the Fisher the preconditioner inverts, or null for the algorithm's own (exact for
     *     nws/nrws/nbihm, none for ws/rws/bihm)
     * @throws IllegalArgumentException for a natural algorithm with an approximation
     */
    public Approximation approximation() {
        String p = config.get("precondition").toLowerCase(Locale.ROOT);
        if (p.equals("auto")) {
            return null;
        }
        Approximation a;
        try {
            a = Approximation.parse(p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--precondition must be auto, exact, kfac, foof, diagonal or none, got '"
                    + config.get("precondition") + "'");
        }
        Algorithm algo = config.algorithm();
        if (algo.isNatural() && a != Approximation.EXACT) {
            throw new IllegalArgumentException("--algo " + algo.id() + " is " + algo.base().id() + " with the exact Fisher; for "
                    + a.id() + " use --algo " + algo.base().id() + " --precondition " + a.id());
        }
        return a;
    }

    /** @return the Fisher actually used: the approximation, or the algorithm's own */
    public Approximation effectiveApproximation() {
        Approximation a = approximation();
        return a != null ? a : config.algorithm().isNatural() ? Approximation.EXACT : Approximation.NONE;
    }

    /** @return K-FAC's (and FOOF's) options */
    public KfacOptions kfacOptions() {
        String d = config.get("kfac-damping").toLowerCase(Locale.ROOT);
        if (!d.equals("exact") && !d.equals("factored")) {
            throw new IllegalArgumentException("--kfac-damping must be exact or factored, got '" + config.get("kfac-damping") + "'");
        }
        double decay = values.number("kfac-decay");
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("--kfac-decay must be in [0, 1), got " + config.get("kfac-decay"));
        }
        return new KfacOptions(d.equals("factored"), decay);
    }

    /**
     * @param options natural-gradient options with a constant damping
     * @return the same options with the configured damping schedule
     */
    public NaturalGradientOptions schedule(NaturalGradientOptions options) {
        double factor = values.positiveFinite("alpha-factor");
        int every = values.positiveInt("alpha-every");
        double min = config.get("alpha-min").equals("0") ? Math.min(options.alpha(), options.alphaMin())
                : values.positiveFinite("alpha-min");
        String maxText = config.get("alpha-max").toLowerCase(Locale.ROOT);
        double max = maxText.equals("inf") ? Double.POSITIVE_INFINITY : values.positiveFinite("alpha-max");
        if (max < min) {
            throw new IllegalArgumentException("--alpha-max " + max + " is below --alpha-min " + min);
        }
        return options.withSchedule(factor, every, min, max);
    }
}
