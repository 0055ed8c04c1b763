package org.nrws.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.buffer.DataType;
import org.nrws.host.HostMatrix;
import org.nrws.host.Precision;
import org.nrws.host.WorkerPool;
import org.nrws.model.ParameterLayout;
import org.nrws.model.kernels.SigmoidKernels;
import org.nrws.solver.CpuFusedSolver;
import org.nrws.solver.PathRule;
import org.nrws.solver.LayerSamples;
import org.nrws.solver.SolverOptions;
import org.nrws.solver.SolverPath;
import org.nrws.train.NaturalGradientOptions;
import scala.Tuple2;

/**
 * The owner stage of the natural algorithms: the exact per-neuron Fisher solves run on the
 * executors, not on the driver. Every layer's units are cut into groups; the partitions' Fisher
 * samples are shuffled to one owner task per (layer, group) (the layer's inputs bit-packed, only the
 * group's probability columns), and the owner assembles the group's U and C in the global row order
 * of the single machine, builds, factors and solves with {@link CpuFusedSolver} (the path forced to
 * the one the whole layer would take) against the summed gradient columns, and returns the
 * direction columns. The driver only adds the gradients and scatters the directions back.
 *
 * <p>Supported: the exact Fisher with refresh interval 1 (the factors are not kept across
 * updates), from all rows or the first {@code --fisher-rows} of them (a partition ships only the sample
 * blocks that hold one of those rows, and the owner drops the rest of the last block); other settings
 * use the driver stage of {@link DistributedTrainer}.
 */
final class FisherOwners {

    private FisherOwners() {
    }

    /**
     * What every owner needs to know.
     *
     * @param sizes     the layer sizes
     * @param names     the layer names in parameter order
     * @param batch     the global B
     * @param samples   K
     * @param clip      the probability clipping
     * @param off       the stored value of a unit that is off
     * @param dataType  the machine's data type
     * @param alpha     the damping of this update
     * @param fisherType the Fisher's data type (DOUBLE or FLOAT)
     * @param mixed     float32 factors with refinement
     * @param path      the forced path (PRIMAL, DUAL) or AUTO
     * @param groups    unit groups per layer
     * @param fisherRows the most rows of a layer's Fisher estimate ({@link NaturalGradientOptions#fisherRows}; 0 = all):
     *                  the owner keeps the first rows in the single machine's global order
     */
    record Spec(int[] sizes, String[] names, int batch, int samples, double clip, double off, String dataType, double alpha,
                String fisherType, boolean mixed, String path, int groups, int fisherRows) implements Serializable {

        static Spec of(org.nrws.model.HelmholtzMachine m, int batch, int samples, double alpha, NaturalGradientOptions o,
                       int groups) {
            java.util.List<org.nrws.model.SigmoidLayer> layers = m.layers();
            String[] names = new String[layers.size()];
            for (int i = 0; i < names.length; i++) {
                names[i] = layers.get(i).name();
            }
            return new Spec(m.sizes(), names, batch, samples, m.clip(), m.units().off(), m.dataType().name(), alpha,
                    o.fisherType().name(), o.mixedPrecision(), o.path().name(), groups, o.fisherRows());
        }

        int depth() {
            return sizes.length - 1;
        }

        /** @return m of layer i (parameter order) */
        int units(int i) {
            int depth = depth();
            return i <= depth ? sizes[i] : sizes[i - depth];
        }

        /** @return d of layer i */
        int blockSize(int i) {
            int depth = depth();
            if (i <= depth) {
                return (i == depth ? 0 : sizes[i + 1]) + 1;
            }
            return sizes[i - depth - 1] + 1;
        }

        /** @return whether layer i is q0 on the B distinct rows (K &gt; 1) */
        boolean distinct(int i) {
            return ParameterLayout.distinctRows(depth(), i, samples);
        }

        int from(int i, int g) {
            return (int) ((long) units(i) * g / groups);
        }

        Precision precision() {
            return org.nrws.host.Nd4jHost.precision(DataType.valueOf(dataType));
        }
    }

