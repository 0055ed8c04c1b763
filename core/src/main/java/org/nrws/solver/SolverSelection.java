package org.nrws.solver;

import java.util.List;
import org.nrws.backend.BackendChoice;
import org.nrws.backend.HostMemory;
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

    /** @return the probe of the memory the solvers use: the device's, or the host's */
    public MemoryProbe memoryProbe() {
        return memory != null ? memory : HostMemory.INSTANCE;
    }

    /**
     * @param kind the CPU solver asked for (FUSED or TENSOR); a device's solvers take its place
     * @return the factory of the layers' exact solvers
     */
    public SolverFactory solvers(SolverKind kind) {
        return factory != null ? factory : SolverFactory.of(kind);
    }

    /**
     * The start-up line: the backend, the solver that runs, its precision and the path of every layer.
     *
     * @param solver    the solvers' factory (e.g. {@link #solvers})
     * @param precision float64, float32 or mixed
     * @param layers    the estimates of the step ({@link MemoryBudget#forMachine}), or an empty list for a
     *                  run without the exact Fisher
     * @return e.g. {@code "backend cpu (requested auto by default); solver cpu-fused, float64; paths p0 dual, ..."}
     */
    public String describe(SolverFactory solver, String precision, List<LayerEstimate> layers) {
        StringBuilder sb = new StringBuilder("backend ").append(backend).append(" (requested ").append(requested.id())
                .append(" by ").append(source).append(note != null ? "; " + note : "").append(')');
        if (solver != null) {
            sb.append("; solver ").append(solver.name()).append(", ").append(precision);
        }
        if (!layers.isEmpty()) {
            sb.append("; paths");
            String sep = " ";
            for (LayerEstimate e : layers) {
                sb.append(sep).append(e.layer()).append(' ').append(e.path().id());
                sep = ", ";
            }
        }
        return sb.toString();
    }

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
