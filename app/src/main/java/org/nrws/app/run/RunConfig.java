package org.nrws.app.run;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nrws.data.Binarization;
import org.nrws.optim.LearningRateSchedule;
import org.nrws.optim.Optimizer;
import org.nrws.train.Algorithm;
import org.nrws.train.NaturalGradientOptions;

/**
 * The complete configuration of a training run, parsed once into typed settings: where the data
 * comes from ({@link DataSettings}), the model ({@link ModelSettings}), the algorithm and optimiser
 * ({@link OptimizerSettings}), the natural gradient ({@link NaturalGradientSettings}), budgets and
 * evaluation ({@link BudgetSettings}) and output and machine ({@link OutputSettings}). It is read
 * from entries named like the command-line options ({@code algo}, {@code layers}, {@code k}, ...);
 * every check happens here, on construction, with one-line errors naming the option. The entries
 * ({@link #entries()}, the typed values as text) are saved in every checkpoint (under
 * {@code config.}) so that a run can be resumed, evaluated or sampled from its checkpoint alone;
 * checkpoints written before this class was typed hold the same keys and are read the same way
 * ({@link SavedConfig}).
 *
 * <p>The defaults ({@link #DEFAULTS}) are NRWS at the model of docs/math.md section 7 (latents
 * 200,200,10, K = 5, B = 32, 20 epochs, fixed-binarised MNIST) with the natural-gradient settings
 * that won the equal-time study of bench/RESULTS.md section 8: plain SGD with learning rate 0.05
 * ({@code --lr auto}: 0.05 for SGD, 0.005 for momentum, 0.001 for Adam,
 * {@link OptimizerSettings#defaultLearningRate}), damping 0.1, the Fisher factors kept for 5 updates and estimated from B rows (one sample of every
 * data point). The paper's settings are {@code --lr 0.01 --alpha 0.01 --refresh 1 --fisher-rows all}.
 * A saved configuration holds {@code fisher-rows} as a count (B resolved), never as {@code batch},
 * and {@code lr} as a number, never as {@code auto}.
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
        d.put("lr", OptimizerSettings.LR_AUTO);
        d.put("optimizer", "sgd");
        d.put("lr-factor", "1");
        d.put("lr-every", "1");
        d.put("lr-min", "0");
        d.put("alpha", "0.1");
        d.put("refresh", "5");
        d.put("fisher-dtype", "float64");
        d.put("fisher-rows", "batch");
        d.put("solver", "fused");
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
     * The entries whose default differs from what the engine did before they were options: a saved
     * configuration that lacks one (a checkpoint or model file of an older version) was trained
     * with this value ({@link SavedConfig}), not with today's default. {@code fisher-rows}: all rows.
     */
    public static final Map<String, String> BEFORE_OPTION = Map.of("fisher-rows", "0");

    /**
     * The entries that define the trained model and its random stream: a resumed run must keep
     * them (the others, such as budgets and evaluation settings, may change on resume).
     */
    public static final Set<String> MODEL_DEFINING = Set.of("algo", "layers", "k", "batch", "lr", "optimizer", "alpha",
            "refresh", "fisher-dtype", "dtype", "init-std", "seed", "data", "binarize", "binarize-seed", "units", "init",
            "precondition", "kfac-damping", "kfac-decay", "alpha-factor", "alpha-every", "alpha-min", "alpha-max", "fisher-rows",
            "lr-factor", "lr-every", "lr-min");

    /**
     * The entries that describe the machine a run executes on rather than the run: a resumed run
     * takes them from its own command line (or the defaults), not from the checkpoint.
     */
    public static final Set<String> ENVIRONMENT = Set.of("data-dir", "backend", "threads");

    private final DataSettings data;
    private final ModelSettings model;
    private final OptimizerSettings optimization;
    private final NaturalGradientSettings naturalGradient;
    private final BudgetSettings budget;
    private final OutputSettings output;
    private final SortedMap<String, String> entries;

    /**
     * Parses and validates a configuration.
     *
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
        ConfigValues v = new ConfigValues(e);
        this.optimization = OptimizerSettings.read(v);
        this.model = ModelSettings.read(v);
        this.naturalGradient = NaturalGradientSettings.read(v, optimization.algorithm());
        this.budget = BudgetSettings.read(v);
        this.data = DataSettings.read(v);
        this.output = OutputSettings.read(v);
        SortedMap<String, String> text = new TreeMap<>();
        data.write(text);
        model.write(text);
        optimization.write(text);
        naturalGradient.write(text);
        budget.write(text);
        output.write(text);
        this.entries = Collections.unmodifiableSortedMap(text);
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

    /** @return every entry as text (what a checkpoint saves), sorted by key */
    public SortedMap<String, String> entries() {
        return entries;
    }

    /**
     * @param key an entry
     * @return its value as text
     */
    public String get(String key) {
        String v = entries.get(key);
        if (v == null) {
            throw new IllegalArgumentException("unknown configuration entry '" + key + "'");
        }
        return v;
    }

    /** @return the data settings */
    public DataSettings dataSettings() {
        return data;
    }

    /** @return the model settings */
    public ModelSettings model() {
        return model;
    }

    /** @return the algorithm and optimiser settings */
    public OptimizerSettings optimization() {
        return optimization;
    }

    /** @return the natural-gradient settings */
    public NaturalGradientSettings naturalGradient() {
        return naturalGradient;
    }

    /** @return the budgets and evaluation settings */
    public BudgetSettings budget() {
        return budget;
    }

    /** @return the output folder and machine settings */
    public OutputSettings output() {
        return output;
    }

    /** @return the conventions, the Fisher of the ablation and the damping schedule */
    public ModelChoices choices() {
        return new ModelChoices(this);
    }

    /** @return {@code --algo} */
    public Algorithm algorithm() {
        return optimization.algorithm();
    }

    /** @return {@code --layers}: the latent sizes n1..nL, bottom to top (a copy) */
    public int[] layers() {
        return model.layerArray();
    }

    /** @return K, importance samples per data point */
    public int k() {
        return optimization.k();
    }

    /** @return B, the minibatch size */
    public int batch() {
        return optimization.batch();
    }

    /** @return the learning rate */
    public double learningRate() {
        return optimization.learningRate();
    }

    /** @return the learning-rate schedule ({@code --lr-factor}, {@code --lr-every}, {@code --lr-min}) */
    public LearningRateSchedule learningRateSchedule() {
        return optimization.schedule();
    }

    /** @return a new optimiser of the configured kind */
    public Optimizer optimizer() {
        return optimization.newOptimizer();
    }

    /** @return the natural-gradient options (damping with its schedule, refresh interval, Fisher type) */
    public NaturalGradientOptions naturalGradientOptions() {
        return naturalGradient.options();
    }

    /** @return the type of the Fisher algebra (FLOAT for {@code mixed}: float32 factors) */
    public DataType fisherType() {
        return naturalGradient.fisherType();
    }

    /** @return true for {@code --fisher-dtype mixed}: float32 factors, float64 right-hand sides, one refinement step */
    public boolean mixedFisher() {
        return naturalGradient.mixedFisher();
    }

    /** @return the type of the parameters and data */
    public DataType dataType() {
        return model.dataType();
    }

    /** @return the standard deviation of the initial weights */
    public double initStd() {
        return model.initStd();
    }

    /** @return the epoch budget */
    public int epochs() {
        return budget.epochs();
    }

    /** @return the update budget, or {@link Long#MAX_VALUE} when none (0) */
    public long maxUpdates() {
        return budget.maxUpdates() == 0 ? Long.MAX_VALUE : budget.maxUpdates();
    }

    /** @return the training-time budget in seconds, or infinity when none (0) */
    public double timeBudgetSeconds() {
        return budget.timeBudget() == 0 ? Double.POSITIVE_INFINITY : budget.timeBudget();
    }

    /** @return the run seed */
    public long seed() {
        return optimization.seed();
    }

    /** @return {@code --data} as given */
    public String data() {
        return data.data();
    }

    /** @return the binarisation protocol */
    public Binarization binarization() {
        return data.binarization();
    }

    /** @return the seed of the fixed binarisation */
    public long binarizeSeed() {
        return data.binarizeSeed();
    }

    /** @return K of the final evaluation (0: no evaluation at all) */
    public int evalK() {
        return budget.evalK();
    }

    /** @return when to evaluate during training */
    public EvalSchedule evalEvery() {
        return budget.evalEvery();
    }

    /** @return K of the evaluations during training (at most {@link #evalK()}) */
    public int monitorK() {
        return Math.max(1, Math.min(budget.monitorK(), Math.max(1, evalK())));
    }

    /** @return rows of each split used by the evaluations during training */
    public int monitorSize() {
        return budget.monitorSize();
    }

    /** @return evaluations without validation improvement before stopping (0: no early stopping) */
    public int patience() {
        return budget.patience();
    }

    /** @return M, the (x, h) pairs of the BiHM estimate of 2 log Z */
    public long logZPairs() {
        return budget.logzPairs();
    }

    /** @return cpu, cuda or auto: the natural-gradient solver's backend */
    public String backend() {
        return output.backend();
    }

    /** @return the number of threads: {@code --threads}, or the number of available processors when it is not given */
    public int threads() {
        return threadsGiven() ? output.threads() : Runtime.getRuntime().availableProcessors();
    }

    /** @return whether {@code --threads} was given (otherwise the backends keep their defaults) */
    public boolean threadsGiven() {
        return output.threads() > 0;
    }

    /** @return the output folder */
    public Path out() {
        return output.out();
    }

    /** @return the data folder (MNIST cache) */
    public Path dataDir() {
        return data.dataDir();
    }

    /** Two configurations are equal when all their typed settings are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RunConfig c && data.equals(c.data) && model.equals(c.model) && optimization.equals(c.optimization)
                && naturalGradient.equals(c.naturalGradient) && budget.equals(c.budget) && output.equals(c.output);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(data, model, optimization, naturalGradient, budget, output);
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
