package org.nrws.solver;

import org.nrws.backend.MemoryProbe;

/**
 * Service interface ({@link java.util.ServiceLoader}) of natural-gradient solvers that run outside
 * the CPU, e.g. the CUDA solver of module {@code cuda-solver}, which lists its provider in
 * {@code META-INF/services/org.nrws.solver.SolverProvider}. {@link SolverSelector} chooses among them.
 */
public interface SolverProvider {

    /** @return the backend this provider serves, as on the command line: {@code "cuda"} */
    String backend();

    /**
     * Probes the device and the native libraries (may load them; must not throw).
     *
     * @return null when the solver can run in this JVM, else a short reason, e.g.
     *     {@code "no CUDA device: cudaGetDeviceCount returned cudaErrorNoDevice (100)"}
     */
    String unavailableReason();

    /** @return higher wins among the available providers of one backend */
    int priority();

    /** @return the factory of the layers' solvers; only called when {@link #unavailableReason()} is null */
    SolverFactory create();

    /** @return the probe of the device's free memory, for the up-front memory budget */
    MemoryProbe memory();
}
