package org.nrws.bench;

import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.linalg.BatchedCholesky;
import org.nrws.linalg.LapackBatchedCholesky;
import org.nrws.linalg.PureJavaCholesky;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Batched Cholesky factor + solve (one right-hand side per matrix) of a seeded SPD batch
 * {@code 0.1 I + X X^T / n}, X uniform in [-0.5, 0.5), for each implementation, float64 and
 * float32. Flops per operation: {@code m (n^3/3 + 2 n^2)} (see {@link #flops(String)}); divide by
 * the measured time and compare with {@link GemmBenchmark}. The input is copied into the work
 * arrays before every invocation (not timed): the factorisation works in place.
 *
 * <p>{@code impl}: {@code lapack} (OpenBLAS LAPACKE, parallel over the batch) or {@code pure}
 * (pure Java). ND4J's own op is {@link Nd4jCholeskyBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=14G"})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
public class CholeskyBenchmark {

    /** The implementation: lapack or pure. */
    @Param({"lapack", "pure"})
    public String impl;

    /** float64 or float32. */
    @Param({"float64", "float32"})
    public String dtype;

    /** Batch shape {@code m x n} (m matrices of n x n). */
    @Param({"64x32", "1400x160", "200x201", "784x201"})
    public String shape;

    private BatchedCholesky chol;
    private INDArray source;
    private INDArray rhs0;
    private INDArray a;
    private INDArray b;

    /**
     * @param shape {@code m x n}
     * @return the flops of one factor + solve of the batch
     */
    public static double flops(String shape) {
        String[] s = shape.split("x");
        double m = Double.parseDouble(s[0]);
        double n = Double.parseDouble(s[1]);
        return m * (n * n * n / 3.0 + 2.0 * n * n);
    }

    /**
     * Builds the seeded batch.
     *
     * @param m batch size
     * @param n matrix size
     * @param t data type
     * @param seed the seed
     * @return a [m, n, n] SPD batch, c order
     */
    public static INDArray spd(int m, int n, DataType t, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(t, m, n, n).subi(0.5);
        INDArray s = Nd4j.matmul(x, x, false, true, false).divi(n);
        INDArray eye = Nd4j.eye(n).castTo(t).muli(0.1);
        s.reshape('c', m, (long) n * n).addiRowVector(eye.reshape(1, (long) n * n));
        return s;
    }

    /** Creates the implementation and the seeded inputs. */
    @Setup(Level.Trial)
    public void setUp() {
        chol = switch (impl) {
            case "lapack" -> new LapackBatchedCholesky();
            case "pure" -> new PureJavaCholesky();
            default -> throw new IllegalArgumentException("impl must be lapack or pure, got " + impl);
        };
        DataType t = dtype.equals("float32") ? DataType.FLOAT : DataType.DOUBLE;
        String[] s = shape.split("x");
        int m = Integer.parseInt(s[0]);
        int n = Integer.parseInt(s[1]);
        source = spd(m, n, t, 42);
        Nd4j.getRandom().setSeed(43);
        rhs0 = Nd4j.rand(t, m, n, 1);
        a = source.dup('c');
        b = rhs0.dup('c');
    }

    /** Restores the inputs (factorisation is in place); not timed. */
    @Setup(Level.Invocation)
    public void reset() {
        a.assign(source);
        b.assign(rhs0);
    }

    /**
     * One factor + solve of the whole batch.
     *
     * @return the solution (so it is not optimised away)
     */
    @Benchmark
    public INDArray factorSolve() {
        chol.factor(a, "jmh");
        chol.solve(a, b, "jmh");
        return b;
    }

    /** Releases the implementation's threads. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (chol instanceof AutoCloseable c) {
            c.close();
        }
    }
}
