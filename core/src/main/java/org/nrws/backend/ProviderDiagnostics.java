package org.nrws.backend;

/**
 * Optional interface of a {@link org.nrws.linalg.BatchedCholeskyProvider}: why it is not
 * available, for the error message of {@link BackendSelector}.
 */
public interface ProviderDiagnostics {

    /**
     * @return a short reason why {@code isAvailable()} is false (e.g. "ND4J is running its CPU
     *     backend", "libcusolver.so.11 not found"), or {@code null} when it is available
     */
    String unavailableReason();
}
