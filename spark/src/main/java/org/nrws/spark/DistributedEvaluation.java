package org.nrws.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.eval.LikelihoodEstimator;
import org.nrws.eval.PointEstimates;
import org.nrws.eval.LikelihoodResult;
import org.nrws.model.HelmholtzMachine;
import org.nrws.random.RandomSource;
import scala.Tuple2;

/**
 * Importance-sampled evaluation with the test images split over Spark partitions, equal bit for bit
 * to {@link LikelihoodEstimator#evaluate} on one machine with the same stream, for any number of
 * partitions.
 *
 * <p>Why it is exact: image i reads its draws at a place in the evaluation stream that depends on
 * i only (the per-point layout of {@link LikelihoodEstimator}); each partition gets a contiguous range
 * of images that starts at a multiple of {@link LikelihoodEstimator#groupSize(int)}, so it forms
 * the same groups, hence does the same floating-point operations, as the single machine; the driver
 * concatenates the per-image estimates in image order and computes the mean, standard error and ESS
 * exactly as the single machine does. The BiHM 2 log Z spreads its passes of pairs over the
 * partitions in the same way and streams the terms, in pair order, on the driver.
 *
 * <p>What travels: the parameters once per evaluation as a broadcast {@code double[]}
 * ({@link MachineState}), each partition's images bit-packed (98 bytes per MNIST image), and back
 * three doubles per image (or one per pair).
 */
public final class DistributedEvaluation {

    private final JavaSparkContext sc;
    private final int partitions;
    private final int maxRows;

    /**
     * @param sc         the Spark context
     * @param partitions the number of partitions (tasks) to split the work into, &ge; 1
     */
    public DistributedEvaluation(JavaSparkContext sc, int partitions) {
        this(sc, partitions, LikelihoodEstimator.DEFAULT_MAX_ROWS);
    }

    /**
     * @param sc         the Spark context
     * @param partitions the number of partitions, &ge; 1
     * @param maxRows    pairs per pass of 2 log Z, as in {@link LikelihoodEstimator#LikelihoodEstimator(int)}
     */
    public DistributedEvaluation(JavaSparkContext sc, int partitions, int maxRows) {
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be >= 1, got " + partitions);
        }
        this.sc = sc;
        this.partitions = partitions;
        this.maxRows = maxRows;
    }

    /**
     * Evaluates every row of {@code data}, as {@link LikelihoodEstimator#evaluate} does.
     *
     * @param machine the model (not modified)
     * @param data    [n, n0] binary rows
     * @param k       K_eval &ge; 1
     * @param rng     the evaluation's stream (advanced past all draws, as on one machine)
     * @return the result: mean, standard error, ESS, per-point values
     */
    public LikelihoodResult evaluate(HelmholtzMachine machine, INDArray data, int k, RandomSource rng) {
        if (k < 1) {
            throw new IllegalArgumentException("--k must be >= 1, got " + k);
        }
        machine.validateData(data);
        int n = (int) data.rows();
        BitRows bits = BitRows.pack(data);
        int group = LikelihoodEstimator.groupSize(k);
        int groups = (n + group - 1) / group;
        int perPart = Math.max(1, (groups + partitions - 1) / partitions) * group;
        List<Tuple2<Integer, BitRows>> blocks = new ArrayList<>();
        for (int first = 0; first < n; first += perPart) {
            blocks.add(new Tuple2<>(first, bits.slice(first, Math.min(n, first + perPart))));
        }
        Broadcast<MachineState> model = sc.broadcast(MachineState.of(machine));
        RandomSource origin = rng.copy();
        int maxRows = this.maxRows;
        try {
            List<Tuple2<Integer, PointEstimates>> parts = sc.parallelize(blocks, blocks.size()).map(b -> {
                org.nrws.host.WorkerPool pool = Executors.prepare();
                HelmholtzMachine m = model.value().toMachine();
                INDArray x = b._2().toMatrix(0, b._2().rows()).castTo(m.dataType());
                PointEstimates e = new LikelihoodEstimator(maxRows, pool).evaluatePoints(m, x, k, origin, b._1(), null);
                return new Tuple2<>(b._1(), e);
            }).collect();
            List<Tuple2<Integer, PointEstimates>> sorted = new ArrayList<>(parts);
            sorted.sort(Comparator.comparing(Tuple2::_1));
            List<PointEstimates> ordered = new ArrayList<>();
            for (Tuple2<Integer, PointEstimates> t : sorted) {
                ordered.add(t._2());
            }
            rng.skip((long) n * k * qUnits(machine));
            return LikelihoodEstimator.combine(k, PointEstimates.concat(ordered));
        } finally {
            model.destroy();
        }
    }

    /**
     * The BiHM 2 log Z over M pairs with its passes spread over the partitions, equal bit for bit to
     * {@link LikelihoodEstimator#twoLogZ} with the same maxRows and stream.
     *
     * @param machine the model
     * @param pairs   M &ge; 1
     * @param rng     the stream (advanced past all draws, as on one machine)
     * @return the estimate of 2 log Z
     */
    public double twoLogZ(HelmholtzMachine machine, long pairs, RandomSource rng) {
        if (pairs < 1) {
            throw new IllegalArgumentException("the number of pairs M must be >= 1, got " + pairs);
        }
        LikelihoodEstimator est = new LikelihoodEstimator(maxRows);
        long passes = est.logZPasses(pairs);
        long per = Math.max(1, (passes + partitions - 1) / partitions);
        List<long[]> ranges = new ArrayList<>();
        for (long p = 0; p < passes; p += per) {
            ranges.add(new long[] {p, Math.min(passes, p + per)});
        }
        Broadcast<MachineState> model = sc.broadcast(MachineState.of(machine));
        RandomSource origin = rng.copy();
        int maxRows = this.maxRows;
        try {
            List<Tuple2<Long, double[]>> parts = new ArrayList<>(sc.parallelize(ranges, ranges.size()).map(r -> {
                org.nrws.host.WorkerPool pool = Executors.prepare();
                HelmholtzMachine m = model.value().toMachine();
                return new Tuple2<>(r[0], new LikelihoodEstimator(maxRows, pool).twoLogZTerms(m, pairs, origin, r[0], r[1]));
            }).collect());
            parts.sort(Comparator.comparing(Tuple2::_1));
            double[] terms = new double[Math.toIntExact(pairs)];
            int at = 0;
            for (Tuple2<Long, double[]> t : parts) {
                System.arraycopy(t._2(), 0, terms, at, t._2().length);
                at += t._2().length;
            }
            long draws = 0;
            for (int s : machine.sizes()) {
                draws += s;
            }
            rng.skip(pairs * (draws + qUnits(machine)));
            return LikelihoodEstimator.twoLogZ(terms, pairs);
        } finally {
            model.destroy();
        }
    }

    private static long qUnits(HelmholtzMachine machine) {
        int[] sizes = machine.sizes();
        long s = 0;
        for (int l = 1; l < sizes.length; l++) {
            s += sizes[l];
        }
        return s;
    }
}
