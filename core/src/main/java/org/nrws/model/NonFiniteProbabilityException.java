package org.nrws.model;

/**
 * A pass met a unit probability that is NaN (a non-finite parameter or input upstream). It is
 * raised where the NaN first appears, before any sampling, logarithm or clipping could hide it.
 */
public final class NonFiniteProbabilityException extends ArithmeticException {

    private static final long serialVersionUID = 1L;

    private final String layer;
    private final int unit;

    /**
     * @param layer the layer whose probability is NaN, e.g. {@code "q1"}
     * @param unit  the lowest such unit
     */
    public NonFiniteProbabilityException(String layer, int unit) {
        super("layer " + layer + ": the probability of unit " + unit + " is NaN (a parameter or an input is not finite)");
        this.layer = layer;
        this.unit = unit;
    }

    /** @return the layer's name */
    public String layer() {
        return layer;
    }

    /** @return the unit */
    public int unit() {
        return unit;
    }
}
