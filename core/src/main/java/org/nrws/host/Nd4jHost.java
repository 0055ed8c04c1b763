package org.nrws.host;

import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The bridge between ND4J and {@link HostMatrix}: views of the memory of INDArrays on the CPU
 * backend, and INDArrays whose memory the hot paths then use through such views. The only class
 * of this package that refers to ND4J.
 */
public final class Nd4jHost {

    private Nd4jHost() {
    }

    /**
     * A view of a matrix (or vector, as one row) whose rows are contiguous: c-order with unit column
     * stride. The view shares memory with the array and keeps it alive.
     *
     * @param a a FLOAT or DOUBLE array of rank 1 or 2 on the CPU backend
     * @return the view
     * @throws IllegalArgumentException when the layout does not allow a view
     */
    public static HostMatrix wrap(INDArray a) {
        Precision p = precision(a.dataType());
        int rows;
        int cols;
        int ld;
        if (a.rank() == 1) {
            rows = 1;
            cols = (int) a.length();
            ld = Math.max(1, cols);
            if (cols > 1 && a.stride(0) != 1) {
                throw new IllegalArgumentException("cannot view a strided vector as host memory: stride " + a.stride(0));
            }
        } else if (a.rank() == 2) {
            rows = (int) a.rows();
            cols = (int) a.columns();
            boolean unitColumns = cols <= 1 || a.stride(1) == 1;
            ld = rows <= 1 ? Math.max(1, cols) : (int) a.stride(0);
            if (!unitColumns || ld < cols) {
                throw new IllegalArgumentException("cannot view an array of shape " + Arrays.toString(a.shape())
                        + " and strides " + Arrays.toString(a.stride()) + " as row-major host memory");
            }
        } else {
            throw new IllegalArgumentException("host views need rank 1 or 2, got " + Arrays.toString(a.shape()));
        }
        // In ND4J M2.1 a view's data buffer already starts at the view's offset (data().offset() is
        // the same number), so only the difference is added.
        Pointer base = a.data().addressPointer();
        long extra = a.offset() - a.data().offset();
        Pointer at = p == Precision.F64
                ? new DoublePointer(base).position(base.position() + extra)
                : new FloatPointer(base).position(base.position() + extra);
        return HostMatrix.wrap(at, a, p, rows, cols, ld);
    }

    /**
     * A new c-order matrix of the given type (uninitialised).
     *
     * @param precision F64 or F32
     * @param rows      rows
     * @param cols      columns
     * @return the array
     */
    public static INDArray matrix(Precision precision, int rows, int cols) {
        return Nd4j.createUninitialized(dataType(precision), rows, cols);
    }

    /**
     * @param t FLOAT or DOUBLE
     * @return the precision
     */
    public static Precision precision(DataType t) {
        if (t == DataType.DOUBLE) {
            return Precision.F64;
        }
        if (t == DataType.FLOAT) {
            return Precision.F32;
        }
        throw new IllegalArgumentException("host memory holds FLOAT or DOUBLE, got " + t);
    }

    /**
     * @param p a precision
     * @return the ND4J data type
     */
    public static DataType dataType(Precision p) {
        return p == Precision.F64 ? DataType.DOUBLE : DataType.FLOAT;
    }

    /**
     * Copies a host block into a new INDArray.
     *
     * @param m the block (not modified)
     * @return a new c-order [rows, cols] array of the block's precision
     */
    public static INDArray copyOf(HostMatrix m) {
        INDArray a = matrix(m.precision(), m.rows(), m.cols());
        wrap(a).copyFrom(m);
        return a;
    }
}
