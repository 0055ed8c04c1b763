package org.nrws.bench;

import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The yardstick: a 1024 x 1024 x 1024 GEMM ({@code 2 * 1024^3} flops) into a preallocated output,
 * float64 (DGEMM) and float32 (SGEMM). Quote every other rate as a fraction of this one, measured
 * in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
public class GemmBenchmark {

    /** Flops of one 1024^3 GEMM. */
    public static final double FLOPS = 2.0 * 1024 * 1024 * 1024;

    /** float64 (DGEMM) or float32 (SGEMM). */
    @Param({"float64", "float32"})
    public String dtype;

    private INDArray a;
    private INDArray b;
    private INDArray c;

    /** Seeded inputs and the output buffer. */
    @Setup
    public void setUp() {
        DataType t = dtype.equals("float32") ? DataType.FLOAT : DataType.DOUBLE;
        Nd4j.getRandom().setSeed(42);
        a = Nd4j.rand(t, 1024, 1024);
        b = Nd4j.rand(t, 1024, 1024);
        c = Nd4j.createUninitialized(t, 1024, 1024);
    }

    /**
     * @return the product
     */
    @Benchmark
    public INDArray gemm() {
        return Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
    }
}
