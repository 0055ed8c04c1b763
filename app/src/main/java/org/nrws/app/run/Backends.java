package org.nrws.app.run;

import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.backend.BackendUnavailableException;
import org.nrws.host.ThreadPlan;
import org.nrws.solver.SolverSelection;
import org.nrws.solver.SolverSelector;

/**
 * The ND4J backend as the command line sees it: which one is loaded, a check of the requested one
 * ({@code --backend}, through core's {@link SolverSelector}), and the thread count ({@code --threads}).
 */
public final class Backends {

    private Backends() {
    }

    /** @return {@code "cpu"} or {@code "cuda"}: the family of the loaded backend */
    public static String name() {
        return Nd4j.getEnvironment().isCPU() ? "cpu" : "cuda";
    }

    /**
     * @return the backend's class, BLAS vendor, ND4J's own thread count (1: the engine's work runs in its
     *     thread plan) and the engine's thread plan ({@code --threads}), for provenance
     */
    public static String detail() {
        String backend = Nd4j.getBackend().getClass().getSimpleName();
        String plan = ", engine " + ThreadPlan.shared();
        try {
            Properties p = Nd4j.getExecutioner().getEnvironmentInformation();
            return backend + ", blas=" + p.getOrDefault("blas.vendor", "?") + ", nd4j threads="
                    + Nd4j.getEnvironment().maxMasterThreads() + plan;
        } catch (RuntimeException e) {
            return backend + plan;
        }
    }

    /**
     * Selects the backend through {@link SolverSelector}: the {@code --backend} value wins, then
     * the environment variable {@code NRWS_BACKEND}, then auto ({@code --backend auto}, the
     * default, counts as not given so that the environment variable can decide).
     *
     * @param requested cpu, cuda or auto
     * @return the selection: backend name, the solvers, memory probe
     * @throws IllegalStateException when the request cannot be met, saying how to get the right backend
     */
    public static SolverSelection select(String requested) {
        String cli = requested == null || requested.isBlank() || requested.equals("auto") ? null : requested;
        try {
            // The natural-gradient solvers first: cuda|auto take the CUDA solver (-Pcuda) when a device
            // and its libraries load; ND4J itself always runs on its CPU backend.
            SolverSelection solvers = SolverSelector.fromClasspath().select(cli);
            if (solvers.note() != null) {
                System.err.println("backend auto: " + solvers.note());
            }
            return solvers;
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
     * Applies {@code --threads} as the thread plan ({@link ThreadPlan}): a pool of N
     * threads does the step's parallel work, OpenBLAS runs single-threaded inside it, and ND4J's own
     * operations (only outside the step: data loading and conversions) use one thread, so no OpenMP
     * thread spins on a core the pool needs. Not given: N is the number of available processors.
     *
     * @param config the run's configuration
     */
    public static void threads(RunConfig config) {
        threads(config.threads());
    }

    /**
     * Sets the thread plan to a pool of {@code threads} threads.
     *
     * @param threads the count, at least 1
     * @throws IllegalArgumentException for a count below 1
     */
    public static void threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        }
        ThreadPlan.setShared(threads);
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
    }
}
