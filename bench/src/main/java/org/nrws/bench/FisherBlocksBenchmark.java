package org.nrws.bench;

import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.solver.FisherBlocks;
import org.nrws.random.RandomSource;
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
 * Building the damped Fisher systems of one layer (no factorisation) at MNIST layer sizes with
 * N = B K = 160: the primal [m, d, d] tensor {@code alpha I + U^T C_i U} and the dual [m, N, N]
 * tensor {@code alpha I + S_i U U^T S_i}, into preallocated outputs, float64. Layers: {@code p0}
 * (m = 784, d = 201), {@code q0} (m = 200, d = 785), {@code q1} (m = 200, d = 201; also p1).
 * Inputs are seeded random bits with a ones column and probabilities in [0.05, 0.95].
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=14G"})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
public class FisherBlocksBenchmark {

    /** The layer: p0, q0 or q1. */
    @Param({"p0", "q0", "q1"})
    public String layer;

    /** primal or dual. */
    @Param({"primal", "dual"})
    public String path;

    private FisherBlocks blocks;
    private INDArray out;

    /** Seeded layer inputs and the output buffer. */
    @Setup
    public void setUp() {
        int n = 160;
        int d = switch (layer) {
            case "p0", "q1" -> 201;
            case "q0" -> 785;
            default -> throw new IllegalArgumentException("layer must be p0, q0 or q1");
        };
        int m = layer.equals("p0") ? 784 : 200;
        RandomSource rng = RandomSource.of(42);
        INDArray u = StepFixture.binary(n, d, rng);
        u.getColumn(d - 1).assign(1.0);
        INDArray pi = rng.uniform(DataType.DOUBLE, n, m).muli(0.9).addi(0.05);
        blocks = FisherBlocks.of(u, pi, null, DataType.DOUBLE);
        long k = path.equals("primal") ? d : n;
        out = Nd4j.createUninitialized(DataType.DOUBLE, m, k, k);
    }

    /**
     * @return the built tensor
     */
    @Benchmark
    public INDArray build() {
        return path.equals("primal") ? blocks.primal(0.01, out) : blocks.dual(0.01, out);
    }
}
