package org.nrws.linalg;

/**
 * A matrix of a batch is not (numerically) symmetric positive definite, or holds NaN. The
 * message names the batch's context (layer and path) and the slice index, i.e. the neuron.
 */
public final class NotPositiveDefiniteException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String context;
    private final long index;

    /**
     * @param context the batch's context, e.g. {@code "layer q0 (dual)"}
     * @param index   the slice (neuron) index
     * @param detail  what failed, e.g. the LAPACK info value
     */
    public NotPositiveDefiniteException(String context, long index, String detail) {
        super(context + ": block of neuron " + index + " is not symmetric positive definite (" + detail
                + "); raise the damping alpha or check the data");
        this.context = context;
        this.index = index;
    }

    /** @return the batch's context */
    public String context() {
        return context;
    }

    /** @return the slice (neuron) index */
    public long index() {
        return index;
    }
}
