package org.nrws.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nrws.linalg.BatchedCholesky;
import org.nrws.linalg.BatchedCholeskyProvider;

/** Selection logic with fake providers and a fake ND4J backend: no ND4J initialisation involved. */
class BackendSelectorTest {

    private static final ActiveBackend ND4J_CPU = new ActiveBackend("cpu", "CpuBackend");
    private static final ActiveBackend ND4J_CUDA = new ActiveBackend("cuda", "JCublasBackend");

    private final FakeProvider lapack = new FakeProvider("cpu", "lapack-parallel", true, 100, null);
    private final FakeProvider pureJava = new FakeProvider("cpu", "pure-java", true, 10, null);
    private final FakeProvider cusolver = new FakeProvider("cuda", "cusolver-batched", true, 100, null);
    private final FakeProvider cusolverNoDevice = new FakeProvider("cuda", "cusolver-batched", false, 100,
            "cudaGetDeviceCount: cudaErrorNoDevice (100)");

    private static BackendSelector selector(ActiveBackend nd4j, Map<String, String> env, BatchedCholeskyProvider... p) {
        return new BackendSelector(List.of(p), () -> nd4j, env);
    }

    @Test
    void commandLineWinsOverEnvironmentWhichWinsOverAuto() {
        BackendSelector s = selector(ND4J_CPU, Map.of(BackendSelector.ENV_VAR, "cuda"), lapack);
        assertEquals(BackendChoice.CPU, s.requested("cpu"));
        assertEquals(BackendChoice.CPU, s.requested(" CPU "));
        assertEquals(BackendChoice.CUDA, s.requested(null));
        assertEquals(BackendChoice.CUDA, s.requested("  "));
        assertEquals(BackendChoice.AUTO, selector(ND4J_CPU, Map.of(), lapack).requested(null));
        assertEquals(BackendChoice.AUTO, selector(ND4J_CPU, Map.of(BackendSelector.ENV_VAR, ""), lapack).requested(null));
    }

    @Test
    void requestDoesNotTouchNd4j() {
        AtomicInteger calls = new AtomicInteger();
        BackendSelector s = new BackendSelector(List.of(lapack), () -> {
            calls.incrementAndGet();
            return ND4J_CPU;
        }, Map.of());
        s.requested("cuda");
        assertEquals(0, calls.get());
        s.select("cpu");
        assertEquals(1, calls.get());
    }

    @Test
    void invalidValuesNameTheirSource() {
        BackendSelector s = selector(ND4J_CPU, Map.of(BackendSelector.ENV_VAR, "gpu"), lapack);
        IllegalArgumentException cli = assertThrows(IllegalArgumentException.class, () -> s.requested("tpu"));
        assertTrue(cli.getMessage().startsWith("--backend: unknown backend 'tpu'"), cli.getMessage());
        IllegalArgumentException env = assertThrows(IllegalArgumentException.class, () -> s.requested(null));
        assertTrue(env.getMessage().startsWith("NRWS_BACKEND: unknown backend 'gpu'"), env.getMessage());
        assertTrue(env.getMessage().contains("cpu, cuda or auto"));
    }

    @Test
    void autoOnCpuTakesTheHighestPriorityAvailableCpuProvider() {
        FakeProvider better = new FakeProvider("cpu", "better-but-broken", false, 1000, "no LAPACK");
        BackendSelection sel = selector(ND4J_CPU, Map.of(), pureJava, lapack, better, cusolver).select((String) null);
        assertEquals("cpu", sel.backend());
        assertEquals("lapack-parallel", sel.cholesky().name());
        assertEquals(BackendChoice.AUTO, sel.requested());
        assertEquals("default", sel.source());
        assertSame(HostMemory.INSTANCE, sel.memory());
        assertEquals("backend cpu (requested auto by default; ND4J CpuBackend; batched Cholesky lapack-parallel)",
                sel.describe());
    }

    @Test
    void autoOnCudaTakesTheCudaProvider() {
        BackendSelection sel = selector(ND4J_CUDA, Map.of(), lapack, cusolver).select((String) null);
        assertEquals("cuda", sel.backend());
        assertEquals("cusolver-batched", sel.cholesky().name());
    }

    @Test
    void providerThatThrowsIsTreatedAsUnavailable() {
        BatchedCholeskyProvider throwing = new FakeProvider("cpu", "throws", true, 999, null) {
            @Override
            public boolean isAvailable() {
                throw new UnsatisfiedLinkError("no jniopenblas");
            }
        };
        assertEquals("lapack-parallel", selector(ND4J_CPU, Map.of(), throwing, lapack).select("auto").cholesky().name());
    }

