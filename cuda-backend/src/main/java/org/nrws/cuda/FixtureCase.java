package org.nrws.cuda;

/**
 * One layer's solve and what the CPU engine gave for it: a direction, or the error of a system
 * that is not positive definite.
 *
 * @param name          the case, e.g. {@code "ref-q0"}
 * @param layer         the layer's name, e.g. {@code "q0"}
 * @param path          {@code "primal"} or {@code "dual"}
 * @param alpha         the damping
 * @param seed          the seed of generated inputs (see {@link #generated})
 * @param generated     true when the inputs are regenerated from the seed ({@link FixtureInputs#generate}
 *                      with {@link #DENSITY}) instead of stored
 * @param inputs        the inputs (stored, or regenerated when read)
 * @param expected      the CPU's float64 direction [d, m] row-major, or null for an error case
 * @param cpuF32Error   the CPU's own float32 relative error against {@code expected} (NaN if not measured)
 * @param errorContext  the error's context, e.g. {@code "layer p1 (dual)"}, or null
 * @param errorNeuron   the neuron the error names, or -1
 * @param errorMessage  the CPU's message, or null
 */
public record FixtureCase(String name, String layer, String path, double alpha, long seed, boolean generated,
                          FixtureInputs inputs, double[] expected, double cpuF32Error, String errorContext,
                          int errorNeuron, String errorMessage) {

    /** The density of ones in generated inputs. */
    public static final double DENSITY = 0.3;

    /** @return true when the CPU reported a system that is not positive definite */
    public boolean expectsError() {
        return expected == null;
    }

    /**
     * The relative error of a result against the expected direction: {@code ||x - e||_F / ||e||_F}.
     *
     * @param actual [d, m] row-major
     * @return the error (NaN when a value is not finite)
     */
    public double relativeError(double[] actual) {
        return relativeError(actual, expected);
    }

    /**
     * @param actual   the result
     * @param expected the reference, same length
     * @return {@code ||actual - expected|| / ||expected||} (Frobenius; NaN when not finite)
     */
    public static double relativeError(double[] actual, double[] expected) {
        if (actual.length != expected.length) {
            throw new IllegalArgumentException("result has " + actual.length + " values, expected " + expected.length);
        }
        double num = 0;
        double den = 0;
        for (int k = 0; k < actual.length; k++) {
            double e = actual[k] - expected[k];
            num += e * e;
            den += expected[k] * expected[k];
        }
        double r = Math.sqrt(num / (den > 0 ? den : 1));
        return Double.isFinite(r) ? r : Double.NaN;
    }
}
