package org.nrws.app.export;

import java.io.IOException;

/**
 * A model file ({@code .npz}) that cannot be read as an NRWS model: a truncated or foreign
 * archive, a missing, unexpected or malformed array, a wrong shape or data type, a non-finite
 * value or an unknown unit convention. The message is one line naming the file and the cause
 * (the array where there is one).
 */
public final class ModelFileException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message one line naming the file and the cause
     */
    public ModelFileException(String message) {
        super(message);
    }

    /**
     * @param message one line naming the file and the cause
     * @param cause   the underlying error
     */
    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
