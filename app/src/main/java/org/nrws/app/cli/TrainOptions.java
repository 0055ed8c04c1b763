package org.nrws.app.cli;

import picocli.CommandLine.Option;

/**
 * The training options of {@code train}, {@code compare} and {@code nrws-spark train} (all but
 * {@code --algo}, {@code --out} and the machine's {@link CommonOptions}). Values stay strings
 * here; {@link org.nrws.app.run.RunConfig} parses them once, with messages naming the option.
 */
public final class TrainOptions {

    /** Creates the options (picocli fills them). */
    public TrainOptions() {
        // filled by picocli
    }

    @Option(names = "--layers", paramLabel = "N1,N2,...",
            description = "Latent layer sizes, bottom to top (default: ${DEFAULT-VALUE}).")
    String layers;

    @Option(names = "--k", paramLabel = "K", description = "Importance samples per data point (default: ${DEFAULT-VALUE}).")
    String k;

    @Option(names = "--batch", paramLabel = "B", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    String batch;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate, or auto: 0.05 for sgd, 0.005 for momentum, 0.001 for adam "
            + "(default: ${DEFAULT-VALUE}).")
    String lr;

    @Option(names = "--optimizer", paramLabel = "sgd|momentum|adam",
            description = "Optimiser applied to the (preconditioned) direction (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--alpha", paramLabel = "ALPHA",
            description = "Damping of the natural gradient, nws/nrws/nbihm only (default: ${DEFAULT-VALUE}).")
    String alpha;

    @Option(names = "--refresh", paramLabel = "N",
            description = "Recompute the Fisher factorisation every N updates (default: ${DEFAULT-VALUE}).")
    String refresh;

    @Option(names = "--fisher-rows", paramLabel = "all|batch|N",
            description = "Estimate each layer's Fisher from at most its first N rows (the dreams for p, the wake samples "
                    + "for q); batch = B, one sample of every data point; all (or 0) = every row. Cheaper dual solves, "
                    + "noisier estimate (default: ${DEFAULT-VALUE}).")
    String fisherRows;

    @Option(names = "--solver", paramLabel = "fused|tensor",
            description = "The exact natural-gradient solver on the CPU: fused = per neuron in thread scratch; tensor = "
                    + "the stacked [m,k,k] tensors and a batched Cholesky (the design's shape and the fused solver's "
                    + "oracle); both take the same primal/dual path (default: ${DEFAULT-VALUE}).")
    String solver;

    @Option(names = "--fisher-dtype", paramLabel = "float64|float32|mixed",
            description = "Precision of the Fisher algebra; mixed: float32 factors, float64 right-hand sides and one step"
                    + " of iterative refinement (default: ${DEFAULT-VALUE}).")
    String fisherDtype;

    @Option(names = "--dtype", paramLabel = "float64|float32",
            description = "Type of the parameters and data (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--init-std", paramLabel = "STD",
            description = "Standard deviation of the initial weights (default: ${DEFAULT-VALUE}).")
    String initStd;

    @Option(names = "--units", paramLabel = "01|pm1",
            description = "Values of the units and the data that reach the weights: 01, or pm1 = {-1,+1} as the NRWS "
                    + "paper's code (default: ${DEFAULT-VALUE}).")
    String units;

    @Option(names = "--init", paramLabel = "small|argo",
            description = "Initialisation: small = N(0, init-std^2) weights and data-marginal visible biases; argo = "
                    + "Glorot-normal weights and biases 0.1 in {-1,+1} coordinates (default: ${DEFAULT-VALUE}).")
    String init;

    @Option(names = "--precondition", paramLabel = "auto|exact|kfac|foof|diagonal|none",
            description = "The Fisher the direction is preconditioned with; auto = the algorithm's own (exact for "
                    + "nws/nrws/nbihm, none for ws/rws/bihm) (default: ${DEFAULT-VALUE}).")
    String precondition;

    @Option(names = "--kfac-damping", paramLabel = "exact|factored",
            description = "K-FAC's damping: exact alpha I + E[c] A, or factored Tikhonov (default: ${DEFAULT-VALUE}).")
    String kfacDamping;

    @Option(names = "--kfac-decay", paramLabel = "D",
            description = "Running averages of K-FAC's and FOOF's factors, in [0, 1); 0 = none (default: ${DEFAULT-VALUE}).")
    String kfacDecay;

