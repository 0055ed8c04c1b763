package org.nrws.train;

import org.nrws.host.Scratch;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.host.HostMatrix;
import org.nrws.host.Nd4jHost;
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
        HostMatrix h;
        try {
            h = Nd4jHost.wrap(a);
        } catch (IllegalArgumentException e) {
            h = Nd4jHost.wrap(a.dup('c'));
        }
        return isFinite(h);
    }

    /**
     * @param h a block (not modified)
     * @return true when every entry is finite
     */
    public static boolean isFinite(HostMatrix h) {
        // x * 0 is 0 for a finite x and NaN for NaN or an infinity; four sums keep the loop fast.
        int cols = h.cols();
        double[] row = Scratch.row(0, cols);
        for (int r = 0; r < h.rows(); r++) {
            h.getRow(r, row);
            double s0 = 0;
            double s1 = 0;
            int c = 0;
            for (; c + 1 < cols; c += 2) {
                s0 += row[c] * 0.0;
                s1 += row[c + 1] * 0.0;
            }
            for (; c < cols; c++) {
                s0 += row[c] * 0.0;
            }
            if (s0 + s1 != 0.0) {
                return false;
            }
        }
        return true;
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
