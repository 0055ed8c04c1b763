package org.nrws.train;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.model.SigmoidLayer;

/** Fail-fast checks for NaN and infinity; never masks a value. */
public final class Finite {

    private Finite() {
    }

    /**
     * @param a an array (not modified)
     * @return true when every entry is finite
     */
    public static boolean isFinite(INDArray a) {
        // One reduction: a NaN or an infinity makes the sum non-finite. A non-finite sum of finite
        // entries (overflow) is confirmed entry by entry before it is reported.
        if (Double.isFinite(a.sumNumber().doubleValue())) {
            return true;
        }
        return !(a.isNaN().any() || a.isInfinite().any());
    }

    /**
     * Checks one array per layer.
     *
     * @param layers the layers, in the order of {@code arrays}
     * @param arrays the arrays
     * @param update the update number, for the message
     * @param what   what the arrays are, for the message
     * @throws NonFiniteException naming the first offending layer
     */
    public static void check(List<SigmoidLayer> layers, List<INDArray> arrays, long update, String what) {
        for (int i = 0; i < arrays.size(); i++) {
            if (!isFinite(arrays.get(i))) {
                throw new NonFiniteException(layers.get(i).name(), update, what);
            }
        }
    }
}
