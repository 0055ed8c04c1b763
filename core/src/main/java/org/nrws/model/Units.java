package org.nrws.model;

import java.util.Locale;

/**
 * The values a binary unit takes, and so the values that reach the next layer's weights (docs/math.md
 * section 1.4). The two conventions describe the same family of models: a machine with units in
 * {-1,+1} and parameters (W, b) computes the same distribution as the {0,1} machine with
 * {@code W' = 2W}, {@code b' = b - W 1}. They are not the same parametrisation, so their gradient
 * steps differ (the natural gradient only in its damping, the plain gradient a lot); the
 * reference code of the NRWS paper (rist-ro/argo) uses {-1,+1}.
 *
 * <p>In both, a unit is "on" with probability {@code sigma(a)} and the Bernoulli log-probability and
 * the gradient with respect to the pre-activation, {@code y - sigma(a)} with y in {0,1}, are the same;
 * only the stored state, which multiplies the next layer's weights, differs.
 */
public enum Units {
    /** States 0 and 1 (the default). */
    ZERO_ONE("01", 0.0),
    /** States -1 and +1 ({@code h = 2b - 1}), as in argo. */
    PLUS_MINUS_ONE("pm1", -1.0);

    private final String id;
    private final double off;

    Units(String id, double off) {
        this.id = id;
        this.off = off;
    }

    /** @return the name used on the command line and in checkpoints: {@code 01} or {@code pm1} */
    public String id() {
        return id;
    }

    /** @return the stored value of a unit that is off: 0 or -1 */
    public double off() {
        return off;
    }

    /**
     * @param bit a 0/1 value
     * @return the stored state
     */
    public double encode(double bit) {
        return bit != 0.0 ? 1.0 : off;
    }

    /**
     * @param stored a stored state (either convention)
     * @return true when the unit is on
     */
    public static boolean on(double stored) {
        return stored > 0;
    }

    /**
     * @param id {@code 01} or {@code pm1} (case-insensitive)
     * @return the convention
     * @throws IllegalArgumentException naming the valid values
     */
    public static Units parse(String id) {
        for (Units u : values()) {
            if (u.id.equals(id.toLowerCase(Locale.ROOT))) {
                return u;
            }
        }
        throw new IllegalArgumentException("unknown units '" + id + "' (expected 01 or pm1)");
    }
}
