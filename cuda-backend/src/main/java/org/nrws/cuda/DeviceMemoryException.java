package org.nrws.cuda;

/** A layer's systems do not fit in the device's free memory; the message says how much is needed and what to do. */
public final class DeviceMemoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message the layer, what is needed, what is free, and what to change */
    public DeviceMemoryException(String message) {
        super(message);
    }
}
