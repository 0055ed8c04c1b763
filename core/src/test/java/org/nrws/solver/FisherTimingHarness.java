package org.nrws.solver;

import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.linalg.BatchedCholesky;
import org.nrws.linalg.LapackBatchedCholesky;
import org.nrws.linalg.PureJavaCholesky;
import org.nrws.model.HelmholtzMachine;
import org.nrws.optim.Adam;
import org.nrws.optim.Sgd;
import org.nrws.random.RandomSource;
import org.nrws.testing.TinyMachines;
import org.nrws.train.Algorithm;
import org.nrws.train.NaturalGradientOptions;
import org.nrws.train.NaturalGradientPreconditioner;
import org.nrws.train.Trainer;
import org.nrws.train.TrainerConfig;

/**
 * A throwaway timing harness (not a test; surefire does not run it): batched Cholesky
 * implementations, ND4J's own Cholesky op, DGEMM, and one NRWS vs RWS update at MNIST size.
 * Run from the core module after {@code mvn -o -q -pl core test-compile}:
 * <pre>
 * java -cp core/target/classes:core/target/test-classes:$(deps) org.nrws.solver.FisherTimingHarness [sections]
 * </pre>
 * with sections among {@code gemm lapack pure nd4j step step1} (default: all but step1; step1 is
 * the step with ND4J's master threads set to 1). Numbers depend on the
 * machine's load; the harness prints the load average.
 */
public final class FisherTimingHarness {

    private FisherTimingHarness() {
    }

    /**
     * @param args sections to run
     * @throws Exception on I/O trouble reading the load average
     */
    public static void main(String[] args) throws Exception {
        java.util.List<String> s = args.length == 0 ? java.util.List.of("gemm", "lapack", "pure", "nd4j", "step")
                : Arrays.asList(args);
        System.out.println("load average at start: " + loadAverage());
        System.out.println(Nd4j.getExecutioner().getEnvironmentInformation());
        if (s.contains("gemm")) {
            gemm();
        }
        if (s.contains("lapack")) {
            try (LapackBatchedCholesky lapack = new LapackBatchedCholesky()) {
                for (DataType t : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                    batch(lapack, 1400, 160, t, 3);
                    batch(lapack, 200, 201, t, 3);
                }
            }
        }
        if (s.contains("pure")) {
            PureJavaCholesky pure = new PureJavaCholesky();
            for (DataType t : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                batch(pure, 1400, 160, t, 1);
                batch(pure, 200, 201, t, 1);
            }
        }
        if (s.contains("nd4j")) {
            nd4jCholesky(160);
            nd4jCholesky(201);
        }
        if (s.contains("step")) {
            steps();
        }
        if (s.contains("step1")) {
            int saved = Nd4j.getEnvironment().maxMasterThreads();
            Nd4j.getEnvironment().setMaxMasterThreads(1);
            System.out.println("ND4J master threads set to 1:");
            steps();
            Nd4j.getEnvironment().setMaxMasterThreads(saved);
        }
        if (s.contains("gemm")) {
            gemm();
        }
        System.out.println("load average at end: " + loadAverage());
    }

    private static String loadAverage() throws java.io.IOException {
        java.nio.file.Path p = java.nio.file.Path.of("/proc/loadavg");
        return java.nio.file.Files.exists(p) ? java.nio.file.Files.readString(p).trim() : "n/a";
    }

