package org.nrws.backend;

/**
 * How much memory a device has free, for the memory check of the solvers (see
 * {@code docs/architecture.md}); the host is measured by {@link HostMemory}.
 */
public interface MemoryProbe {

    /** @return bytes free on the device now, or -1 when unknown */
    long freeBytes();

    /** @return what was measured, for messages, e.g. {@code "CUDA device 0 (NVIDIA A100-SXM4-40GB)"} */
    String memoryName();
}
