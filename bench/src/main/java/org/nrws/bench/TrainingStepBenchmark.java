package org.nrws.bench;

import java.util.concurrent.TimeUnit;
import org.nrws.estimator.StepResult;
import org.nrws.linalg.BatchedCholesky;
import org.nrws.linalg.BatchedCholeskies;
import org.nrws.train.Algorithm;
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
 * One training step (wake, sleep, gradients, preconditioning, optimiser update) of each
 * algorithm at the reference size 784-200-200-10, B = 32, K = 5, on a fixed seeded minibatch;
 * see {@link StepFixture} for the settings. The natural algorithms use
 * {@link BatchedCholeskies#best()}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=12G"})
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 3, time = 3)
public class TrainingStepBenchmark {

    /** The algorithm id. */
    @Param({"ws", "rws", "bihm", "nws", "nrws", "nbihm"})
    public String algo;

    private StepFixture fixture;
    private BatchedCholesky chol;

    /** Builds the machine and trainer. */
    @Setup(Level.Trial)
    public void setUp() {
        chol = BatchedCholeskies.best();
        fixture = new StepFixture(Algorithm.parse(algo), 784, new int[] {200, 200, 10}, 32, 5, chol, 1);
    }

    /**
     * @return the step's result
     */
    @Benchmark
    public StepResult step() {
        return fixture.step();
    }

    /** Releases the Cholesky's threads. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (chol instanceof AutoCloseable c) {
            c.close();
        }
    }
}
