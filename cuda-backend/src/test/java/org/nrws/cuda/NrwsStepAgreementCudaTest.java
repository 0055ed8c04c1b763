package org.nrws.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nrws.backend.BackendChoice;
import org.nrws.backend.Nd4jBackendEnvironment;
import org.nrws.linalg.BatchedCholesky;
import org.nrws.train.Preconditioner;

/**
 * CPU&lt;-&gt;CUDA agreement of a full NRWS update (same seed, same data, float64): the parameters
 * after one update with ND4J on CUDA and the cuSOLVER Cholesky must agree, relative error &le; 1e-8,
 * with (a) the same update on CUDA with the pure-Java reference Cholesky, and (b) the same update
 * in a child JVM on ND4J's CPU backend with the CPU provider. Needs a CUDA device; skipped otherwise.
 */
class NrwsStepAgreementCudaTest {

    private static final double TOLERANCE = 1e-8;

    @Test
    void oneNrwsUpdateAgreesAcrossBackends(@TempDir Path dir) throws Exception {
        CudaTestSupport.assumeDevice();
        Function<BatchedCholesky, Preconditioner> factory = StepFixture.naturalPreconditioner(StepFixture.options());

        double[] gpu = StepFixture.run(factory.apply(new CudaCholeskyProvider().create()));
        double[] sameDevice = StepFixture.run(factory.apply(new ReferenceCholesky()));
        assertClose(sameDevice, gpu, "CUDA ND4J: cuSOLVER vs pure-Java Cholesky");

        Path out = dir.resolve("cpu-step.bin");
        List<String> cmd = Nd4jBackendEnvironment.relaunchCommand(StepFixture.class.getName(), List.of(out.toString()))
                .orElseThrow(() -> new IllegalStateException("cannot build the child JVM command"));
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().putAll(Nd4jBackendEnvironment.required(BackendChoice.CPU, Map.of()));
        pb.environment().put(Nd4jBackendEnvironment.CPU_PRIORITY, "200");
        pb.environment().put(Nd4jBackendEnvironment.RELAUNCHED, "1");
        Process child = pb.start();
        assertTrue(child.waitFor(20, TimeUnit.MINUTES), "CPU child JVM timed out");
        assertEquals(0, child.exitValue(), "CPU child JVM failed (2 = not on the CPU backend)");
        assertTrue(Files.size(out) > 0);
        StepFixture.Result cpu = StepFixture.read(out);
        assertClose(cpu.parameters(), gpu, "CPU ND4J (" + cpu.cholesky() + ") vs CUDA ND4J (cusolver-batched)");
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": parameter count");
        double num = 0;
        double den = 0;
        for (int i = 0; i < expected.length; i++) {
            num = Math.max(num, Math.abs(expected[i] - actual[i]));
            den = Math.max(den, Math.abs(expected[i]));
        }
        double rel = num / den;
        assertTrue(rel <= TOLERANCE, what + ": relative error " + rel + " > " + TOLERANCE);
    }
}
