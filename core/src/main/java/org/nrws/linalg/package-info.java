/**
 * Batched linear algebra on [m, n, n] tensors: the {@link BatchedCholesky} interface and its
 * implementations, {@link LapackBatchedCholesky} (OpenBLAS LAPACKE in place on ND4J CPU buffers,
 * parallel over the batch) and {@link PureJavaCholesky} (the reference), and
 * {@link BatchedCholeskies#best()}, the one the tensor solver uses on this machine.
 */
package org.nrws.linalg;
