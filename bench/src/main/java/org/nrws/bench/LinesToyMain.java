package org.nrws.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.data.BinaryDataset;
import org.nrws.data.LinesToy;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.estimator.StepResult;
import org.nrws.eval.ExactEnumeration;
import org.nrws.app.run.Json;
import org.nrws.linalg.LapackBatchedCholesky;
import org.nrws.model.HelmholtzMachine;
import org.nrws.optim.Optimizer;
import org.nrws.random.RandomSource;
import org.nrws.train.Algorithm;
import org.nrws.train.NaturalGradientOptions;
import org.nrws.train.Trainer;
import org.nrws.train.TrainerConfig;
import org.nrws.train.TrainingListener;

/**
 * The 3x3 lines toy: how many updates each setting needs to bring the exact KL(data || model)
 * below 0.3 nats (the threshold of core's {@code ToyKlTest}). Model 9-6-3, float64, init std 0.1,
 * 5,000 training samples, B = 20, K = 5, as in {@code ToyKlTest}; the same initialisation and
 * data for every setting of a seed. Settings: RWS and BiHM with Adam at 1e-3 (the RWS
 * reference, docs/math.md section 7) and at 0.03 (the tuned rate of ToyKlTest); NRWS and NBiHM with plain SGD on the
 * natural direction (damping 0.01) at {@code --natural-lr} (default 0.03, as core's
 * LinesToyComparison). The KL is evaluated exactly every {@code --eval-every} updates (default
 * 100), so update counts are rounded up to that grid.
 *
 * <p>Options: {@code --max-updates U} (20000), {@code --seeds 1,2,3} (default 1), {@code --eval-every E},
 * {@code --natural-lr LR}, {@code --threshold T} (0.3), {@code --out DIR} (bench/results).
 * Outputs {@code lines-toy.csv} (one row per setting and seed) and {@code lines-toy.png} (KL
 * against updates, seed of the first run), and JSON lines on stdout.
 */
public final class LinesToyMain {

    private LinesToyMain() {
    }

    /**
     * @param args see the class documentation
     * @throws IOException when the outputs cannot be written
     */
    public static void main(String[] args) throws IOException {
        int maxUpdates = 20_000;
        long[] seeds = {1};
        int evalEvery = 100;
        double naturalLr = 0.03;
        double threshold = 0.3;
        Path out = Path.of("bench/results");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--max-updates" -> maxUpdates = Integer.parseInt(args[++i]);
                case "--seeds" -> seeds = java.util.Arrays.stream(args[++i].split(",")).mapToLong(Long::parseLong).toArray();
                case "--eval-every" -> evalEvery = Integer.parseInt(args[++i]);
                case "--natural-lr" -> naturalLr = Double.parseDouble(args[++i]);
                case "--threshold" -> threshold = Double.parseDouble(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Map<String, Object> env = BenchEnvironment.describe();
        env.put("case", "environment");
        System.out.println(Json.write(env, 6));
        Object[][] settings = {
            {Algorithm.RWS, "adam", 1e-3}, {Algorithm.RWS, "adam", 0.03},
            {Algorithm.BIHM, "adam", 1e-3}, {Algorithm.BIHM, "adam", 0.03},
            {Algorithm.NRWS, "sgd", naturalLr}, {Algorithm.NBIHM, "sgd", naturalLr},
        };
        Files.createDirectories(out);
        Map<String, double[][]> curves = new LinkedHashMap<>();
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("lines-toy.csv")))) {
            w.println("algo,optimizer,lr,seed,updates_to_threshold,final_kl,ms_per_update");
            for (long seed : seeds) {
                for (Object[] s : settings) {
                    Algorithm a = (Algorithm) s[0];
                    String opt = (String) s[1];
                    double lr = (Double) s[2];
                    List<double[]> curve = new ArrayList<>();
                    double[] r = run(a, opt, lr, seed, maxUpdates, evalEvery, threshold, curve);
                    String label = String.format(Locale.ROOT, "%s %s %g", a.id(), opt, lr);
                    w.printf(Locale.ROOT, "%s,%s,%g,%d,%s,%.4f,%.3f%n", a.id(), opt, lr, seed,
                            r[0] < 0 ? "not reached" : Long.toString((long) r[0]), r[1], r[2]);
                    w.flush();
                    Map<String, Object> j = new LinkedHashMap<>();
                    j.put("case", "lines-toy");
                    j.put("setting", label);
                    j.put("seed", seed);
                    j.put("updates_to_threshold", r[0] < 0 ? "not reached in " + maxUpdates : Long.toString((long) r[0]));
                    j.put("final_kl", r[1]);
                    j.put("ms_per_update", r[2]);
                    j.put("load", BenchEnvironment.loadAverage());
                    System.out.println(Json.write(j, 6));
                    if (seed == seeds[0]) {
                        double[][] xy = new double[2][curve.size()];
                        for (int i = 0; i < curve.size(); i++) {
                            xy[0][i] = curve.get(i)[0];
                            xy[1][i] = curve.get(i)[1];
                        }
                        curves.put(label, xy);
                    }
                }
            }
        }
        Plots.line(out.resolve("lines-toy.png"), String.format(Locale.ROOT,
                "3x3 lines toy 9-6-3, B=20, K=5: exact KL (threshold %.2f), seed %d", threshold, seeds[0]),
                "updates", "KL(data || p) nats (log)", curves, true);
    }

    /** @return {updates to threshold or -1, final KL, ms per update (training only)} */
    private static double[] run(Algorithm algo, String opt, double lr, long seed, int maxUpdates, int evalEvery, double threshold,
                                List<double[]> curve) {
        RandomSource root = RandomSource.of(seed);
        INDArray data = LinesToy.sample(5000, DataType.DOUBLE, root.stream(RandomSource.DOMAIN_DATA, 0));
        HelmholtzMachine m = HelmholtzMachine.create(LinesToy.PIXELS, new int[] {6, 3}, DataType.DOUBLE, 0.1,
                HelmholtzMachine.DEFAULT_CLIP, root.stream(RandomSource.DOMAIN_INIT, 0));
        double[] pd = LinesToy.distribution();
        curve.add(new double[] {0, new ExactEnumeration(m).klFromData(pd)});
        try (LapackBatchedCholesky chol = new LapackBatchedCholesky(1)) {
            Trainer t = new Trainer(m, algo.estimator(EstimatorOptions.defaults(5)),
                    algo.preconditioner(NaturalGradientOptions.defaults(0.01), chol), Optimizer.named(opt),
                    TrainerConfig.updates(maxUpdates, lr), seed);
            long[] reached = {-1};
            double[] last = {curve.get(0)[1]};
            double[] evalSeconds = {0};
            t.addListener(new TrainingListener() {
                @Override
                public void afterUpdate(Trainer tr, StepResult s) {
                    if (tr.updates() % evalEvery != 0) {
                        return;
                    }
                    long t0 = System.nanoTime();
                    double kl = new ExactEnumeration(m).klFromData(pd);
                    evalSeconds[0] += (System.nanoTime() - t0) / 1e9;
                    curve.add(new double[] {tr.updates(), kl});
                    last[0] = kl;
                    if (kl < threshold && reached[0] < 0) {
                        reached[0] = tr.updates();
                        tr.requestStop("threshold");
                    }
                }
            });
            long t0 = System.nanoTime();
            t.train(new BinaryDataset(data, 20, true));
            double secs = (System.nanoTime() - t0) / 1e9 - evalSeconds[0];
            return new double[] {reached[0], last[0], 1e3 * secs / Math.max(1, t.updates())};
        }
    }
}
