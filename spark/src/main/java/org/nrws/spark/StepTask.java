package org.nrws.spark;

import java.io.Serializable;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.estimator.Estimator;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.estimator.StepResult;
import org.nrws.host.HostMatrix;
import org.nrws.host.Nd4jHost;
import org.nrws.host.WorkerPool;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.RowSeeding;
import org.nrws.model.StepWorkspace;
import org.nrws.model.Trace;
import org.nrws.random.RandomSource;
import org.nrws.train.Algorithm;

/**
 * What one partition computes for one synchronous update: the estimator's step on its slice of the
 * global minibatch, with the row-seeded draws of {@link RowSeeding} (so its samples are those the
 * single machine draws for the same data points), returned as additive sums; for the natural
 * algorithms also the Fisher samples of its rows (binary states bit-packed, probabilities as
 * doubles), from which the driver builds the exact per-neuron Fisher blocks of the whole batch.
 *
 * @param algorithm     the algorithm
 * @param samples       K
 * @param baseline      the estimator's baseline option
 * @param wakeWeight    the wake weight of q
 * @param sleepWeight   the sleep weight of q
 * @param sleepInterval the sleep interval
 * @param seed          the run seed
 * @param update        the update number
 */
public record StepTask(Algorithm algorithm, int samples, boolean baseline, double wakeWeight, double sleepWeight,
                       int sleepInterval, long seed, long update) implements Serializable {

    /**
     * @param algorithm the algorithm
     * @param options   the estimator's options
     * @param seed      the run seed
     * @param update    the update number
     * @return the task
     */
    public static StepTask of(Algorithm algorithm, EstimatorOptions options, long seed, long update) {
        return new StepTask(algorithm, options.samples(), options.baseline(), options.wakeWeight(), options.sleepWeight(),
                options.sleepInterval(), seed, update);
    }

    /** @return the estimator's options */
    public EstimatorOptions options() {
        return new EstimatorOptions(samples, baseline, wakeWeight, sleepWeight, sleepInterval);
    }

    /**
     * A partition's contribution to one update.
     *
     * @param first        the global index of the partition's first data point
     * @param batch        the partition's data points b
     * @param gradientSums per layer (parameter order), b times the partition's mean gradient, row-major
     * @param llSum        b times the partition's mean K-sample log-likelihood estimate
     * @param wakeStates   natural algorithms: wake states h^1..h^L of the b*K rows (index l-1), else null
     * @param wakeQ        natural algorithms: q's probabilities, layer 0 on the b distinct rows, else null
     * @param sleepStates  natural algorithms: dream states h^0..h^L, else null
     * @param sleepP       natural algorithms: p's probabilities of the dreams, layers 0..L, else null
     * @param data         natural algorithms: the slice's data (q0's inputs), else null
     * @param seconds      the task's compute time
     */
    public record Result(long first, int batch, double[][] gradientSums, double llSum, BitRows[] wakeStates,
                         double[][] wakeQ, BitRows[] sleepStates, double[][] sleepP, BitRows data, double seconds)
            implements Serializable {

        /** @return this result without its Fisher samples (what the owner stage sends to the driver) */
        public Result withoutSamples() {
            return new Result(first, batch, gradientSums, llSum, null, null, null, null, null, seconds);
        }

        /** @return the bytes of the arrays in this result (what the driver collects) */
        public long bytes() {
            long n = 8;
            for (double[] g : gradientSums) {
                n += 8L * g.length;
            }
            if (wakeStates != null) {
                for (BitRows s : wakeStates) {
                    n += s.bytes();
                }
                for (BitRows s : sleepStates) {
                    n += s.bytes();
                }
                for (double[] q : wakeQ) {
                    n += 8L * q.length;
                }
                for (double[] p : sleepP) {
                    n += 8L * p.length;
                }
            }
            return n;
        }
    }

    /**
     * Runs the partition's step (on an executor).
     *
     * @param state the broadcast parameters
     * @param first the global index of the slice's first data point
     * @param rows  the slice's data, bit-packed
     * @return the partition's sums and Fisher samples
     */
    public Result run(MachineState state, long first, BitRows rows) {
        long t0 = System.nanoTime();
        WorkerPool pool = Executors.prepare();
        HelmholtzMachine m = state.toMachine();
        int b = rows.rows();
        INDArray x = rows.toMatrix(0, b).castTo(m.dataType());
        Estimator est = algorithm.estimator(options());
        StepWorkspace ws = new StepWorkspace(m, b, samples, 2, pool);
        ws.useRowSeeding(RowSeeding.forUpdate(RandomSource.of(seed), update, first));
        RandomSource rng = RandomSource.of(seed).stream(RandomSource.DOMAIN_TRAIN, update);
        StepResult r = est.estimate(m, ws, x, rng, update);
        List<INDArray> g = r.gradients().list();
        double[][] sums = new double[g.size()][];
        for (int i = 0; i < sums.length; i++) {
            double[] v = Nd4jHost.wrap(g.get(i)).toArray();
            for (int j = 0; j < v.length; j++) {
                v[j] *= b;
            }
            sums[i] = v;
        }
        BitRows[] wakeStates = null;
        BitRows[] sleepStates = null;
        double[][] wakeQ = null;
        double[][] sleepP = null;
        if (algorithm.isNatural()) {
            int depth = m.depth();
            double threshold = (m.units().off() + 1.0) / 2;
            Trace wake = r.wake();
            Trace sleep = r.sleep() != null ? r.sleep() : m.dream(ws, rng, false);
            wakeStates = new BitRows[depth];
            wakeQ = new double[depth][];
            for (int l = 1; l <= depth; l++) {
                wakeStates[l - 1] = BitRows.pack(wake.hostState(l), threshold);
            }
            for (int l = 0; l < depth; l++) {
                HostMatrix q = wake.hostQProbabilities(l);
                wakeQ[l] = (l == 0 ? q.rowBlock(0, b) : q).toArray();
            }
            sleepStates = new BitRows[depth + 1];
            sleepP = new double[depth + 1][];
            for (int l = 0; l <= depth; l++) {
                sleepStates[l] = BitRows.pack(sleep.hostState(l), threshold);
                sleepP[l] = sleep.hostPProbabilities(l).toArray();
            }
        }
        return new Result(first, b, sums, r.batchLogLikelihood() * b, wakeStates, wakeQ, sleepStates, sleepP,
                algorithm.isNatural() ? rows : null, (System.nanoTime() - t0) / 1e9);
    }
}
