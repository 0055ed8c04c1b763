package org.nrws.examples.run;

import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.backend.BackendSelection;
import org.nrws.backend.BackendSelector;
import org.nrws.backend.BackendUnavailableException;

/**
 * The ND4J backend as the examples see it: which one is loaded, a check of the requested one
 * ({@code --backend}, through core's {@link BackendSelector}), and the thread count ({@code --threads}).
 */
public final class Backends {

    private Backends() {
    }

    /** @return {@code "cpu"} or {@code "cuda"}: the family of the loaded backend */
    public static String name() {
        return Nd4j.getEnvironment().isCPU() ? "cpu" : "cuda";
    }

    /** @return the backend's class, BLAS vendor and thread count, for provenance */
    public static String detail() {
        String backend = Nd4j.getBackend().getClass().getSimpleName();
        try {
            Properties p = Nd4j.getExecutioner().getEnvironmentInformation();
            return backend + ", blas=" + p.getOrDefault("blas.vendor", "?") + ", threads=" + Nd4j.getEnvironment().maxMasterThreads();
        } catch (RuntimeException e) {
            return backend;
        }
    }

    /**
     * Selects the backend through {@link BackendSelector}: the {@code --backend} value wins, then
     * the environment variable {@code NRWS_BACKEND}, then auto ({@code --backend auto}, the
     * default, counts as not given so that the environment variable can decide).
     *
     * @param requested cpu, cuda or auto
     * @return the selection: backend name, batched Cholesky, memory probe
     * @throws IllegalStateException when the request cannot be met, saying how to get the right backend
     */
    public static BackendSelection select(String requested) {
        String cli = requested == null || requested.isBlank() || requested.equals("auto") ? null : requested;
        try {
            return BackendSelector.fromClasspath().select(cli);
        } catch (BackendUnavailableException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Checks that the requested backend is the loaded one.
     *
     * @param requested cpu, cuda or auto
     * @return the loaded backend's family
     * @throws IllegalStateException when the request cannot be met, saying how to get the right backend
     */
    public static String check(String requested) {
        return select(requested).backend();
    }

    /**
     * Sets the number of threads of ND4J and, on the CPU, of OpenBLAS.
     *
     * @param threads the count, or 0 to keep the defaults
     */
    public static void threads(int threads) {
        if (threads <= 0) {
            return;
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        if (Nd4j.getEnvironment().isCPU()) {
            try {
                org.bytedeco.openblas.global.openblas.blas_set_num_threads(threads);
            } catch (Throwable e) {
                System.err.println("warning: could not set the OpenBLAS thread count: " + e);
            }
        }
    }
}