    @Test
    void cudaWithoutCudaModuleSaysRebuildWithPcuda() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> selector(ND4J_CPU, Map.of(), lapack).select("cuda"));
        assertTrue(e.getMessage().startsWith("--backend cuda: no CUDA backend on the classpath; rebuild with -Pcuda"),
                e.getMessage());
    }

    @Test
    void cudaFromEnvironmentNamesTheVariable() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> selector(ND4J_CPU, Map.of(BackendSelector.ENV_VAR, "cuda"), lapack).select((String) null));
        assertTrue(e.getMessage().startsWith("NRWS_BACKEND=cuda: no CUDA backend on the classpath"), e.getMessage());
    }

    @Test
    void cudaWhenNd4jRunsOnTheCpuSaysNoDevice() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> selector(ND4J_CPU, Map.of(), lapack, cusolverNoDevice).select("cuda"));
        assertTrue(e.getMessage().startsWith("--backend cuda: no CUDA device found"), e.getMessage());
        assertTrue(e.getMessage().contains("cudaErrorNoDevice"), e.getMessage());
    }

    @Test
    void cudaWhenCpuPriorityIsForcedSaysSo() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> selector(ND4J_CPU, Map.of("BACKEND_PRIORITY_CPU", "200"), lapack, cusolver).select("cuda"));
        assertTrue(e.getMessage().startsWith("--backend cuda: no CUDA device found"), e.getMessage());
        assertTrue(e.getMessage().contains("BACKEND_PRIORITY_CPU=200 is set"), e.getMessage());
    }

    @Test
    void cudaWhenProviderIsUnavailableGivesItsReason() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> selector(ND4J_CUDA, Map.of(), lapack, cusolverNoDevice).select("cuda"));
        assertEquals("--backend cuda: no CUDA device found (FakeProvider: cudaGetDeviceCount: cudaErrorNoDevice (100))",
                e.getMessage());
    }

    @Test
    void cudaAvailableIsChosenWithItsMemoryProbe() {
        class ProbedProvider extends FakeProvider implements MemoryProbe {
            ProbedProvider() {
                super("cuda", "cusolver-batched", true, 100, null);
            }

            @Override
            public long freeBytes() {
                return 2_000_000_000L;
            }

            @Override
            public String memoryName() {
                return "CUDA device 0";
            }
        }
        ProbedProvider p = new ProbedProvider();
        BackendSelection sel = selector(ND4J_CUDA, Map.of(), lapack, p).select("cuda");
        assertEquals("cuda", sel.backend());
        assertSame(p, sel.memory());
        assertEquals("--backend", sel.source());
    }

    @Test
    void cpuWhenNd4jRunsOnCudaExplainsTheEnvironmentVariable() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> selector(ND4J_CUDA, Map.of(), lapack, cusolver).select("cpu"));
        assertTrue(e.getMessage().startsWith("--backend cpu: ND4J already runs its JCublasBackend"), e.getMessage());
        assertTrue(e.getMessage().contains("BACKEND_PRIORITY_CPU=200"), e.getMessage());
    }

    @Test
    void autoOnCudaWithoutCudaModuleSaysSo() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> selector(ND4J_CUDA, Map.of(), lapack).select("auto"));
        assertTrue(e.getMessage().contains("nrws-cuda-backend is not on the classpath"), e.getMessage());
    }

    @Test
    void noCpuProviderIsReported() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> selector(ND4J_CPU, Map.of()).select("cpu"));
        assertTrue(e.getMessage().contains("no batched Cholesky provider for the cpu backend"), e.getMessage());
        BackendUnavailableException e2 = assertThrows(BackendUnavailableException.class,
                () -> selector(ND4J_CPU, Map.of(), new FakeProvider("cpu", "x", false, 1, "no LAPACK")).select("cpu"));
        assertEquals("--backend cpu: no cpu batched Cholesky can run (FakeProvider: no LAPACK)", e2.getMessage());
    }

    @Test
    void serviceLoaderFindsRegisteredProviders() {
        BackendSelector s = BackendSelector.fromClasspath();
        assertTrue(s.providers().stream().anyMatch(p -> p instanceof FakeProvider),
                "the test's META-INF/services registration was not found: " + s.providers());
        // the fake's family "fake" is never selected
        for (BatchedCholeskyProvider p : s.providers()) {
            if (p instanceof FakeProvider) {
                assertFalse(p.isAvailable());
                BatchedCholesky c = p.create();
                assertEquals("fake-serviceloader", c.name());
            }
        }
    }
}
