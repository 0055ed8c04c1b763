package org.nrws.app.run;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nrws.data.Binarization;
import org.nrws.optim.Optimizer;
import org.nrws.train.Algorithm;
import org.nrws.train.NaturalGradientOptions;

/**
 * The complete configuration of a training run, as string entries named like the command-line
 * options ({@code algo}, {@code layers}, {@code k}, ...), validated on construction, with typed
 * getters. The same entries are saved in every checkpoint (under {@code config.}) so that a run
 * can be resumed, evaluated or sampled from its checkpoint alone.
 *
 * <p>The defaults ({@link #DEFAULTS}) are the NRWS reference configuration of spec section 7:
 * NRWS, latents 200,200,10, K = 5, B = 32, plain SGD with learning rate 0.01, damping 0.01,
 * Fisher refresh every update, 20 epochs, on fixed-binarised MNIST.
 */
public final class RunConfig {

    /** The value of {@code threads} when {@code --threads} is not given: all available processors. */
    public static final String THREADS_NOT_GIVEN = "auto";

    /** The default of every entry. */
    public static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("algo", "nrws");
        d.put("layers", "200,200,10");
        d.put("k", "5");
        d.put("batch", "32");
        d.put("lr", "0.01");
        d.put("optimizer", "sgd");
        d.put("alpha", "0.01");
        d.put("refresh", "1");
        d.put("fisher-dtype", "float64");
        d.put("dtype", "float64");
        d.put("init-std", "0.01");
        d.put("units", "01");
        d.put("init", "small");
        d.put("precondition", "auto");
        d.put("kfac-damping", "exact");
        d.put("kfac-decay", "0");
        d.put("alpha-factor", "1");
        d.put("alpha-every", "1");
        d.put("alpha-min", "0");
        d.put("alpha-max", "inf");
        d.put("epochs", "20");
        d.put("max-updates", "0");
        d.put("time-budget", "0");
        d.put("seed", "1");
        d.put("data", "mnist");
        d.put("binarize", "fixed");
        d.put("binarize-seed", "1234");
        d.put("eval-k", "100");
        d.put("eval-every", "auto");
        d.put("monitor-k", "20");
        d.put("monitor-size", "1000");
        d.put("patience", "0");
        d.put("logz-pairs", "1000000");
        d.put("backend", "auto");
        d.put("threads", THREADS_NOT_GIVEN);
        d.put("out", "runs/train");
        d.put("data-dir", defaultDataDir());
        DEFAULTS = Collections.unmodifiableMap(d);
    }

    /** Environment variable naming the data folder. */
    public static final String ENV_DATA_DIR = "NRWS_DATA_DIR";

    /**
     * The default data folder: {@code $NRWS_DATA_DIR}, else {@code data/} in the repository (the
     * {@code ./nrws} script passes the repository as the system property {@code nrws.home}), else
     * {@code data/} in the working directory.
     *
     * @return the folder
     */
    public static String defaultDataDir() {
        String env = System.getenv(ENV_DATA_DIR);
        if (env != null && !env.isBlank()) {
            return env;
        }
        String home = System.getProperty("nrws.home");
        return home != null && !home.isBlank() ? Path.of(home, "data").toString() : "data";
    }

    /**
     * The entries that define the trained model and its random stream: a resumed run must keep
     * them (the others, such as budgets and evaluation settings, may change on resume).
     */
    public static final Set<String> MODEL_DEFINING = Set.of("algo", "layers", "k", "batch", "lr", "optimizer", "alpha",
            "refresh", "fisher-dtype", "dtype", "init-std", "seed", "data", "binarize", "binarize-seed", "units", "init",
            "precondition", "kfac-damping", "kfac-decay", "alpha-factor", "alpha-every", "alpha-min", "alpha-max");

    /**
     * The entries that describe the machine a run executes on rather than the run: a resumed run
     * takes them from its own command line (or the defaults), not from the checkpoint.
     */
    public static final Set<String> ENVIRONMENT = Set.of("data-dir", "backend", "threads");

    private final SortedMap<String, String> entries;
    private final ConfigValues values;

    /**
     * @param overrides entries that differ from {@link #DEFAULTS}
     * @throws IllegalArgumentException for an unknown key or an invalid value, naming the option
     */
    public RunConfig(Map<String, String> overrides) {
        SortedMap<String, String> e = new TreeMap<>(DEFAULTS);
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            if (!DEFAULTS.containsKey(o.getKey())) {
                throw new IllegalArgumentException("unknown configuration entry '" + o.getKey() + "'");
            }
            if (o.getValue() == null) {
                throw new IllegalArgumentException("--" + o.getKey() + " needs a value");
            }
            e.put(o.getKey(), o.getValue().trim());
        }
        this.entries = Collections.unmodifiableSortedMap(e);
        this.values = new ConfigValues(this.entries);
        validate();
    }

    /** @return the defaults */
    public static RunConfig defaults() {
        return new RunConfig(Map.of());
    }

    /**
     * @param key   an entry
     * @param value its new value
     * @return a copy with the entry replaced (validated)
     */
    public RunConfig with(String key, String value) {
        Map<String, String> m = new TreeMap<>(entries);
        m.put(key, value);
        return new RunConfig(m);
    }

    /**
     * @param more entries to replace
     * @return a copy with the entries replaced (validated)
     */
    public RunConfig with(Map<String, String> more) {
        Map<String, String> m = new TreeMap<>(entries);
        m.putAll(more);
        return new RunConfig(m);
    }

    /** @return every entry, sorted by key */
    public SortedMap<String, String> entries() {
        return entries;
    }

    /**
     * @param key an entry
     * @return its value as given
     */
    public String get(String key) {
        String v = entries.get(key);
        if (v == null) {
            throw new IllegalArgumentException("unknown configuration entry '" + key + "'");
        }
        return v;
    }

    private void validate() {
        algorithm();
        layers();
        values.positiveInt("k");
        values.positiveInt("batch");
        values.positiveFinite("lr");
        optimizer();
        naturalGradientOptions();
        fisherType();
        dataType();
        values.positiveFinite("init-std");
        values.positiveInt("epochs");
        values.nonNegativeLong("max-updates");
        timeBudgetSeconds();
        values.longValue("seed");
        if (get("data").isBlank()) {
            throw new IllegalArgumentException("--data must be mnist, fashion-mnist or a path, got ''");
        }
        binarization();
        values.longValue("binarize-seed");
        values.nonNegativeInt("eval-k");
        evalEvery();
        values.positiveInt("monitor-k");
        values.positiveInt("monitor-size");
        values.nonNegativeInt("patience");
        if (values.longValue("logz-pairs") < 1) {
            throw new IllegalArgumentException("--logz-pairs must be >= 1, got " + get("logz-pairs"));
        }
        backend();
        threads();
        choices().validate();
    }

    /** @return the conventions, the Fisher of the ablation and the damping schedule */
    public ModelChoices choices() {
        return new ModelChoices(this, values);
    }

    /** @return {@code --algo} */
    public Algorithm algorithm() {
        return Algorithm.parse(get("algo"));
    }

    /** @return {@code --layers}: the latent sizes n1..nL, bottom to top */
    public int[] layers() {
        String s = get("layers");
        try {
            int[] l = Arrays.stream(s.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            if (l.length == 0 || Arrays.stream(l).anyMatch(v -> v < 1)) {
                throw new NumberFormatException();
            }
            return l;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--layers must be a comma-separated list of positive latent layer sizes, bottom "
                    + "to top (e.g. 200,200,10), got '" + s + "'");
        }
    }

    /** @return K, importance samples per data point */
    public int k() {
        return values.positiveInt("k");
    }

    /** @return B, the minibatch size */
    public int batch() {
        return values.positiveInt("batch");
    }

    /** @return the learning rate */
    public double learningRate() {
        return values.positiveFinite("lr");
    }

    /** @return a new optimiser of the configured kind */
    public Optimizer optimizer() {
        return Optimizer.named(get("optimizer"));
    }

    /** @return the natural-gradient options (damping, refresh interval, Fisher type) */
    public NaturalGradientOptions naturalGradientOptions() {
        double alpha = values.number("alpha");
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("--alpha (damping) must be finite and > 0, got " + get("alpha"));
        }
        NaturalGradientOptions d = NaturalGradientOptions.defaults(alpha);
        NaturalGradientOptions constant = new NaturalGradientOptions(alpha, d.alphaDecay(), d.alphaMin(), d.plainAbove(),
                values.positiveInt("refresh"), fisherType(), d.path(), mixedFisher());
        return choices().schedule(constant);
    }

    /** @return the type of the Fisher algebra (FLOAT for {@code mixed}: float32 factors) */
    public DataType fisherType() {
        return mixedFisher() ? DataType.FLOAT : values.floatType("fisher-dtype");
    }

    /** @return true for {@code --fisher-dtype mixed}: float32 factors, float64 right-hand sides, one refinement step */
    public boolean mixedFisher() {
        return "mixed".equalsIgnoreCase(get("fisher-dtype"));
    }

    /** @return the type of the parameters and data */
    public DataType dataType() {
        return values.floatType("dtype");
    }

    /** @return the standard deviation of the initial weights */
    public double initStd() {
        return values.positiveFinite("init-std");
    }

    /** @return the epoch budget */
    public int epochs() {
        return values.positiveInt("epochs");
    }

    /** @return the update budget, or {@link Long#MAX_VALUE} when none (0) */
    public long maxUpdates() {
        long v = values.nonNegativeLong("max-updates");
        return v == 0 ? Long.MAX_VALUE : v;
    }

    /** @return the training-time budget in seconds, or infinity when none (0) */
    public double timeBudgetSeconds() {
        double v = values.number("time-budget");
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("--time-budget must be a number of seconds >= 0 (0 = none), got "
                    + get("time-budget"));
        }
        return v == 0 ? Double.POSITIVE_INFINITY : v;
    }

    /** @return the run seed */
    public long seed() {
        return values.longValue("seed");
    }

    /** @return {@code --data} as given */
    public String data() {
        return get("data");
    }

    /** @return the binarisation protocol */
    public Binarization binarization() {
        return Binarization.parse(get("binarize"));
    }

    /** @return the seed of the fixed binarisation */
    public long binarizeSeed() {
        return values.longValue("binarize-seed");
    }

    /** @return K of the final evaluation (0: no evaluation at all) */
    public int evalK() {
        return values.nonNegativeInt("eval-k");
    }

    /** @return when to evaluate during training */
    public EvalSchedule evalEvery() {
        return EvalSchedule.parse(get("eval-every"));
    }

    /** @return K of the evaluations during training (at most {@link #evalK()}) */
    public int monitorK() {
        return Math.max(1, Math.min(values.positiveInt("monitor-k"), Math.max(1, evalK())));
    }

    /** @return rows of each split used by the evaluations during training */
    public int monitorSize() {
        return values.positiveInt("monitor-size");
    }

    /** @return evaluations without validation improvement before stopping (0: no early stopping) */
    public int patience() {
        return values.nonNegativeInt("patience");
    }

    /** @return M, the (x, h) pairs of the BiHM estimate of 2 log Z */
    public long logZPairs() {
        return values.longValue("logz-pairs");
    }

    /** @return cpu, cuda or auto */
    public String backend() {
        String b = get("backend").toLowerCase(Locale.ROOT);
        if (!List.of("cpu", "cuda", "auto").contains(b)) {
            throw new IllegalArgumentException("--backend must be cpu, cuda or auto, got '" + get("backend") + "'");
        }
        return b;
    }

    /**
     * @return the number of threads: {@code --threads}, or the number of available processors when
     *         it is not given
     * @throws IllegalArgumentException when {@code --threads} is not an integer >= 1
     */
    public int threads() {
        if (!threadsGiven()) {
            return Runtime.getRuntime().availableProcessors();
        }
        int n;
        try {
            n = values.intValue("threads");
        } catch (IllegalArgumentException notAnInt) {
            n = 0;
        }
        if (n < 1) {
            throw new IllegalArgumentException("--threads must be >= 1 (leave it out to use all "
                    + Runtime.getRuntime().availableProcessors() + " available processors), got '" + get("threads") + "'");
        }
        return n;
    }

    /** @return whether {@code --threads} was given (otherwise the backends keep their defaults) */
    public boolean threadsGiven() {
        return !get("threads").equals(THREADS_NOT_GIVEN);
    }

    /** @return the output folder */
    public Path out() {
        return Path.of(get("out"));
    }

    /** @return the data folder (MNIST cache) */
    public Path dataDir() {
        return Path.of(get("data-dir"));
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