    private static void gemm() {
        for (DataType t : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            INDArray a = Nd4j.rand(t, 1024, 1024);
            INDArray b = Nd4j.rand(t, 1024, 1024);
            INDArray c = Nd4j.createUninitialized(t, 1024, 1024);
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            double best = Double.MAX_VALUE;
            for (int r = 0; r < 5; r++) {
                long t0 = System.nanoTime();
                Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
            System.out.printf(Locale.ROOT, "%sGEMM 1024^3 (preallocated output): best of 5 %.4f s = %.1f GF/s%n",
                    t == DataType.DOUBLE ? "D" : "S", best, 2.0 * 1024 * 1024 * 1024 / best / 1e9);
        }
    }

    /** Random SPD batch alpha I + X X^T / k, built with ND4J ops. */
    private static INDArray spd(int m, int n, DataType t) {
        INDArray x = Nd4j.rand(t, m, n, n).subi(0.5);
        INDArray a = Nd4j.matmul(x, x, false, true, false).divi(n);
        INDArray eye = Nd4j.eye(n).castTo(t).muli(0.1);
        a.reshape('c', m, (long) n * n).addiRowVector(eye.reshape(1, (long) n * n));
        return a;
    }

    private static void batch(BatchedCholesky impl, int m, int n, DataType t, int reps) {
        INDArray source = spd(m, n, t);
        INDArray rhs0 = Nd4j.rand(t, m, n, 1);
        double best = Double.MAX_VALUE;
        double bestFactor = Double.MAX_VALUE;
        for (int r = 0; r < reps + 1; r++) {
            INDArray a = source.dup('c');
            INDArray b = rhs0.dup('c');
            long t0 = System.nanoTime();
            impl.factor(a, "bench");
            long t1 = System.nanoTime();
            impl.solve(a, b, "bench");
            long t2 = System.nanoTime();
            if (r > 0 || reps == 1) {
                best = Math.min(best, (t2 - t0) / 1e9);
                bestFactor = Math.min(bestFactor, (t1 - t0) / 1e9);
            }
        }
        double flops = m * ((double) n * n * n / 3.0 + 2.0 * n * n);
        System.out.printf(Locale.ROOT, "%-22s [%d,%d,%d] %s factor+solve(r=1): %.4f s (factor %.4f s) = %.1f GF/s%n",
                impl.name(), m, n, n, t == DataType.DOUBLE ? "f64" : "f32", best, bestFactor, flops / best / 1e9);
    }

    private static void nd4jCholesky(int n) {
        // Eigenvalues in about [1, 5]: the op checks definiteness through a determinant, which
        // underflows to 0 (and is rejected) for the [0.1, 4] spectrum used for the batches.
        INDArray a = spd(1, n, DataType.DOUBLE).reshape(n, n).muli(10.0);
        // the op rejects asymmetry of 1e-15: symmetrise exactly
        INDArray sym = a.add(a.transpose()).divi(2.0);
        long t0 = System.nanoTime();
        INDArray l = Nd4j.linalg().cholesky(sym);
        double secs = (System.nanoTime() - t0) / 1e9;
        double err = l.mmul(l.transpose()).subi(sym).amaxNumber().doubleValue();
        System.out.printf(Locale.ROOT, "ND4J cholesky op, one %dx%d f64 matrix: %.3f s (%.4f GF/s), |LL^T - A| = %.1e%n", n, n,
                secs, n * (double) n * n / 3.0 / secs / 1e9, err);
    }

    private static void steps() {
        int[] latents = {200, 200, 10};
        int b = 32;
        int k = 5;
        INDArray x = TinyMachines.binary(b, 784, 3);
        System.out.printf(Locale.ROOT, "MNIST-size step: 784-200-200-10, B=%d, K=%d (N=%d), random binary data, float64 model%n",
                b, k, b * k);
        try (LapackBatchedCholesky lapack = new LapackBatchedCholesky()) {
            step("rws (adam)", Algorithm.RWS, null, latents, x, k, lapack);
            step("nrws f64 refresh=1", Algorithm.NRWS, NaturalGradientOptions.defaults(0.01), latents, x, k, lapack);
            step("nrws f32 refresh=1", Algorithm.NRWS, new NaturalGradientOptions(0.01, 1, 0.01, 10, 1, DataType.FLOAT,
                    SolverPath.AUTO), latents, x, k, lapack);
            step("nrws f64 refresh=5", Algorithm.NRWS, new NaturalGradientOptions(0.01, 1, 0.01, 10, 5, DataType.DOUBLE,
                    SolverPath.AUTO), latents, x, k, lapack);
            step("nrws f32 refresh=5", Algorithm.NRWS, new NaturalGradientOptions(0.01, 1, 0.01, 10, 5, DataType.FLOAT,
                    SolverPath.AUTO), latents, x, k, lapack);
        }
    }

    private static void step(String label, Algorithm algo, NaturalGradientOptions o, int[] latents, INDArray x, int k,
                             BatchedCholesky chol) {
        HelmholtzMachine m = HelmholtzMachine.create(784, latents, DataType.DOUBLE, 0.01, HelmholtzMachine.DEFAULT_CLIP,
                RandomSource.of(1));
        Trainer t = new Trainer(m, algo.estimator(EstimatorOptions.defaults(k)),
                algo.isNatural() ? algo.preconditioner(o, chol) : algo.preconditioner(null, chol),
                algo.isNatural() ? new Sgd() : new Adam(0.9, 0.999, 1e-8), TrainerConfig.updates(1_000_000, 1e-3), 7);
        int warm = 3;
        int reps = 15;
        for (int i = 0; i < warm; i++) {
            t.step(x);
        }
        long[] times = new long[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            t.step(x);
            times[i] = System.nanoTime() - t0;
        }
        Arrays.sort(times);
        double median = times[reps / 2] / 1e9;
        double mean = Arrays.stream(times).average().orElse(0) / 1e9;
        String extra = "";
        if (t.preconditioner() instanceof NaturalGradientPreconditioner p) {
            extra = " refreshes=" + p.refreshes();
        }
        double best = times[0] / 1e9;
        System.out.printf(Locale.ROOT, "%-22s best %.4f s/update (%.1f updates/s), median %.4f (%.1f/s), mean %.4f%s%n",
                label, best, 1 / best, median, 1 / median, mean, extra);
    }
}
