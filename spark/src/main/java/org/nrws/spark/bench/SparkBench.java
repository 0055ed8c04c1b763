package org.nrws.spark.bench;

import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.eval.LikelihoodEstimator;
import org.nrws.eval.LikelihoodResult;
import org.nrws.host.ThreadPlan;
import org.nrws.model.HelmholtzMachine;
import org.nrws.optim.Optimizer;
import org.nrws.random.RandomSource;
import org.nrws.solver.SolverFactory;
import org.nrws.spark.DistributedEvaluation;
import org.nrws.spark.DistributedTrainer;
import org.nrws.spark.LocalSpark;
import org.nrws.train.Algorithm;
import org.nrws.train.NaturalGradientOptions;
import org.nrws.train.Trainer;
import org.nrws.train.TrainerConfig;

/**
 * Measures, on a 784-200-200-10 machine with random weights and random binary images (MNIST-sized,
 * no data files needed): evaluation at a given K on n images, single machine (thread plan of
 * {@code threads}) against local Spark with that many task slots; and the time of one training
 * update, single machine against Spark, at a global batch B and K, with the bytes moved.
 *
 * <p>Arguments: {@code evalN evalK batch k updates threads [algos [driver|owners]]}, e.g.
 * {@code 200 10000 256 10 3 2 rws,nrws owners}.
 */
public final class SparkBench {

    private SparkBench() {
    }

    /**
     * @param args evalN evalK batch k updates threads [algos [driver|owners]]
     */
    public static void main(String[] args) {
        int evalN = Integer.parseInt(args[0]);
        int evalK = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        int k = Integer.parseInt(args[3]);
        int updates = Integer.parseInt(args[4]);
        int threads = Integer.parseInt(args[5]);
        String[] algos = args.length > 6 ? args[6].split(",") : new String[] {"rws", "nrws"};
        DistributedTrainer.FisherStage stage = args.length > 7 ? DistributedTrainer.FisherStage.valueOf(args[7].toUpperCase(
                Locale.ROOT)) : DistributedTrainer.FisherStage.DRIVER;
        ThreadPlan.setShared(threads);
        Nd4j.getEnvironment().setMaxThreads(1);
        RandomSource root = RandomSource.of(7);
        HelmholtzMachine m = HelmholtzMachine.create(784, new int[] {200, 200, 10}, DataType.DOUBLE, 0.05,
                HelmholtzMachine.DEFAULT_CLIP, root.stream(RandomSource.DOMAIN_INIT, 0));
        INDArray images = binary(Math.max(evalN, batch * updates), 784, root.stream(RandomSource.DOMAIN_DATA, 0));
        try (JavaSparkContext sc = LocalSpark.context("local[" + threads + "]", "nrws-spark bench")) {
            if (evalN > 0) {
                INDArray x = images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, evalN),
                        org.nd4j.linalg.indexing.NDArrayIndex.all());
                long t0 = System.nanoTime();
                LikelihoodResult one = new LikelihoodEstimator().evaluate(m, x, evalK, root.stream(RandomSource.DOMAIN_EVAL, 0));
                double s1 = (System.nanoTime() - t0) / 1e9;
                new DistributedEvaluation(sc, threads).evaluate(m, x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2),
                        org.nd4j.linalg.indexing.NDArrayIndex.all()), 10, root.stream(RandomSource.DOMAIN_EVAL, 1));
                t0 = System.nanoTime();
                LikelihoodResult d = new DistributedEvaluation(sc, threads).evaluate(m, x, evalK,
                        root.stream(RandomSource.DOMAIN_EVAL, 0));
                double s2 = (System.nanoTime() - t0) / 1e9;
                boolean same = Double.doubleToLongBits(one.mean()) == Double.doubleToLongBits(d.mean())
                        && Arrays.equals(one.perPoint(), d.perPoint())
                        && Double.doubleToLongBits(one.standardError()) == Double.doubleToLongBits(d.standardError());
                System.out.printf(Locale.ROOT, "eval n=%d K=%d: single %.2f s (%d threads), spark %.2f s (local[%d], %d partitions);"
                        + " LL %.6f +- %.6f vs %.6f +- %.6f; ESS %.3f vs %.3f; bit-identical: %s%n", evalN, evalK, s1, threads,
                        s2, threads, threads, one.mean(), one.standardError(), d.mean(), d.standardError(), one.meanEss(),
                        d.meanEss(), same);
            }
            for (String a : algos) {
                train(sc, m, Algorithm.parse(a), images, batch, k, updates, threads, stage);
            }
        }
    }

    private static void train(JavaSparkContext sc, HelmholtzMachine start, Algorithm algo, INDArray images, int batch, int k,
                              int updates, int partitions, DistributedTrainer.FisherStage stage) {
        TrainerConfig tc = TrainerConfig.updates(updates, 0.01);
        EstimatorOptions eo = EstimatorOptions.defaults(algo.base() == Algorithm.WS ? 1 : k);
        HelmholtzMachine single = start.copy();
        Trainer t = new Trainer(single, algo.estimator(eo), algo.preconditioner(NaturalGradientOptions.defaults(0.01),
                SolverFactory.cpu()), Optimizer.named("sgd"), tc, 3).rowSeeded(true);
        HelmholtzMachine dm = start.copy();
        DistributedTrainer d = new DistributedTrainer(sc, dm, algo, eo, algo.preconditioner(NaturalGradientOptions.defaults(0.01),
                SolverFactory.cpu()), Optimizer.named("sgd"), tc, 3, partitions, stage);
        double[] ts = new double[updates];
        double[] td = new double[updates];
        for (int u = 0; u < updates; u++) {
            INDArray x = images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval((long) u * batch, (long) (u + 1) * batch),
                    org.nd4j.linalg.indexing.NDArrayIndex.all());
            long t0 = System.nanoTime();
            t.step(x);
            ts[u] = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            d.step(x);
            td[u] = (System.nanoTime() - t0) / 1e9;
            DistributedTrainer.StepStats s = d.lastStats();
            System.out.printf(Locale.ROOT, "%s (Fisher stage %s) B=%d K=%d update %d: single %.3f s; spark %.3f s (slowest task %.3f s, driver after"
                    + " collect %.3f s, broadcast %d B, collected %d B)%n", algo.id(), stage, batch, k, u, ts[u], td[u],
                    s.taskSecondsMax(), s.driverSeconds(), s.broadcastBytes(), s.collectedBytes());
        }
        double diff = 0;
        for (int i = 0; i < single.parameters().size(); i++) {
            diff = Math.max(diff, single.parameters().get(i).sub(dm.parameters().get(i)).amaxNumber().doubleValue());
        }
        System.out.printf(Locale.ROOT, "%s: max |single - spark| over parameters after %d updates: %.3g%n", algo.id(), updates,
                diff);
    }

    private static INDArray binary(int rows, int cols, RandomSource r) {
        double[] a = new double[rows * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextDouble() < 0.3 ? 1 : 0;
        }
        return Nd4j.createFromArray(a).reshape('c', rows, cols);
    }
}
