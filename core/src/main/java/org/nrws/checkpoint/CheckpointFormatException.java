package org.nrws.checkpoint;

import java.io.IOException;

/**
 * Thrown when a file cannot be read as a checkpoint: not a checkpoint at all (foreign file),
 * written by an unknown format version, truncated, or corrupt (checksum mismatch). The message
 * names the file and the problem.
 */
public final class CheckpointFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message the file and what is wrong with it */
    public CheckpointFormatException(String message) {
        super(message);
    }
}
