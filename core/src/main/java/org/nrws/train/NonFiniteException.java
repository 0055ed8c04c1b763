package org.nrws.train;

/**
 * Thrown when a gradient, a preconditioned direction or a parameter holds NaN or infinity.
 * Training stops; the message names the layer, the update and the stage.
 */
public final class NonFiniteException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String layer;
    private final long update;

    /**
     * @param layer  the layer's name, e.g. {@code "q1"}
     * @param update the update number
     * @param what   what held the value, e.g. "gradient"
     */
    public NonFiniteException(String layer, long update, String what) {
        super("non-finite (NaN or infinite) " + what + " in layer " + layer + " at update " + update
                + "; training stopped (lower the learning rate, raise the damping, or check the data)");
        this.layer = layer;
        this.update = update;
    }

    /** @return the layer's name */
    public String layer() {
        return layer;
    }

    /** @return the update number */
    public long update() {
        return update;
    }
}
