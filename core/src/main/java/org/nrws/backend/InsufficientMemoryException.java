package org.nrws.backend;

/**
 * A layer's Fisher system does not fit in the free memory of the device (or under the JavaCPP
 * off-heap limit on the CPU). Thrown before anything is allocated; the message says how much is
 * needed, how much is free, and what to change.
 */
public final class InsufficientMemoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long neededBytes;
    private final long freeBytes;

    /**
     * @param message     the full message
     * @param neededBytes bytes the layer needs
     * @param freeBytes   bytes free on the device
     */
    public InsufficientMemoryException(String message, long neededBytes, long freeBytes) {
        super(message);
        this.neededBytes = neededBytes;
        this.freeBytes = freeBytes;
    }

    /** @return the bytes the layer needs */
    public long neededBytes() {
        return neededBytes;
    }

    /** @return the bytes that were free */
    public long freeBytes() {
        return freeBytes;
    }
}
