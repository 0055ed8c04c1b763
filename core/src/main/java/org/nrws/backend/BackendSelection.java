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
 */
public record BackendSelection(BackendChoice requested, String source, String backend, ActiveBackend nd4j,
                               BatchedCholesky cholesky, MemoryProbe memory) {

    /**
     * @return one line for start-up logs, e.g. {@code "backend cuda (requested auto by default;
     *     ND4J JCublasBackend; batched Cholesky cusolver-batched)"}
     */
    public String describe() {
        return "backend " + backend + " (requested " + requested.id() + " by " + source + "; ND4J " + nd4j.description()
                + "; batched Cholesky " + cholesky.name() + ")";
    }
}
