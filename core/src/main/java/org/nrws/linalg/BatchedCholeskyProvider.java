package org.nrws.linalg;

/**
 * Service interface (java.util.ServiceLoader) of {@link BatchedCholesky} implementations. A
 * backend module lists its provider in
 * {@code META-INF/services/org.nrws.linalg.BatchedCholeskyProvider}.
 */
public interface BatchedCholeskyProvider {

    /** @return the ND4J backend family this provider serves: {@code "cpu"} or {@code "cuda"} */
    String backend();

    /**
     * @return true when the implementation can run in this JVM: the active ND4J backend is of
     *     {@link #backend()}'s family and the native libraries load
     */
    boolean isAvailable();

    /** @return higher wins among available providers of the same backend */
    int priority();

    /** @return a new implementation */
    BatchedCholesky create();
}
