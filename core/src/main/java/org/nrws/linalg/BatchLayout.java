package org.nrws.linalg;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Checks of the layout contract of {@link BatchedCholesky} shared by the implementations:
 * rank 3, c-order, default (contiguous) strides, FLOAT or DOUBLE, and a data buffer that starts
 * at the array's first element.
 */
final class BatchLayout {

    private BatchLayout() {
    }

    /**
     * @param a       the [m, n, n] tensor (not modified)
     * @param context the batch's context, for messages
     * @return n
     * @throws IllegalArgumentException naming the problem
     */
    static int checkSquare(INDArray a, String context) {
        checkContiguous(a, "matrices", context);
        if (a.size(1) != a.size(2)) {
            throw new IllegalArgumentException(context + ": matrices must be [m, n, n], got " + Arrays.toString(a.shape()));
        }
        return Math.toIntExact(a.size(1));
    }

    /**
     * @param factored the [m, n, n] factors (not modified)
     * @param b        the [m, n, r] right-hand sides (not modified)
     * @param context  the batch's context
     * @return r
     */
    static int checkRhs(INDArray factored, INDArray b, String context) {
        checkSquare(factored, context);
        checkContiguous(b, "right-hand sides", context);
        if (b.size(0) != factored.size(0) || b.size(1) != factored.size(1)) {
            throw new IllegalArgumentException(context + ": right-hand sides " + Arrays.toString(b.shape())
                    + " do not fit the factors " + Arrays.toString(factored.shape()) + " (expected [m, n, r])");
        }
        if (b.dataType() != factored.dataType()) {
            throw new IllegalArgumentException(context + ": right-hand sides are " + b.dataType() + " but the factors are "
                    + factored.dataType() + " (never mix data types in one batch)");
        }
        return Math.toIntExact(b.size(2));
    }

    private static void checkContiguous(INDArray a, String what, String context) {
        if (a == null || a.rank() != 3) {
            throw new IllegalArgumentException(context + ": " + what + " must be a rank-3 tensor, got "
                    + (a == null ? "null" : Arrays.toString(a.shape())));
        }
        DataType t = a.dataType();
        if (t != DataType.DOUBLE && t != DataType.FLOAT) {
            throw new IllegalArgumentException(context + ": " + what + " must be FLOAT or DOUBLE, got " + t);
        }
        long[] shape = a.shape();
        long[] stride = a.stride();
        long expected = 1;
        boolean ok = a.ordering() == 'c' || a.length() <= 1;
        for (int i = shape.length - 1; i >= 0 && ok; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                ok = false;
            }
            expected *= shape[i];
        }
        if (!ok) {
            throw new IllegalArgumentException(context + ": " + what + " must be c-order and contiguous (use dup('c')), got order "
                    + a.ordering() + " strides " + Arrays.toString(stride) + " for shape " + Arrays.toString(shape));
        }
        // ND4J (1.0.0-M2.x) gives a view its own data buffer that already starts at the view's first
        // element (data().offset() == offset()). Native code relies on that; anything else is refused.
        if (a.offset() != a.data().offset() || a.data().length() < a.length()) {
            throw new IllegalArgumentException(context + ": " + what + " is a view whose buffer does not start at its first"
                    + " element (offset " + a.offset() + ", buffer offset " + a.data().offset() + "); pass dup('c')");
        }
    }
}
