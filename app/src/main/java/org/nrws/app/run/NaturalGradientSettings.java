package org.nrws.app.run;

import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nrws.solver.Approximation;
import org.nrws.solver.KfacOptions;
import org.nrws.solver.SolverKind;
import org.nrws.train.Algorithm;
import org.nrws.train.NaturalGradientOptions;

/**
 * The natural gradient of a run: the damping {@code --alpha} and its schedule
 * ({@code --alpha-factor F --alpha-every E --alpha-min A --alpha-max A}: alpha is multiplied by F
 * every E updates, within [min, max]), {@code --refresh}, {@code --fisher-dtype}, the Fisher of the
 * ablation {@code --precondition} and K-FAC's {@code --kfac-damping} and {@code --kfac-decay}.
 *
 * @param alpha          the damping, finite and &gt; 0
 * @param refresh        Fisher refresh interval in updates
 * @param fisherDtype    float64, float32 or mixed
 * @param precondition   the Fisher the direction is preconditioned with, or null for the algorithm's own ({@code auto})
 * @param kfacFactored   K-FAC's factored Tikhonov damping ({@code --kfac-damping factored}) instead of the exact one
 * @param kfacDecay      running-average decay of K-FAC's and FOOF's factors, in [0, 1)
 * @param alphaFactor    the schedule's factor
 * @param alphaEvery     updates between damping changes
 * @param alphaMin       the schedule's floor; 0 = alpha itself
 * @param alphaMax       the schedule's ceiling; infinity = none
 * @param fisherRows     the most rows of each layer's Fisher estimate ({@code --fisher-rows}: a count, 0 = all;
 *                       {@code batch} is resolved to B when read)
 * @param solver         the exact CPU solver ({@code --solver fused|tensor})
 */
