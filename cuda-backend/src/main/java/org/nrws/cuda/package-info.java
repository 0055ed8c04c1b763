/**
 * The plain-Java half of the CUDA natural-gradient solver, built and tested in the default build
 * (no CUDA artifact): the device algorithm itself, written once against the device operations it
 * needs ({@link org.nrws.cuda.FisherAlgorithm} on {@link org.nrws.cuda.DeviceOps}) and run in tests
 * and in the bundle's self-test on a Java emulation of cuBLAS/cuSOLVER ({@link org.nrws.cuda.HostOps});
 * how host operands map onto cuBLAS's column-major storage and the batched
 * pointers ({@link org.nrws.cuda.DeviceLayout}), the up-front device memory plan
 * ({@link org.nrws.cuda.MemoryPlan}), the NVRTC kernel source ({@link org.nrws.cuda.Kernels}), the
 * names of CUDA, cuBLAS and cuSOLVER statuses ({@link org.nrws.cuda.CudaStatus}) and of cuSOLVER's
 * info values ({@link org.nrws.cuda.FactorCheck}), and the device check's fixture format, fixture
 * generator, output lines and bundle check. The code that calls CUDA is in module
 * {@code cuda-solver} (package {@code org.nrws.cuda.device}), added by {@code -Pcuda}.
 */
package org.nrws.cuda;
