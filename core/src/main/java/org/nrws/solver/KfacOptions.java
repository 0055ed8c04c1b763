package org.nrws.solver;

/**
 * Options of the K-FAC and FOOF preconditioners.
 *
 * @param factoredDamping K-FAC's factored Tikhonov damping {@code (A + pi sqrt(alpha) I) (x)
 *                        (E[c] + sqrt(alpha) / pi)} with {@code pi = sqrt((tr A / d) / (mean E[c]))}
 *                        (Martens and Grosse 2015, section 6.3) instead of the exact damping
 *                        {@code alpha I + E[c_i] A}
 * @param decay           running averages of the factors: {@code A <- decay A_old + (1 - decay) A_batch}
 *                        (and the same for E[c]) at each refresh; 0 uses the batch's factors alone
 */
public record KfacOptions(boolean factoredDamping, double decay) {

    /** Checks the values. */
    public KfacOptions {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("the K-FAC decay must be in [0, 1), got " + decay);
        }
    }

    /** @return exact damping, no running averages */
    public static KfacOptions defaults() {
        return new KfacOptions(false, 0.0);
    }
}
