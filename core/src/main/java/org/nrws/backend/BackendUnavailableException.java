package org.nrws.backend;

/**
 * The requested backend cannot run in this JVM: its module is not on the classpath, no device
 * was found, or ND4J already initialised another backend. The message says what to do.
 */
public final class BackendUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what is missing and how to fix it */
    public BackendUnavailableException(String message) {
        super(message);
    }
}
