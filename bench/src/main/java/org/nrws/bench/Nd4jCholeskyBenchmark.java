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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ND4J's own {@code Nd4j.linalg().cholesky} op on a tiny float64 batch [2, 160, 160] (it runs at
 * about 1-2 MFLOP/s, so larger sizes take minutes). Eigenvalues are scaled to about [1, 5]
 * because the op rejects matrices whose determinant underflows, and the input is symmetrised
 * exactly because it rejects asymmetry of 1e-15. Factor only (flops {@code m n^3 / 3}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 1)
public class Nd4jCholeskyBenchmark {

    private INDArray a;

    /** Builds the seeded symmetric batch. */
    @Setup
    public void setUp() {
        INDArray s = CholeskyBenchmark.spd(2, 160, DataType.DOUBLE, 42).muli(10.0);
        a = s.add(s.permute(0, 2, 1)).divi(2.0).dup('c');
    }

    /**
     * @return the factors
     */
    @Benchmark
    public INDArray cholesky() {
        return Nd4j.linalg().cholesky(a);
    }
}
