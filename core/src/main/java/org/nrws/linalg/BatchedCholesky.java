package org.nrws.linalg;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Factors a batch of symmetric positive-definite matrices in place and solves against them.
 *
 * <p>Layout contract, shared by every implementation: {@code a} is a c-order, contiguous
 * [m, n, n] tensor of FLOAT or DOUBLE; only its lower triangle (row-major view) is read. After
 * {@link #factor}, the lower triangle of each slice holds L with {@code A = L L^T}; the strict
 * upper triangle is unspecified. Right-hand sides are c-order contiguous [m, n, r] tensors of the
 * same data type, overwritten with the solutions.
 */
public interface BatchedCholesky {

    /**
     * Factors every slice in place.
     *
     * @param a       [m, n, n] SPD tensor; modified (holds the factors on return)
     * @param context what the batch is, for error messages (e.g. {@code "layer q0 (dual)"})
     * @throws NotPositiveDefiniteException naming the context and the first failing slice
     */
    void factor(INDArray a, String context);

    /**
     * Solves {@code A_i X_i = B_i} for every slice, given the factors from {@link #factor}.
     *
     * @param factored [m, n, n] factors (not modified)
     * @param b        [m, n, r] right-hand sides; modified (holds X on return)
     * @param context  what the batch is, for error messages
     */
    void solve(INDArray factored, INDArray b, String context);

    /**
     * Factors every slice in place and solves against it, as {@link #factor} followed by
     * {@link #solve}; an implementation may do both per slice while the factor is in cache.
     *
     * @param a       [m, n, n] SPD tensor; modified (holds the factors on return)
     * @param b       [m, n, r] right-hand sides; modified (holds the solutions on return)
     * @param context what the batch is, for error messages
     * @throws NotPositiveDefiniteException naming the context and the first failing slice
     */
    default void factorAndSolve(INDArray a, INDArray b, String context) {
        factor(a, context);
        solve(a, b, context);
    }

    /** @return a short name for logs and benchmarks, e.g. {@code "lapack-parallel"} */
    String name();
}
