package org.nrws.cuda;

/** A CUDA runtime, cuBLAS or cuSOLVER call failed; the message names the batch's context and the call. */
public final class CudaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message context, call, status name and code, and a hint when one applies */
    public CudaException(String message) {
        super(message);
    }

    /**
     * @param message the message
     * @param cause   the cause
     */
    public CudaException(String message, Throwable cause) {
        super(message, cause);
    }
}
