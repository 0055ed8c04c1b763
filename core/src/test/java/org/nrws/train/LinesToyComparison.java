package org.nrws.train;

import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.data.BinaryDataset;
import org.nrws.data.LinesToy;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.estimator.StepResult;
import org.nrws.eval.ExactEnumeration;
import org.nrws.linalg.LapackBatchedCholesky;
import org.nrws.model.HelmholtzMachine;
import org.nrws.optim.Adam;
import org.nrws.optim.Optimizer;
import org.nrws.optim.Sgd;
import org.nrws.random.RandomSource;

/**
 * Natural vs plain algorithms on the 3x3 lines toy (not a unit test: it takes minutes; surefire
 * does not run it). For each algorithm it trains a 9-6-3 machine from the same initialisation
 * and data and reports how many updates it needs to bring the exact KL(data || model) below a
 * threshold ({@link ExactEnumeration#klFromData}; for BiHM and NBiHM also the KL of the
 * geometric-mean model p* is printed). Settings: RWS and BiHM with Adam, learning rate 1e-3 (the
 * RWS reference, docs/math.md section 7); NRWS and NBiHM with plain SGD on the natural direction, learning rate
 * 0.03 and damping 0.01 (the NRWS reference range, docs/math.md section 7); B = 32, K = 5 for all.
 *
 * <p>Usage: {@code LinesToyComparison [threshold [maxUpdates [seed [algorithms...]]]]}; the system
 * properties {@code nrws.toy.lr.natural} and {@code nrws.toy.lr.plain} override the learning rates
 * (for sensitivity checks).
 */
public final class LinesToyComparison {

    private LinesToyComparison() {
    }

    /**
     * The outcome of one run.
     *
     * @param updatesToThreshold the update at whose evaluation the KL was first below the threshold, or -1
     * @param finalKl            the KL at the last evaluation
     * @param secondsPerUpdate   training time per update, evaluations excluded
     */
    record Outcome(long updatesToThreshold, double finalKl, double secondsPerUpdate) {
    }

    /**
     * @param args threshold (nats, default 0.5), maximum updates (default 20000), seed (default 1),
     *             algorithms (default rws nrws bihm nbihm)
     */
    public static void main(String[] args) {
        double threshold = args.length > 0 ? Double.parseDouble(args[0]) : 0.5;
        int maxUpdates = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        String[] algos = args.length > 3 ? java.util.Arrays.copyOfRange(args, 3, args.length)
                : new String[] {"rws", "nrws", "bihm", "nbihm"};
        for (String a : algos) {
            Algorithm algo = Algorithm.parse(a);
            Outcome o = run(algo, threshold, maxUpdates, seed, 250, true);
            System.out.printf(Locale.ROOT, "RESULT %s seed=%d threshold=%.3f: updates to threshold=%s, final KL=%.4f, %.2f ms/update%n",
                    algo.id(), seed, threshold, o.updatesToThreshold() < 0 ? "not reached" : o.updatesToThreshold(), o.finalKl(),
                    1e3 * o.secondsPerUpdate());
        }
    }

    /**
     * Trains one algorithm at its reference setting.
     *
     * @param algo       the algorithm
     * @param threshold  the KL threshold in nats
     * @param maxUpdates the update budget
     * @param seed       seed of initialisation, data and training
     * @param evalEvery  evaluate the exact KL every this many updates
     * @param verbose    print every evaluation (and, for BiHM, the KL of p*)
     * @return the outcome
     */
    static Outcome run(Algorithm algo, double threshold, int maxUpdates, long seed, int evalEvery, boolean verbose) {
        boolean natural = algo.isNatural();
        double lr = natural ? Double.parseDouble(System.getProperty("nrws.toy.lr.natural", "0.03"))
                : Double.parseDouble(System.getProperty("nrws.toy.lr.plain", "1e-3"));
        return run(algo, null, natural ? "sgd" : "adam", lr, threshold, maxUpdates, seed, evalEvery, verbose);
    }

    /**
     * Trains one algorithm with a given Fisher, optimiser and learning rate.
     *
     * @param algo          the algorithm
     * @param approximation the Fisher (null: the algorithm's own)
     * @param optimizer     sgd, momentum or adam
     * @param lr            the learning rate
     * @param threshold     the KL threshold in nats (training stops when reached)
     * @param maxUpdates    the update budget
     * @param seed          seed of initialisation, data and training
     * @param evalEvery     evaluate the exact KL every this many updates
     * @param verbose       print every evaluation
     * @return the outcome
     */
    static Outcome run(Algorithm algo, org.nrws.solver.Approximation approximation, String optimizer, double lr,
                       double threshold, int maxUpdates, long seed, int evalEvery, boolean verbose) {
        RandomSource root = RandomSource.of(seed);
        HelmholtzMachine m = HelmholtzMachine.create(LinesToy.PIXELS, new int[] {6, 3}, DataType.DOUBLE, 0.1,
                HelmholtzMachine.DEFAULT_CLIP, root.stream(RandomSource.DOMAIN_INIT, 0));
        INDArray data = LinesToy.sample(5000, DataType.DOUBLE, root.stream(RandomSource.DOMAIN_DATA, 0));
        Optimizer opt = Optimizer.named(optimizer);
        LapackBatchedCholesky chol = new LapackBatchedCholesky(1);
        Trainer t = new Trainer(m, algo.estimator(EstimatorOptions.defaults(5)),
                algo.preconditioner(NaturalGradientOptions.defaults(0.01), approximation,
                        org.nrws.solver.SolverFactory.cpu(), org.nrws.solver.KfacOptions.defaults()), opt,
                TrainerConfig.updates(maxUpdates, lr), seed);
        double[] pd = LinesToy.distribution();
        long[] reached = {-1};
        double[] last = {Double.NaN};
        double[] evalSeconds = {0};
        t.addListener(new TrainingListener() {
            @Override
            public void afterUpdate(Trainer tr, StepResult s) {
                if (tr.updates() % evalEvery != 0) {
                    return;
                }
                long t0 = System.nanoTime();
                ExactEnumeration e = new ExactEnumeration(m);
                double kl = e.klFromData(pd);
                if (verbose) {
                    String star = algo.base() == Algorithm.BIHM ? String.format(Locale.ROOT, " KL(p*)=%.4f", klStar(e, pd)) : "";
                    System.out.printf(Locale.ROOT, "%s update %d KL(p)=%.4f%s%n", algo.id(), tr.updates(), kl, star);
                }
                evalSeconds[0] += (System.nanoTime() - t0) / 1e9;
                last[0] = kl;
                if (kl < threshold && reached[0] < 0) {
                    reached[0] = tr.updates();
                    tr.requestStop("threshold");
                }
            }
        });
        long t0 = System.nanoTime();
        t.train(new BinaryDataset(data, 32, true));
        double secs = (System.nanoTime() - t0) / 1e9 - evalSeconds[0];
        chol.close();
        return new Outcome(reached[0], last[0], secs / t.updates());
    }

    /** KL(data || p*) of the BiHM geometric-mean model, exactly. */
    static double klStar(ExactEnumeration e, double[] pd) {
        double twoLogZ = e.twoLogZ();
        double kl = 0;
        for (int v = 0; v < pd.length; v++) {
            if (pd[v] > 0) {
                kl += pd[v] * (Math.log(pd[v]) - (e.logPTilde(ExactEnumeration.visible(LinesToy.PIXELS, v)) - twoLogZ));
            }
        }
        return kl;
    }
}