    /**
     * One partition's rows of one (layer, group).
     *
     * <p>Its rows are those of the partition's first {@code samples} sample blocks: row {@code s*b + r}
     * is sample s of the partition's point r, global row {@code s*B + first + r}.
     *
     * @param first   the partition's first data point
     * @param b       its data points
     * @param samples the sample blocks carried ({@link #carriedSamples})
     * @param u       its rows' inputs (states, without the ones column), or null for the prior (ones only)
     * @param probs   its rows' probabilities of the group's units, row-major
     */
    record Piece(long first, int b, int samples, BitRows u, double[] probs) implements Serializable {
    }

    /**
     * @param n       the rows of the layer's Fisher estimate (the first n global rows)
     * @param big     the global B
     * @param first   the partition's first data point
     * @param blocks  the sample blocks the partition holds (1 for q0's distinct rows, else K)
     * @return how many of the partition's sample blocks hold a row below n: the blocks s with
     *     {@code s*B + first < n}
     */
    static int carriedSamples(int n, int big, long first, int blocks) {
        if (first >= n) {
            return 0;
        }
        return (int) Math.min(blocks, (n - first + big - 1) / big);
    }

    /** Cuts a partition's result into its pieces, keyed by {@code layer * groups + group}. */
    static List<Tuple2<Integer, Piece>> pieces(Spec spec, StepTask.Result r) {
        List<Tuple2<Integer, Piece>> out = new ArrayList<>();
        int depth = spec.depth();
        for (int i = 0; i <= 2 * depth; i++) {
            BitRows u;
            double[] probs;
            if (i <= depth) {
                u = i == depth ? null : r.sleepStates()[i + 1];
                probs = r.sleepP()[i];
            } else {
                int l = i - depth - 1;
                u = l == 0 ? r.data() : r.wakeStates()[l - 1];
                probs = r.wakeQ()[l];
            }
            int m = spec.units(i);
            int blocks = spec.distinct(i) ? 1 : spec.samples();
            int n = ParameterLayout.fisherRows(depth, i, spec.batch(), spec.samples(), spec.fisherRows());
            int carried = carriedSamples(n, spec.batch(), r.first(), blocks);
            if (carried == 0) {
                continue;   // none of this partition's rows is in the estimate (the first partition always is)
            }
            int rows = carried * r.batch();
            if (u != null && rows < u.rows()) {
                u = u.slice(0, rows);
            }
            for (int g = 0; g < spec.groups(); g++) {
                int c0 = spec.from(i, g);
                int c1 = spec.from(i, g + 1);
                if (c0 == c1) {
                    continue;
                }
                double[] cols = new double[rows * (c1 - c0)];
                for (int row = 0; row < rows; row++) {
                    System.arraycopy(probs, row * m + c0, cols, row * (c1 - c0), c1 - c0);
                }
                out.add(new Tuple2<>(i * spec.groups() + g, new Piece(r.first(), r.batch(), carried, u, cols)));
            }
        }
        return out;
    }

