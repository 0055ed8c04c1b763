/**
 * Batched linear algebra on [m, n, n] tensors: the {@link org.nrws.linalg.BatchedCholesky}
 * interface, its implementations, and the {@link org.nrws.linalg.BatchedCholeskyProvider}
 * service interface through which backends (CPU LAPACK, CUDA cuSOLVER) are discovered.
 */
package org.nrws.linalg;
