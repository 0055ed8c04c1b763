package org.nrws.backend;

import org.nrws.linalg.BatchedCholesky;

/**
 * The outcome of {@link BackendSelector#select}: which backend runs, why, and its batched Cholesky.
 *
 * @param requested what was asked for
 * @param source    where the request came from: {@code "--backend"}, {@code "NRWS_BACKEND"} or {@code "default"}
 * @param backend   the backend that runs: {@code "cpu"} or {@code "cuda"} (record this in results and checkpoints)
 * @param nd4j      ND4J's active backend
 * @param cholesky  the batched Cholesky to use
 * @param memory    the probe of the backend's memory
 * @param solvers   the natural-gradient solvers of a device backend (the CUDA solver), or null for
 *                  the ND4J backend's own (the CPU's fused solver)
 */
public record BackendSelection(BackendChoice requested, String source, String backend, ActiveBackend nd4j,
                               BatchedCholesky cholesky, MemoryProbe memory, org.nrws.solver.SolverFactory solvers) {

    /**
     * A selection whose natural-gradient solvers run on a device, while ND4J stays where it is.
     *
     * @param device the solver selection (from {@link org.nrws.solver.SolverSelector})
     * @return this selection with the device's backend name, solvers and memory probe, or this
     *     selection itself when {@code device} runs on the CPU
     */
    public BackendSelection withSolvers(org.nrws.solver.SolverSelection device) {
        if (!device.onDevice()) {
            return this;
        }
        return new BackendSelection(device.requested(), device.source(), device.backend(), nd4j, cholesky,
                device.memory(), device.factory());
    }

    /**
     * @return one line for start-up logs, e.g. {@code "backend cuda (requested auto by default;
     *     ND4J JCublasBackend; batched Cholesky cusolver-batched)"}
     */
    public String describe() {
        return "backend " + backend + " (requested " + requested.id() + " by " + source + "; ND4J " + nd4j.description()
                + "; batched Cholesky " + cholesky.name() + (solvers != null ? "; solvers " + solvers.name() : "") + ")";
    }
}