    /** The owner of one (layer, group): assemble, build, factor, solve; returns the direction columns. */
    static Tuple2<Integer, double[]> solve(Spec spec, Broadcast<double[][]> gradients, int key, Iterable<Piece> input) {
        WorkerPool pool = Executors.prepare();
        int i = key / spec.groups();
        int g = key % spec.groups();
        int c0 = spec.from(i, g);
        int c1 = spec.from(i, g + 1);
        int mg = c1 - c0;
        int m = spec.units(i);
        int d = spec.blockSize(i);
        int big = spec.batch();
        int k = spec.samples();
        int n = ParameterLayout.fisherRows(spec.depth(), i, big, k, spec.fisherRows());
        List<Piece> parts = new ArrayList<>();
        input.forEach(parts::add);
        parts.sort(Comparator.comparingLong(Piece::first));
        Precision prec = spec.precision();
        HostMatrix u = HostMatrix.allocate(prec, n, d);
        u.columnBlock(d - 1, d).fill(1.0);
        HostMatrix probs = HostMatrix.allocate(Precision.F64, n, mg);
        double[] buf = new double[Math.max(1, d)];
        for (Piece p : parts) {
            for (int s = 0; s < p.samples(); s++) {
                for (int r = 0; r < p.b(); r++) {
                    int from = s * p.b() + r;
                    int to = s * big + (int) p.first() + r;
                    if (to >= n) {
                        continue;   // beyond the first n rows (--fisher-rows)
                    }
                    if (p.u() != null) {
                        p.u().unpackRow(from, u, to, spec.off(), 1.0, buf);
                    }
                    for (int c = 0; c < mg; c++) {
                        probs.set(to, c, p.probs()[from * mg + c]);
                    }
                }
            }
        }
        Precision fp = DataType.valueOf(spec.fisherType()) == DataType.DOUBLE ? Precision.F64 : Precision.F32;
        HostMatrix curv = HostMatrix.allocate(spec.mixed() ? Precision.F64 : fp, n, mg);
        int bad = SigmoidKernels.curvature(probs, 0, n, spec.clip(), 1.0 / n, curv);
        if (bad >= 0) {
            throw new IllegalArgumentException("layer " + spec.names()[i] + ": the probabilities of unit " + (c0 + bad)
                    + " are not finite or not in [0, 1]");
        }
        SolverPath path = PathRule.resolve(SolverPath.valueOf(spec.path()), n, d, m);
        HostMatrix grad = HostMatrix.allocate(prec, d, mg);
        double[] full = gradients.value()[i];
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < mg; c++) {
                grad.set(r, c, full[r * m + c0 + c]);
            }
        }
        HostMatrix dir = HostMatrix.allocate(prec, d, mg);
        try (CpuFusedSolver solver = new CpuFusedSolver(spec.names()[i], new SolverOptions(fp, spec.mixed(), false, path),
                pool)) {
            solver.refresh(new LayerSamples(spec.names()[i], u, curv), spec.alpha(), grad, dir);
        }
        return new Tuple2<>(key, dir.toArray());
    }

    /**
     * Runs the owner stage on the persisted partition results and scatters the directions.
     *
     * @param stats     the partitions' results (persisted)
     * @param spec      the owners' spec
     * @param gradients the broadcast summed gradients, per layer row-major
     * @param out       per layer, the [d, m] row-major directions (written)
     */
    static void run(JavaRDD<StepTask.Result> stats, Spec spec, Broadcast<double[][]> gradients, double[][] out) {
        int owners = (2 * spec.depth() + 1) * spec.groups();
        List<Tuple2<Integer, double[]>> dirs = stats.flatMapToPair(r -> pieces(spec, r).iterator())
                .groupByKey(owners)
                .map(t -> solve(spec, gradients, t._1(), t._2()))
                .collect();
        int expected = 0;
        for (int i = 0; i <= 2 * spec.depth(); i++) {
            for (int g = 0; g < spec.groups(); g++) {
                expected += spec.from(i, g) < spec.from(i, g + 1) ? 1 : 0;
            }
        }
        if (dirs.size() != expected) {      // an owner without pieces would leave its columns at zero
            throw new IllegalStateException("the owner stage returned the directions of " + dirs.size() + " (layer, group) "
                    + "owners, expected " + expected);
        }
        for (Tuple2<Integer, double[]> t : dirs) {
            int i = t._1() / spec.groups();
            int g = t._1() % spec.groups();
            int c0 = spec.from(i, g);
            int mg = spec.from(i, g + 1) - c0;
            int m = spec.units(i);
            double[] v = t._2();
            for (int r = 0; r < v.length / mg; r++) {
                System.arraycopy(v, r * mg, out[i], r * m + c0, mg);
            }
        }
    }
}
