package org.nrws.spark.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nrws.checkpoint.Checkpoint;
import org.nrws.eval.LikelihoodResult;
import org.nrws.app.data.Splits;
import org.nrws.app.run.Evaluation;
import org.nrws.app.run.Json;
import org.nrws.app.run.RunConfig;
import org.nrws.model.HelmholtzMachine;
import org.nrws.random.RandomSource;
import org.nrws.spark.DistributedEvaluation;
import org.nrws.train.Algorithm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code nrws-spark eval}: the test (or another) split's importance-sampled log-likelihood with the
 * images spread over Spark partitions. It uses the stream of {@code ./nrws eval} for the same
 * checkpoint and seed, and prints the same JSON keys, so the numbers are identical bit for bit.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a checkpoint's log-likelihood on Spark (same numbers as ./nrws eval).")
public final class SparkEvalCommand implements Callable<Integer> {

    @ParentCommand
    NrwsSpark parent;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "The checkpoint to evaluate.")
    Path checkpoint;

    @Option(names = "--k", paramLabel = "N", description = "Importance samples per image (default: ${DEFAULT-VALUE}).")
    int k = 1000;

    @Option(names = "--split", paramLabel = "train|valid|test", description = "Split (default: ${DEFAULT-VALUE}).")
    String split = "test";

    @Option(names = "--n", paramLabel = "N", description = "Evaluate only the first N rows (0 = all; default: 0).")
    int n;

    @Option(names = "--seed", paramLabel = "S", description = "Evaluation seed (default: the checkpoint's training seed).")
    Long seed;

    @Option(names = "--partitions", paramLabel = "P",
            description = "Partitions (default: the context's default parallelism).")
    Integer partitions;

    @Option(names = "--logz-pairs", paramLabel = "M", description = "BiHM: pairs of the 2 log Z estimate (default: the run's).")
    Long logzPairs;

    @Mixin
    DataOptions data;

    /** Creates the command (picocli fills it). */
    public SparkEvalCommand() {
        // filled by picocli
    }

    @Override
    public Integer call() throws Exception {
        if (k < 1) {
            throw new IllegalArgumentException("--k must be an integer >= 1, got " + k);
        }
        if (n < 0) {
            throw new IllegalArgumentException("--n must be >= 0 (0 = whole split), got " + n);
        }
        int splitIndex = Evaluation.splitIndex(split);
        Checkpoint c = Checkpoint.load(checkpoint);
        RunConfig config = data.config(c);
        Splits splits = data.load(config, parent.err);
        HelmholtzMachine machine = c.machine();
        long evalSeed = seed != null ? seed : c.seed();
        RandomSource root = RandomSource.of(evalSeed);
        INDArray all = splits.split(split);
        INDArray x = n > 0 && all.rows() > n ? all.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()) : all;
        Map<String, Object> out = new LinkedHashMap<>();
        try (org.nrws.spark.LocalSpark.Session session = parent.session("nrws-spark eval")) {
            JavaSparkContext sc = session.sc();
            int p = partitions != null ? partitions : sc.defaultParallelism();
            DistributedEvaluation eval = new DistributedEvaluation(sc, p);
            long t0 = System.nanoTime();
            LikelihoodResult r = eval.evaluate(machine, x, k, root.stream(RandomSource.DOMAIN_EVAL,
                    Evaluation.FINAL_STREAM + splitIndex));
            double seconds = (System.nanoTime() - t0) / 1e9;
            Algorithm algo = config.algorithm();
            out.put("algo", algo.id());
            out.put("updates", c.updates());
            out.put("split", split);
            out.put("n", x.rows());
            out.put("eval_k", k);
            out.put("ll", r.mean());
            out.put("ll_se", r.standardError());
            out.put("ess", r.meanEss());
            if (algo.base() == Algorithm.BIHM) {
                long m = logzPairs != null ? logzPairs : config.logZPairs();
                double twoLogZ = eval.twoLogZ(machine, m, root.stream(RandomSource.DOMAIN_EVAL, Evaluation.LOGZ_STREAM));
                out.put("bihm_log_ptilde", r.bihmLogPTildeMean());
                out.put("bihm_2logz", twoLogZ);
                out.put("bihm_log_pstar", r.bihmLogPTildeMean() - twoLogZ);
                out.put("logz_pairs", m);
            }
            out.put("eval_s", Math.round(seconds * 1000) / 1000.0);
            out.put("partitions", p);
            out.put("master", sc.master());
            out.put("seed", evalSeed);
            out.put("checkpoint", checkpoint.toString());
            parent.err.println(String.format(Locale.ROOT, "%s LL %.3f +- %.3f nats (K=%d, %d rows, ESS %.1f, %d partitions, %.1f s)",
                    split, r.mean(), r.standardError(), k, x.rows(), r.meanEss(), p, seconds));
        }
        parent.out.println(Json.write(out));
        parent.out.flush();
        return 0;
    }
}
