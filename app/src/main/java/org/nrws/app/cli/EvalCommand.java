package org.nrws.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nrws.checkpoint.Checkpoint;
import org.nrws.eval.LikelihoodEstimator;
import org.nrws.app.data.Splits;
import org.nrws.app.export.ModelFile;
import org.nrws.app.run.Backends;
import org.nrws.app.run.Console;
import org.nrws.app.run.Evaluation;
import org.nrws.app.run.Json;
import org.nrws.app.run.Progress;
import org.nrws.app.run.RunConfig;
import org.nrws.app.run.Version;
import org.nrws.model.HelmholtzMachine;
import org.nrws.random.RandomSource;
import org.nrws.train.Algorithm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nrws eval}: the importance-sampled log-likelihood of a checkpoint, or of a model file
 * ({@code --model}, see {@code docs/export.md}), on one split.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Estimates log p(x) of a checkpoint's (or a model file's) model on a split by importance sampling with q as the "
                + "proposal (mean, standard error over data points, effective sample size; for BiHM also log p~*, 2 log Z, "
                + "log p*). The data are re-created with the checkpoint's protocol and seed (a model file's meta.json config, or the "
                + "defaults when it has none). Prints one JSON line."})
public final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "A checkpoint written by train.")
    Path checkpoint;

    @Option(names = "--model", paramLabel = "FILE.npz", description = "A model file written by export (or outside the "
            + "engine, see docs/export.md), instead of --checkpoint.")
    Path model;

    @Option(names = "--k", paramLabel = "K", defaultValue = "1000",
            description = "Samples per data point; use 5000 or more for numbers compared with the literature "
                    + "(default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--split", paramLabel = "test|valid|train", defaultValue = "test",
            description = "Which split (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--n", paramLabel = "N", defaultValue = "0",
            description = "Evaluate only the first N rows; 0 = the whole split (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the evaluation (default: the checkpoint's seed).")
    Long seed;

    @Option(names = "--logz-pairs", paramLabel = "M", description = "Pairs of the BiHM 2 log Z estimate (default: the "
            + "checkpoint's).")
    Long logzPairs;

    @Option(names = "--no-fetch", description = "Never download MNIST; fail if it is not in --data-dir.")
    boolean noFetch;

    @Mixin
    CommonOptions common;

    /** Creates the command (picocli fills it). */
    public EvalCommand() {
        // filled by picocli
    }

    @Override
    public Integer call() throws IOException {
        if (k < 1) {
            throw new IllegalArgumentException("--k must be an integer >= 1, got " + k);
        }
        if (n < 0) {
            throw new IllegalArgumentException("--n must be >= 0 (0 = whole split), got " + n);
        }
        if (checkpoint == null && model == null) {
            throw new IllegalArgumentException("Missing required option: '--checkpoint=FILE' or '--model=FILE.npz'");
        }
        if (checkpoint != null && model != null) {
            throw new IllegalArgumentException("give only one of --checkpoint and --model");
        }
        common.validate();
        int splitIndex = Evaluation.splitIndex(split);
        Console console = Nrws.console(spec, common.quiet);
        Checkpoint c = checkpoint != null ? Checkpoint.load(checkpoint) : null;
        ModelFile.Loaded file = model != null ? ModelFile.read(model) : null;
        RunConfig config = c != null ? Checkpoints.config(c, common) : Checkpoints.config(file, common);
        Backends.threads(config);
        String backend = Backends.check(config.backend());
        Splits splits = Checkpoints.data(config, !noFetch, console.err());
        HelmholtzMachine machine = c != null ? c.machine() : file.machine();
        long trainSeed = c != null ? c.seed() : file.meta().seed() != null ? file.meta().seed() : config.seed();
        long evalSeed = seed != null ? seed : trainSeed;
        RandomSource root = RandomSource.of(evalSeed);
        int rows = n == 0 ? Integer.MAX_VALUE : n;
        var data = splits.split(split);
        long total = Math.min(rows, data.rows()) * (long) k;
        Evaluation.Result r;
        try (Progress p = Progress.start(console.progress(), split + " LL, K=" + k, total, "rows")) {
            r = Evaluation.evaluate(machine, split, data, rows, k, root.stream(RandomSource.DOMAIN_EVAL,
                    Evaluation.FINAL_STREAM + splitIndex), p);
        }
        Algorithm algo = config.algorithm();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("algo", algo.id());
        out.put("updates", c != null ? c.updates() : file.meta().updates());
        out.put("wall_s", c != null ? c.wallSeconds() : null);
        out.put("updates_per_s", c != null && c.wallSeconds() > 0 ? c.updates() / c.wallSeconds() : null);
        out.put("split", split);
        out.put("n", r.n());
        out.put("eval_k", k);
        out.put("ll", r.ll());
        out.put("ll_se", r.se());
        out.put("ess", r.ess());
        out.put("test_ll", split.equals("test") ? r.ll() : null);
        out.put("test_ll_se", split.equals("test") ? r.se() : null);
        if (algo.base() == Algorithm.BIHM) {
            long m = logzPairs != null ? logzPairs : config.logZPairs();
            double twoLogZ = new LikelihoodEstimator().twoLogZ(machine, m, root.stream(RandomSource.DOMAIN_EVAL,
                    Evaluation.LOGZ_STREAM));
            out.put("bihm_log_ptilde", r.logPTilde());
            out.put("bihm_2logz", twoLogZ);
            out.put("bihm_log_pstar", r.logPTilde() - twoLogZ);
            out.put("logz_pairs", m);
        }
        out.put("eval_s", Math.round(r.seconds() * 1000) / 1000.0);
        out.put("backend", backend);
        out.put("seed", evalSeed);
        out.put("train_seed", trainSeed);
        out.put("data", splits.name());
        out.put("binarize", splits.protocol());
        out.put("layers", config.layers());
        if (c != null) {
            out.put("checkpoint", checkpoint.toString());
        } else {
            out.put("model", model.toString());
            out.put("model_sha256", file.sha256());
        }
        out.put("version", Version.get());
        console.info(String.format(Locale.ROOT, "%s LL %.3f +- %.3f nats (K=%d, %d rows, ESS %.1f)", split, r.ll(), r.se(), k,
                r.n(), r.ess()));
        console.out().println(Json.write(out));
        console.out().flush();
        return 0;
    }
}
