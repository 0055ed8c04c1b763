/**
 * Raw host memory for the hot paths, with no ND4J class in sight: {@link org.nrws.host.HostMatrix}
 * (a row-major block of doubles or floats in native memory, with a view for Java loops and a
 * pointer for BLAS), {@link org.nrws.host.Blas} and {@link org.nrws.host.Lapack} (direct OpenBLAS
 * calls on those blocks), and {@link org.nrws.host.WorkerPool} (the threads that share a step).
 *
 * <p>Why not ND4J operations: at the sizes of a training step (a few hundred rows), ND4J's cost
 * per operation (45-500 microseconds) is larger than the arithmetic, so the step's element-wise
 * work is done by Java loops over these blocks and every matrix product is one BLAS call into a
 * preallocated output. {@link org.nrws.host.Nd4jHost} is the one bridge: it wraps the buffer of a
 * contiguous INDArray, so the same memory is visible to both. The CUDA solver's bundle uses this
 * package without ND4J on its class path; only {@code Nd4jHost} refers to ND4J.
 */
package org.nrws.host;
