package org.nrws.solver;

import org.nrws.backend.BackendChoice;
import org.nrws.backend.MemoryProbe;

/**
 * The outcome of {@link SolverSelector#select}.
 *
 * @param requested what was asked for
 * @param source    where the request came from: {@code "--backend"}, {@code "NRWS_BACKEND"} or {@code "default"}
 * @param backend   the solvers' backend: {@code "cpu"} or {@code "cuda"}
 * @param factory   the solvers of a device backend, or null for the CPU's own
 * @param memory    the device's memory probe, or null for the CPU
 * @param note      why auto did not take a device backend (for the start-up log), or null
 */
public record SolverSelection(BackendChoice requested, String source, String backend, SolverFactory factory,
                              MemoryProbe memory, String note) {

    /** @return true when the solvers run on a device */
    public boolean onDevice() {
        return factory != null;
    }

    /** @return one line for start-up logs, e.g. {@code "solvers cuda (requested auto by default)"} */
    public String describe() {
        return "solvers " + backend + (factory != null ? " [" + factory.name() + "]" : "") + " (requested "
                + requested.id() + " by " + source + (note != null ? "; " + note : "") + ")";
    }
}
