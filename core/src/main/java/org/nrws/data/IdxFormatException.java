package org.nrws.data;

import java.io.IOException;

/**
 * Thrown when a file is not a well-formed IDX file: wrong magic number, unsupported element
 * type, impossible dimensions, truncated or with trailing bytes. The message names the file,
 * what is wrong and, when the caller supplied one, how to fix it.
 */
public final class IdxFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and how to fix it */
    public IdxFormatException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong and how to fix it
     * @param cause   the underlying error (e.g. a damaged gzip stream)
     */
    public IdxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
