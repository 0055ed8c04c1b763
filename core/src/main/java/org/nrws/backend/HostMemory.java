package org.nrws.backend;

import org.bytedeco.javacpp.Pointer;

/**
 * Free off-heap memory for ND4J's CPU backend. ND4J's CPU buffers are JavaCPP allocations, which
 * fail once {@code Pointer.totalBytes()} would pass {@code Pointer.maxBytes()} or the process's
 * physical memory would pass {@code Pointer.maxPhysicalBytes()} (set with
 * {@code -Dorg.bytedeco.javacpp.maxbytes} / {@code -Dorg.bytedeco.javacpp.maxphysicalbytes}; by
 * default maxbytes = -Xmx and maxphysicalbytes = maxbytes + 3 x -Xmx). The free amount is the
 * smallest of the head-rooms those limits leave and the machine's available physical memory.
 */
public final class HostMemory implements MemoryProbe {

    /** The single instance. */
    public static final HostMemory INSTANCE = new HostMemory();

    private HostMemory() {
    }

    /**
     * Pure form of {@link #freeBytes()}: a limit &le; 0 means "no limit", an availability &le; 0 "unknown".
     *
     * @param maxPhysicalBytes   JavaCPP's physical-memory limit
     * @param physicalBytes      the process's physical memory in use
     * @param maxBytes           JavaCPP's limit of tracked off-heap bytes
     * @param totalBytes         tracked off-heap bytes in use
     * @param availablePhysical  the machine's available physical memory
     * @return the free bytes (&ge; 0), or -1 when nothing bounds it
     */
    public static long free(long maxPhysicalBytes, long physicalBytes, long maxBytes, long totalBytes,
                            long availablePhysical) {
        long free = Long.MAX_VALUE;
        if (maxPhysicalBytes > 0) {
            free = Math.min(free, maxPhysicalBytes - physicalBytes);
        }
        if (maxBytes > 0) {
            free = Math.min(free, maxBytes - totalBytes);
        }
        if (availablePhysical > 0) {
            free = Math.min(free, availablePhysical);
        }
        return free == Long.MAX_VALUE ? -1 : Math.max(0, free);
    }

    /** @return the free off-heap bytes under JavaCPP's limits now, or -1 when unknown */
    @Override
    public long freeBytes() {
        try {
            return free(Pointer.maxPhysicalBytes(), Pointer.physicalBytes(), Pointer.maxBytes(), Pointer.totalBytes(),
                    Pointer.availablePhysicalBytes());
        } catch (LinkageError e) {
            // JavaCPP's own native library did not load: only the Java-side counters are known
            return free(0, 0, Pointer.maxBytes(), Pointer.totalBytes(), 0);
        }
    }

    @Override
    public String memoryName() {
        return "host off-heap memory (JavaCPP maxphysicalbytes " + ByteSizes.human(Pointer.maxPhysicalBytes())
                + ", maxbytes " + ByteSizes.human(Pointer.maxBytes()) + ")";
    }
}