    @Option(names = "--lr-factor", paramLabel = "F",
            description = "Learning-rate schedule: multiply every layer's rate by F, in (0, 1], every --lr-every updates "
                    + "(default: ${DEFAULT-VALUE}).")
    String lrFactor;

    @Option(names = "--lr-every", paramLabel = "E", description = "Updates between learning-rate changes (default: ${DEFAULT-VALUE}).")
    String lrEvery;

    @Option(names = "--lr-min", paramLabel = "RATE",
            description = "Floor of the learning-rate schedule, at most --lr; 0 = none (default: ${DEFAULT-VALUE}).")
    String lrMin;

    @Option(names = "--alpha-factor", paramLabel = "F",
            description = "Damping schedule: multiply alpha by F (above 1 increases it) every --alpha-every updates "
                    + "(default: ${DEFAULT-VALUE}).")
    String alphaFactor;

    @Option(names = "--alpha-every", paramLabel = "E", description = "Updates between damping changes (default: ${DEFAULT-VALUE}).")
    String alphaEvery;

    @Option(names = "--alpha-min", paramLabel = "A", description = "Floor of the damping schedule; 0 = alpha (default: ${DEFAULT-VALUE}).")
    String alphaMin;

    @Option(names = "--alpha-max", paramLabel = "A",
            description = "Ceiling of the damping schedule; inf = none. Above 10 the plain gradient is used "
                    + "(default: ${DEFAULT-VALUE}).")
    String alphaMax;

    @Option(names = "--epochs", paramLabel = "N", description = "Epoch budget (default: ${DEFAULT-VALUE}).")
    String epochs;

    @Option(names = "--max-updates", paramLabel = "N", description = "Update budget, 0 = none (default: ${DEFAULT-VALUE}).")
    String maxUpdates;

    @Option(names = "--time-budget", paramLabel = "SECONDS",
            description = "Training-time budget in seconds, evaluation excluded; 0 = none (default: ${DEFAULT-VALUE}).")
    String timeBudget;

    @Option(names = "--seed", paramLabel = "SEED", description = "Run seed (default: ${DEFAULT-VALUE}).")
    String seed;

    @Option(names = "--data", paramLabel = "mnist|fashion-mnist|PATH",
            description = "Data: mnist, fashion-mnist, a CSV file of 0/1 values (split 80/10/10 in row order) or a folder "
                    + "with train.csv, test.csv [, valid.csv] (default: ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--binarize", paramLabel = "fixed|dynamic|threshold",
            description = "Binarisation of image data (default: ${DEFAULT-VALUE}).")
    String binarize;

    @Option(names = "--binarize-seed", paramLabel = "SEED",
            description = "Seed of the fixed binarisation (also of valid/test under dynamic) (default: ${DEFAULT-VALUE}).")
    String binarizeSeed;

    @Option(names = "--eval-k", paramLabel = "K",
            description = "Samples per data point of the final test evaluation; 0 = no evaluation at all "
                    + "(default: ${DEFAULT-VALUE}).")
    String evalK;

    @Option(names = "--eval-every", paramLabel = "auto|N|Ss",
            description = "Evaluate during training every N updates or S training seconds; auto = about 10 times over the "
                    + "budget (default: ${DEFAULT-VALUE}).")
    String evalEvery;

    @Option(names = "--monitor-k", paramLabel = "K",
            description = "K of the evaluations during training, at most --eval-k (default: ${DEFAULT-VALUE}).")
    String monitorK;

    @Option(names = "--monitor-size", paramLabel = "N",
            description = "Rows of each split used by the evaluations during training (default: ${DEFAULT-VALUE}).")
    String monitorSize;

    @Option(names = "--patience", paramLabel = "N",
            description = "Early stopping: stop after N evaluations without validation improvement and report the best "
                    + "model; 0 = off (default: ${DEFAULT-VALUE}).")
    String patience;

    @Option(names = "--logz-pairs", paramLabel = "M",
            description = "Pairs of the BiHM 2 log Z estimate, bihm/nbihm only (default: ${DEFAULT-VALUE}).")
    String logzPairs;

    @Option(names = "--no-fetch", description = "Never download MNIST; fail if it is not in --data-dir.")
    boolean noFetch;

    /** @return whether {@code --no-fetch} was given */
    public boolean noFetch() {
        return noFetch;
    }
}
