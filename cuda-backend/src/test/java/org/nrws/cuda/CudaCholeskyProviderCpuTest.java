package org.nrws.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.backend.BackendSelector;
import org.nrws.backend.BackendUnavailableException;
import org.nrws.backend.ProviderDiagnostics;
import org.nrws.linalg.BatchedCholeskyProvider;

/**
 * The provider on ND4J's CPU backend (the default build): registered, unavailable, harmless, and
 * it loads no CUDA class to find that out.
 */
class CudaCholeskyProviderCpuTest {

    @Test
    void registeredForServiceLoader() {
        List<BatchedCholeskyProvider> found = ServiceLoader.load(BatchedCholeskyProvider.class).stream()
                .map(ServiceLoader.Provider::get).collect(Collectors.toList());
        assertTrue(found.stream().anyMatch(p -> p instanceof CudaCholeskyProvider), found.toString());
    }

    @Test
    void unavailableOnTheCpuBackendWithAReason() {
        if (!Nd4j.getEnvironment().isCPU()) {
            return; // -Pcuda on a GPU host: covered by the device tests
        }
        CudaCholeskyProvider p = new CudaCholeskyProvider();
        assertEquals("cuda", p.backend());
        assertEquals(100, p.priority());
        assertFalse(p.isAvailable());
        assertEquals(-1, p.freeBytes());
        assertEquals("no CUDA device", p.memoryName());
        String reason = p.unavailableReason();
        assertTrue(reason.startsWith("ND4J is running its CPU backend (CpuBackend)"), reason);
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, p::create);
        assertTrue(e.getMessage().contains("ND4J is running its CPU backend"), e.getMessage());
    }

    @Test
    void selectorRefusesCudaOnTheCpuBackend() {
        if (!Nd4j.getEnvironment().isCPU()) {
            return;
        }
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> BackendSelector.fromClasspath().select("cuda"));
        assertTrue(e.getMessage().startsWith("--backend cuda: no CUDA device found"), e.getMessage());
    }

    @Test
    void availabilityCheckLoadsNoCudaClass() throws Exception {
        if (!Nd4j.getEnvironment().isCPU()) {
            return;
        }
        RecordingLoader loader = new RecordingLoader(getClass().getClassLoader());
        Class<?> type = loader.loadClass(CudaCholeskyProvider.class.getName());
        BatchedCholeskyProvider p = (BatchedCholeskyProvider) type.getConstructor().newInstance();
        assertFalse(p.isAvailable());
        assertEquals("cuda", p.backend());
        assertEquals(100, p.priority());
        List<String> cuda = loader.requested.stream()
                .filter(n -> n.startsWith("org.bytedeco.cuda.") || n.startsWith("org.nd4j.jita.")
                        || n.startsWith("org.nd4j.linalg.jcublas.") || n.equals(CudaBatchedCholesky.class.getName())
                        || n.equals(CudaDevice.class.getName()))
                .sorted().collect(Collectors.toList());
        assertTrue(cuda.isEmpty(), "CUDA classes were loaded: " + cuda);
        assertTrue(loader.requested.contains(CudaCholeskyProvider.class.getName()));
        // positive control: asking why probes the CUDA runtime, and the recorder sees it
        String why = ((ProviderDiagnostics) p).unavailableReason();
        assertTrue(loader.requested.contains(CudaDevice.class.getName()), loader.requested.toString());
        assertTrue(why.contains("the CUDA runtime did not load"), why);
    }

    /** Defines org.nrws.cuda classes itself (so it sees every class they reference) and records every request. */
    private static final class RecordingLoader extends ClassLoader {

        final Set<String> requested = ConcurrentHashMap.newKeySet();

        RecordingLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            requested.add(name);
            if (!name.startsWith("org.nrws.cuda.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] b = in.readAllBytes();
                        c = defineClass(name, b, 0, b.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
