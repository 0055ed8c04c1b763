package org.nrws.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nrws.backend.Nd4jBackendEnvironment;
import org.nrws.train.Preconditioner;

/**
 * The parts of the step agreement test that run without a GPU: the fixture's update is
 * deterministic, and the CPU child JVM starts from the test's class path and picks ND4J's CPU
 * backend.
 */
class StepFixtureCpuTest {

    @Test
    void fixtureUpdateIsDeterministic() {
        double[] a = StepFixture.run(Preconditioner.identity());
        double[] b = StepFixture.run(Preconditioner.identity());
        int expected = (StepFixture.LATENTS[0] + 1) * StepFixture.VISIBLE // p0
                + (StepFixture.LATENTS[1] + 1) * StepFixture.LATENTS[0] // p1
                + StepFixture.LATENTS[1] // p2 (top prior, bias only)
                + (StepFixture.VISIBLE + 1) * StepFixture.LATENTS[0] // q0
                + (StepFixture.LATENTS[0] + 1) * StepFixture.LATENTS[1]; // q1
        assertEquals(expected, a.length);
        assertArrayEquals(a, b, 0.0);
    }

    @Test
    void cpuChildJvmStartsOnTheCpuBackend(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("cpu-step.bin");
        List<String> cmd = Nd4jBackendEnvironment.relaunchCommand(StepFixture.class.getName(), List.of(out.toString()))
                .orElseThrow();
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put(Nd4jBackendEnvironment.CPU_PRIORITY, "200");
        pb.environment().put(Nd4jBackendEnvironment.RELAUNCHED, "1");
        Process child = pb.start();
        assertTrue(child.waitFor(10, TimeUnit.MINUTES), "child JVM timed out");
        int status = child.exitValue();
        assertEquals(0, status, "child JVM exit status (2 = not on the CPU backend)");
        StepFixture.Result r = StepFixture.read(out);
        assertTrue(r.parameters().length > 0);
        assertArrayEquals(StepFixture.run(StepFixture.naturalPreconditioner(StepFixture.options())
                .apply(new org.nrws.linalg.LapackBatchedCholesky(1))), r.parameters(), 1e-12,
                "the child JVM's NRWS step equals this JVM's");
    }
}
