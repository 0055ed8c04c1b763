package org.nrws.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which environment makes ND4J prefer which backend. */
class Nd4jBackendEnvironmentTest {

    @Test
    void defaultsPreferTheGpu() {
        assertTrue(Nd4jBackendEnvironment.satisfies(BackendChoice.CUDA, Map.of()));
        assertFalse(Nd4jBackendEnvironment.satisfies(BackendChoice.CPU, Map.of()));
        assertTrue(Nd4jBackendEnvironment.satisfies(BackendChoice.AUTO, Map.of()));
    }

    @Test
    void cpuNeedsBackendPriorityCpu200() {
        assertEquals(Map.of("BACKEND_PRIORITY_CPU", "200"), Nd4jBackendEnvironment.required(BackendChoice.CPU, Map.of()));
        assertEquals(Map.of(), Nd4jBackendEnvironment.required(BackendChoice.CPU, Map.of("BACKEND_PRIORITY_CPU", "200")));
        assertEquals(Map.of("BACKEND_PRIORITY_CPU", "501"),
                Nd4jBackendEnvironment.required(BackendChoice.CPU, Map.of("BACKEND_PRIORITY_GPU", "500")));
    }

    @Test
    void cudaUndoesAForcedCpu() {
        Map<String, String> forced = Map.of("BACKEND_PRIORITY_CPU", "200");
        assertFalse(Nd4jBackendEnvironment.satisfies(BackendChoice.CUDA, forced));
        assertEquals(Map.of("BACKEND_PRIORITY_GPU", "201"), Nd4jBackendEnvironment.required(BackendChoice.CUDA, forced));
        assertEquals(Map.of(), Nd4jBackendEnvironment.required(BackendChoice.AUTO, forced));
    }

    @Test
    void nonIntegerPriorityIsAnError() {
        assertThrows(IllegalArgumentException.class,
                () -> Nd4jBackendEnvironment.satisfies(BackendChoice.CPU, Map.of("BACKEND_PRIORITY_CPU", "high")));
    }

    @Test
    void relaunchCommandKeepsJvmOptionsButNotTheDebugger() {
        List<String> cmd = Nd4jBackendEnvironment.command("/usr/bin/java",
                List.of("-Xmx4g", "-agentlib:jdwp=transport=dt_socket,address=5005", "-Dx=y"), "a.jar:b.jar",
                "org.nrws.cli.Main", List.of("train", "--backend", "cpu"));
        assertEquals(List.of("/usr/bin/java", "-Xmx4g", "-Dx=y", "-cp", "a.jar:b.jar", "org.nrws.cli.Main", "train",
                "--backend", "cpu"), cmd);
    }
}
