/**
 * The CUDA backend: {@link org.nrws.cuda.CudaBatchedCholesky}, a
 * {@link org.nrws.linalg.BatchedCholesky} on cuSOLVER's {@code cusolverDn{S,D}potrfBatched} and
 * cuBLAS's {@code cublas{S,D}trsmBatched}, working in place on the device buffers of ND4J arrays
 * (nd4j-cuda-11.6), and its provider {@link org.nrws.cuda.CudaCholeskyProvider} (backend
 * {@code "cuda"}, found through {@code META-INF/services/org.nrws.linalg.BatchedCholeskyProvider}).
 *
 * <p>Class loading is guarded: only {@link org.nrws.cuda.CudaBatchedCholesky} and
 * {@link org.nrws.cuda.CudaDevice} touch nd4j-cuda or the JavaCPP CUDA bindings, and they are
 * loaded only once ND4J runs its CUDA backend. Everything else here is plain Java (pointer
 * arithmetic, layout plans, status codes, compute capabilities) and is unit-tested without a GPU.
 */
package org.nrws.cuda;
