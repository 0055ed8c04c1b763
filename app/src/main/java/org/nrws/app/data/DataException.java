package org.nrws.app.data;

import java.io.IOException;

/**
 * Data that cannot be obtained or used: a missing file or tool, a checksum mismatch, a malformed
 * file. The message says what is wrong and how to fix it.
 */
public final class DataException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and how to fix it */
    public DataException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong and how to fix it
     * @param cause   the underlying error
     */
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
