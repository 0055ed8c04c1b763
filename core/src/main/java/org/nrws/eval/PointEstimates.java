package org.nrws.eval;

/**
 * Per-point results of {@link LikelihoodEstimator#evaluatePoints}: what one machine of a
 * distributed evaluation returns, concatenated in point order by the driver.
 *
 * @param ll        log p^(x) of each point
 * @param ess       the ESS of each point
 * @param logPTilde the BiHM log p~*(x) of each point
 */
public record PointEstimates(double[] ll, double[] ess, double[] logPTilde) implements java.io.Serializable {

    /**
     * Concatenates estimates of consecutive ranges, in the order given.
     *
     * @param parts the ranges' estimates
     * @return one set of estimates
     */
    public static PointEstimates concat(java.util.List<PointEstimates> parts) {
        int n = 0;
        for (PointEstimates p : parts) {
            n += p.ll.length;
        }
        double[] a = new double[n];
        double[] b = new double[n];
        double[] c = new double[n];
        int at = 0;
        for (PointEstimates p : parts) {
            System.arraycopy(p.ll, 0, a, at, p.ll.length);
            System.arraycopy(p.ess, 0, b, at, p.ess.length);
            System.arraycopy(p.logPTilde, 0, c, at, p.logPTilde.length);
            at += p.ll.length;
        }
        return new PointEstimates(a, b, c);
    }
}
