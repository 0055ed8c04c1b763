package org.nrws.examples;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nrws.app.data.NpmFetcher;
import org.nrws.app.run.Charts;
import org.nrws.app.run.Console;
import org.nrws.app.run.Json;
import org.nrws.app.run.MetricsCsv;
import org.nrws.app.run.RunConfig;
import org.nrws.app.run.TrainingRun;

/**
 * Compares RWS, NRWS, BiHM and NBiHM on binarised MNIST under one training-time budget, with
 * the same seed, data and architecture, and draws their learning curves in one plot. This is
 * what {@code ./nrws compare} does, written out.
 *
 * <p>Run: {@code ./nrws example CompareAlgorithmsOnMnist [seconds-per-algorithm] [out-dir]}.
 */
public final class CompareAlgorithmsOnMnist {

    private CompareAlgorithmsOnMnist() {
    }

    /**
     * @param args optional: seconds of training per algorithm (default 120) and the output folder (default runs/compare-example)
     * @throws Exception on an I/O failure
     */
    public static void main(String[] args) throws Exception {
        String seconds = args.length > 0 ? args[0] : "120";
        Path out = Path.of(args.length > 1 ? args[1] : "runs/compare-example");
        PrintWriter stdout = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter stderr = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        Console console = new Console(stdout, stderr, false);

        // 1. One configuration for all: the defaults of ./nrws train (latents 200,200,10, K = 5,
        //    B = 32, SGD with learning rate 0.05; for the natural ones damping 0.1, the Fisher from
        //    B rows, its factors kept for 5 updates) on fixed-binarised MNIST, the same
        //    seed, and the same budget of training seconds (evaluation time is not counted).
        //    Evaluations during training use the first 1,000 rows of each split with K = 20;
        //    the final one the whole test set with K = 100.
        RunConfig common = new RunConfig(Map.of("time-budget", seconds, "seed", "7", "eval-k", "100"));

        // 2. The four algorithms. The natural ones differ from their plain siblings only in the
        //    preconditioner, so each pair isolates the effect of the natural gradient.
        List<String> algorithms = List.of("rws", "nrws", "bihm", "nbihm");

        // 3. Train each in its own folder; a failure of one (e.g. a natural algorithm before the
        //    Fisher preconditioner is available) is reported and the others still run.
        Map<String, List<MetricsCsv.Row>> curves = new LinkedHashMap<>();
        for (String algo : algorithms) {
            RunConfig config = common.with(Map.of("algo", algo, "out", out.resolve(algo).toString()));
            try {
                Map<String, Object> result = new TrainingRun(config, console, null, new NpmFetcher()).run();
                stdout.println(Json.write(result));
                curves.put(algo, MetricsCsv.read(config.out().resolve(TrainingRun.METRICS)));
            } catch (RuntimeException e) {
                stderr.println(algo + " failed: " + e.getMessage());
            }
        }

        // 4. One plot: the test log-likelihood of every algorithm against updates (left) and
        //    against training seconds (right). Per update the natural gradient costs more; the
        //    right panel shows whether it pays for itself.
        if (!curves.isEmpty()) {
            Charts.compare(curves, "RWS vs NRWS vs BiHM vs NBiHM, " + seconds + " s each", out.resolve("compare.png"));
            stderr.println("plot: " + out.resolve("compare.png"));
        }
    }
}
