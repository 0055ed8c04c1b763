/**
 * Batched linear algebra on [m, n, n] tensors: the {@link org.nrws.linalg.BatchedCholesky}
 * interface and its implementations, {@link org.nrws.linalg.LapackBatchedCholesky} (OpenBLAS
 * LAPACKE in place on ND4J CPU buffers, parallel over the batch) and
 * {@link org.nrws.linalg.PureJavaCholesky} (the reference); the
 * {@link org.nrws.linalg.BatchedCholeskyProvider} service interface through which backends (CPU
 * LAPACK, CUDA cuSOLVER) are discovered, and {@link org.nrws.linalg.BatchedCholeskies#best()},
 * which picks the best available one.
 */
package org.nrws.linalg;
