package org.nrws.backend;

/**
 * Optional interface of a {@link org.nrws.linalg.BatchedCholeskyProvider}: how much memory its
 * device has free, for {@link MemoryBudget#check}. Backends without it are measured by
 * {@link HostMemory}.
 */
public interface MemoryProbe {

    /** @return bytes free on the device now, or -1 when unknown */
    long freeBytes();

    /** @return what was measured, for messages, e.g. {@code "CUDA device 0 (NVIDIA A100-SXM4-40GB)"} */
    String memoryName();
}
