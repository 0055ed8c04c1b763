package org.nrws.backend;

import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J backend this JVM runs.
 *
 * @param family      {@code "cpu"} or {@code "cuda"}
 * @param description e.g. {@code "CpuBackend"} or {@code "JCublasBackend"}
 */
public record ActiveBackend(String family, String description) {

    /** Family name of ND4J's CPU backend and of CPU providers. */
    public static final String CPU = "cpu";
    /** Family name of ND4J's CUDA backend and of CUDA providers. */
    public static final String CUDA = "cuda";

    /**
     * Asks ND4J (this initialises it, and with it its backend choice).
     *
     * @return the active backend
     */
    public static ActiveBackend nd4j() {
        String name = Nd4j.getBackend().getClass().getSimpleName();
        return new ActiveBackend(Nd4j.getEnvironment().isCPU() ? CPU : CUDA, name);
    }
}
