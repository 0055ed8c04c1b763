package org.nrws.model;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.host.HostMatrix;
import org.nrws.host.Nd4jHost;

/** The checks of a data matrix before a pass: its shape, and that every entry is 0 or 1. */
final class DataChecks {

    private DataChecks() {
    }

    /**
     * @param x        [B, n0] data (not modified)
     * @param visible  n0
     * @param dataType the machine's type, for a copy when x is neither FLOAT nor DOUBLE
     * @return a host view of x (a copy when its layout or type does not allow a view)
     * @throws IllegalArgumentException naming what is wrong with the shape
     */
    static HostMatrix visibleView(INDArray x, int visible, DataType dataType) {
        if (x == null || x.rank() != 2) {
            throw new IllegalArgumentException("data must be a [B, " + visible + "] matrix, got "
                    + (x == null ? "null" : Arrays.toString(x.shape())));
        }
        if (x.rows() < 1) {
            throw new IllegalArgumentException("data has no rows (B must be >= 1)");
        }
        if (x.columns() != visible) {
            throw new IllegalArgumentException("data has " + x.columns() + " columns but the model has " + visible
                    + " visible units");
        }
        INDArray a = x;
        if (a.dataType() != DataType.DOUBLE && a.dataType() != DataType.FLOAT) {
            a = a.castTo(dataType);
        }
        if (a.ordering() != 'c' || a.columns() > 1 && a.stride(1) != 1) {
            a = a.dup('c');
        }
        return Nd4jHost.wrap(a);
    }

    /**
     * @param h the data (not modified)
     * @throws IllegalArgumentException naming the first entry that is not 0 or 1 (NaN included)
     */
    static void checkBinary(HostMatrix h) {
        double[] row = new double[h.cols()];
        for (int r = 0; r < h.rows(); r++) {
            h.getRow(r, row);
            for (int c = 0; c < row.length; c++) {
                double v = row[c];
                if (v != 0.0 && v != 1.0) {
                    throw new IllegalArgumentException("data must be binary (every entry 0 or 1); found " + v + " at row "
                            + r + ", column " + c);
                }
            }
        }
    }
}
