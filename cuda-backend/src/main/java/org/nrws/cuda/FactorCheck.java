package org.nrws.cuda;

import org.nrws.linalg.NotPositiveDefiniteException;

/**
 * Turns cuSOLVER's per-matrix info array, and the diagonal of the factors, into exceptions that
 * name the batch's context and the failing slice (neuron). Plain Java.
 */
public final class FactorCheck {

    private FactorCheck() {
    }

    /**
     * Checks {@code potrfBatched}'s info array: 0 = success, k &gt; 0 = the leading minor of order k is
     * not positive definite, -k = the k-th argument was invalid.
     *
     * @param info    one value per slice
     * @param routine the routine, e.g. {@code "cusolverDnDpotrfBatched"}
     * @param context the batch's context
     * @throws NotPositiveDefiniteException for the first slice with info &gt; 0
     * @throws CudaException                for the first slice with info &lt; 0
     */
    public static void info(int[] info, String routine, String context) {
        for (int i = 0; i < info.length; i++) {
            int k = info[i];
            if (k > 0) {
                throw new NotPositiveDefiniteException(context, i, routine + " info=" + k + ": the leading minor of order "
                        + k + " is not positive definite");
            }
            if (k < 0) {
                throw new CudaException(context + ": " + routine + " rejected argument " + (-k) + " (info=" + k
                        + ") for the block of neuron " + i);
            }
        }
    }

    /**
     * Checks the diagonals of the factors: a NaN or infinity anywhere in the lower triangle that was
     * read propagates to the diagonal, where cuSOLVER's info does not always report it (a NaN pivot
     * compares false with 0).
     *
     * @param diagonals [m][n] diagonals of the factors L
     * @param routine   the routine that produced them
     * @param context   the batch's context
     * @throws NotPositiveDefiniteException for the first slice with a diagonal element that is not
     *     finite and &gt; 0
     */
    public static void diagonals(double[][] diagonals, String routine, String context) {
        for (int i = 0; i < diagonals.length; i++) {
            double[] d = diagonals[i];
            for (int k = 0; k < d.length; k++) {
                if (!(d[k] > 0) || Double.isInfinite(d[k])) {
                    throw new NotPositiveDefiniteException(context, i, routine + " left L[" + k + "," + k + "] = " + d[k]
                            + " (NaN or infinity in the input)");
                }
            }
        }
    }
}
