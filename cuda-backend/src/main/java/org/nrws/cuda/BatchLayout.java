package org.nrws.cuda;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Validates the layout contract of {@link org.nrws.linalg.BatchedCholesky}: c-order, contiguous,
 * rank 3, FLOAT or DOUBLE, square slices, matching batch sizes. Works on any ND4J backend.
 */
public final class BatchLayout {

    /**
     * The dimensions of a validated batch.
     *
     * @param m           slices
     * @param n           slice order
     * @param r           right-hand sides per slice (1 for a factor batch)
     * @param dtype       FLOAT or DOUBLE
     * @param elementSize 4 or 8
     */
    public record Dims(int m, int n, int r, DataType dtype, int elementSize) {
    }

    private BatchLayout() {
    }

    /**
     * @param a       the [m, n, n] tensor to factor
     * @param context the batch's context
     * @return its dimensions
     * @throws IllegalArgumentException naming the context and what is wrong
     */
    public static Dims factor(INDArray a, String context) {
        requireBatch(a, "matrices", context);
        long[] s = a.shape();
        if (s[1] != s[2]) {
            throw new IllegalArgumentException(context + ": matrices must be [m, n, n], got " + Arrays.toString(s));
        }
        return new Dims(toInt(s[0], "m", context), toInt(s[1], "n", context), 1, a.dataType(), elementSize(a.dataType()));
    }

    /**
     * @param factored the [m, n, n] factors
     * @param b        the [m, n, r] right-hand sides
     * @param context  the batch's context
     * @return the dimensions, with r
     * @throws IllegalArgumentException naming the context and what is wrong
     */
    public static Dims solve(INDArray factored, INDArray b, String context) {
        Dims f = factor(factored, context);
        requireBatch(b, "right-hand sides", context);
        if (b.dataType() != factored.dataType()) {
            throw new IllegalArgumentException(context + ": right-hand sides are " + b.dataType() + " but the factors are "
                    + factored.dataType());
        }
        long[] s = b.shape();
        if (s[0] != f.m() || s[1] != f.n()) {
            throw new IllegalArgumentException(context + ": right-hand sides must be [" + f.m() + ", " + f.n()
                    + ", r] for factors " + Arrays.toString(factored.shape()) + ", got " + Arrays.toString(s));
        }
        return new Dims(f.m(), f.n(), toInt(s[2], "r", context), f.dtype(), f.elementSize());
    }

    /**
     * @param shape  a shape
     * @param stride its strides, in elements
     * @return true when the strides are those of a contiguous c-order array (dimensions of size 1 ignored)
     */
    public static boolean cContiguous(long[] shape, long[] stride) {
        long expect = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expect) {
                return false;
            }
            expect *= shape[i];
        }
        return true;
    }

    private static void requireBatch(INDArray x, String what, String context) {
        if (x == null) {
            throw new IllegalArgumentException(context + ": " + what + " are null");
        }
        if (x.rank() != 3) {
            throw new IllegalArgumentException(context + ": " + what + " must be a rank-3 tensor, got shape "
                    + Arrays.toString(x.shape()));
        }
        if (x.dataType() != DataType.DOUBLE && x.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException(context + ": batched Cholesky supports FLOAT and DOUBLE, got "
                    + x.dataType() + " " + what);
        }
        if (x.ordering() != 'c' || !cContiguous(x.shape(), x.stride())) {
            throw new IllegalArgumentException(context + ": " + what + " must be c-order and contiguous, got order "
                    + x.ordering() + " strides " + Arrays.toString(x.stride()) + " for shape " + Arrays.toString(x.shape()));
        }
    }

    private static int elementSize(DataType t) {
        if (t == DataType.DOUBLE) {
            return 8;
        }
        if (t == DataType.FLOAT) {
            return 4;
        }
        throw new IllegalArgumentException("batched Cholesky supports FLOAT and DOUBLE, got " + t);
    }

    private static int toInt(long v, String what, String context) {
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(context + ": " + what + " = " + v + " exceeds the int range of cuSOLVER/cuBLAS");
        }
        return (int) v;
    }
}