public record NaturalGradientSettings(double alpha, int refresh, String fisherDtype, Approximation precondition,
                                      boolean kfacFactored, double kfacDecay, double alphaFactor, int alphaEvery,
                                      double alphaMin, double alphaMax, int fisherRows, SolverKind solver) {

    static NaturalGradientSettings read(ConfigValues v, Algorithm algo) {
        double alpha = v.number("alpha");
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("--alpha (damping) must be finite and > 0, got " + v.get("alpha"));
        }
        int refresh = v.positiveInt("refresh");
        String fisher = v.get("fisher-dtype").toLowerCase(Locale.ROOT);
        if (!fisher.equals("mixed")) {
            fisher = v.floatType("fisher-dtype") == DataType.FLOAT ? "float32" : "float64";
        }
        String d = v.get("kfac-damping").toLowerCase(Locale.ROOT);
        if (!d.equals("exact") && !d.equals("factored")) {
            throw new IllegalArgumentException("--kfac-damping must be exact or factored, got '" + v.get("kfac-damping") + "'");
        }
        double decay = v.number("kfac-decay");
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("--kfac-decay must be in [0, 1), got " + v.get("kfac-decay"));
        }
        double factor = v.positiveFinite("alpha-factor");
        int every = v.positiveInt("alpha-every");
        double min = v.number("alpha-min") == 0 ? 0 : v.positiveFinite("alpha-min");
        double max = v.get("alpha-max").equalsIgnoreCase("inf") ? Double.POSITIVE_INFINITY : v.positiveFinite("alpha-max");
        int rows = fisherRows(v);
        String kind = v.get("solver").toLowerCase(Locale.ROOT);
        if (!kind.equals("fused") && !kind.equals("tensor")) {
            throw new IllegalArgumentException("--solver must be fused or tensor, got '" + v.get("solver") + "'");
        }
        NaturalGradientSettings s = new NaturalGradientSettings(alpha, refresh, fisher, precondition(v, algo), d.equals("factored"),
                decay, factor, every, min, max, rows, kind.equals("fused") ? SolverKind.FUSED : SolverKind.TENSOR);
        s.schedule(NaturalGradientOptions.defaults(1.0));   // checks min <= max
        return s;
    }

    /**
     * {@code --fisher-rows}: {@code all} (or 0), {@code batch} (B: one sample of every data point) or a
     * count N &ge; 1, resolved to a count (0 = all) so that a saved configuration keeps its meaning.
     */
    private static int fisherRows(ConfigValues v) {
        String text = v.get("fisher-rows").toLowerCase(Locale.ROOT);
        if (text.equals("all")) {
            return 0;
        }
        if (text.equals("batch")) {
            return v.positiveInt("batch");
        }
        try {
            int rows = Integer.parseInt(text);
            if (rows >= 0) {
                return rows;
            }
        } catch (NumberFormatException e) {
            // the message below names the option
        }
        throw new IllegalArgumentException("--fisher-rows must be all, batch or an integer >= 0 (0 = all), got '"
                + v.get("fisher-rows") + "'");
    }

    private static Approximation precondition(ConfigValues v, Algorithm algo) {
        String p = v.get("precondition").toLowerCase(Locale.ROOT);
        if (p.equals("auto")) {
            return null;
        }
        Approximation a;
        try {
            a = Approximation.parse(p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--precondition must be auto, exact, kfac, foof, diagonal or none, got '"
                    + v.get("precondition") + "'");
        }
        if (algo.isNatural() && a != Approximation.EXACT) {
            throw new IllegalArgumentException("--algo " + algo.id() + " is " + algo.base().id() + " with the exact Fisher; for "
                    + a.id() + " use --algo " + algo.base().id() + " --precondition " + a.id());
        }
        return a;
    }

    /** @return true for {@code --fisher-dtype mixed}: float32 factors, float64 right-hand sides, one refinement step */
    public boolean mixedFisher() {
        return fisherDtype.equals("mixed");
    }

    /** @return the type of the Fisher algebra (FLOAT for {@code mixed}: float32 factors) */
    public DataType fisherType() {
        return fisherDtype.equals("float64") ? DataType.DOUBLE : DataType.FLOAT;
    }

    /** @return the natural-gradient options: damping with its schedule, refresh interval, Fisher type */
    public NaturalGradientOptions options() {
        NaturalGradientOptions d = NaturalGradientOptions.defaults(alpha);
        NaturalGradientOptions constant = new NaturalGradientOptions(alpha, d.alphaDecay(), d.alphaMin(), d.plainAbove(),
                refresh, fisherType(), d.path(), mixedFisher());
        return schedule(constant).solverKind(solver).fisherRows(fisherRows);
    }

    /**
     * @param options natural-gradient options with a constant damping
     * @return the same options with the configured damping schedule
     */
    public NaturalGradientOptions schedule(NaturalGradientOptions options) {
        double min = alphaMin == 0 ? Math.min(options.alpha(), options.alphaMin()) : alphaMin;
        if (alphaMax < min) {
            throw new IllegalArgumentException("--alpha-max " + alphaMax + " is below --alpha-min " + min);
        }
        return options.withSchedule(alphaFactor, alphaEvery, min, alphaMax);
    }

    /**
     * @return whether the run keeps running averages of K-FAC's or FOOF's factors across refreshes
     *     ({@code --kfac-decay} &gt; 0 with {@code --precondition kfac|foof}, which a plain algorithm takes): state
     *     that checkpoints do not hold, so that a resumed run restarts the averages (the diagonal ablation
     *     averages too, but its direction does not read the averaged factors)
     */
    public boolean keepsRunningAverages() {
        return kfacDecay > 0 && (precondition == Approximation.KFAC || precondition == Approximation.FOOF);
    }

    /** @return K-FAC's (and FOOF's) options */
    public KfacOptions kfacOptions() {
        return new KfacOptions(kfacFactored, kfacDecay);
    }

    void write(Map<String, String> m) {
        m.put("alpha", ConfigValues.text(alpha));
        m.put("refresh", Integer.toString(refresh));
        m.put("fisher-dtype", fisherDtype);
        m.put("precondition", precondition == null ? "auto" : precondition.id());
        m.put("kfac-damping", kfacFactored ? "factored" : "exact");
        m.put("kfac-decay", ConfigValues.text(kfacDecay));
        m.put("alpha-factor", ConfigValues.text(alphaFactor));
        m.put("alpha-every", Integer.toString(alphaEvery));
        m.put("alpha-min", ConfigValues.text(alphaMin));
        m.put("alpha-max", Double.isInfinite(alphaMax) ? "inf" : ConfigValues.text(alphaMax));
        m.put("fisher-rows", Integer.toString(fisherRows));
        m.put("solver", solver == SolverKind.FUSED ? "fused" : "tensor");
    }
}
