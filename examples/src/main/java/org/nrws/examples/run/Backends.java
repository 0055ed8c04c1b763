package org.nrws.examples.run;

import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J backend as the examples see it: which one is loaded, a check of the requested one
 * ({@code --backend}), and the thread count ({@code --threads}). A core backend-selection class
 * will replace {@link #check(String)}; it is kept to this one method on purpose.
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
     * Checks that the loaded backend is the requested one.
     *
     * @param requested cpu, cuda or auto
     * @return the loaded backend's family
     * @throws IllegalStateException when the request cannot be met, saying how to get the right backend
     */
    public static String check(String requested) {
        String loaded = name();
        if (requested.equals("cuda") && !loaded.equals("cuda")) {
            throw new IllegalStateException("--backend cuda was requested but ND4J loaded its CPU backend ("
                    + Nd4j.getBackend().getClass().getSimpleName() + "): build with the CUDA profile (mvn -Pcuda ...) on a "
                    + "machine with an NVIDIA GPU and CUDA 11.6, or use --backend cpu");
        }
        if (requested.equals("cpu") && !loaded.equals("cpu")) {
            throw new IllegalStateException("--backend cpu was requested but ND4J loaded " + Nd4j.getBackend().getClass()
                    .getSimpleName() + "; set BACKEND_PRIORITY_CPU=200 in the environment to prefer the CPU backend");
        }
        return loaded;
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
