package org.nrws.cuda;

/**
 * The memory of the device that {@link HostOps} emulates, shared by the ops of one device (as the
 * layers of a run share a GPU): the bytes allocated and not freed, their peak, and an optional
 * capacity that makes the free memory finite and an allocation beyond it fail as cudaMalloc does.
 */
public final class EmulatedMemory {

    private long capacity = -1;
    private long live;
    private long peak;
    private int allocations;
    private int frees;

    /** An unbounded memory (free bytes unknown). */
    public EmulatedMemory() {
    }

    /**
     * @param bytes the device's memory, or -1 for unknown (no limit, free bytes -1)
     * @return this
     */
    public EmulatedMemory capacity(long bytes) {
        this.capacity = bytes;
        return this;
    }

    /** @return the bytes allocated and not freed */
    public long live() {
        return live;
    }

    /** @return the most bytes live at once */
    public long peak() {
        return peak;
    }

    /** Starts a new peak measurement at the current live bytes. */
    public void resetPeak() {
        peak = live;
    }

    /** @return allocations so far */
    public int allocations() {
        return allocations;
    }

    /** @return frees so far */
    public int frees() {
        return frees;
    }

    /** @return the capacity less the live bytes, or -1 when unbounded */
    public long free() {
        return capacity < 0 ? -1 : capacity - live;
    }

    void allocate(long bytes, String what, String context) {
        if (capacity >= 0 && live + bytes > capacity) {
            throw new CudaException(context + ": cudaMalloc(" + bytes + " bytes) for " + what
                    + " failed: cudaErrorMemoryAllocation (emulated device of " + capacity + " bytes, " + live
                    + " live)");
        }
        live += bytes;
        peak = Math.max(peak, live);
        allocations++;
    }

    void free(long bytes) {
        live -= bytes;
        frees++;
    }
}
