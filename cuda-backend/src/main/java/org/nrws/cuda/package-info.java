/**
 * The plain-Java half of the CUDA natural-gradient solver, built and tested in the default build
 * (no CUDA artifact): how host operands map onto cuBLAS's column-major storage and the batched
 * pointers ({@link org.nrws.cuda.DeviceLayout}), the up-front device memory plan
 * ({@link org.nrws.cuda.MemoryPlan}), the NVRTC kernel source ({@link org.nrws.cuda.Kernels}), the
 * names of CUDA, cuBLAS and cuSOLVER statuses ({@link org.nrws.cuda.CudaStatus}) and of cuSOLVER's
 * info values ({@link org.nrws.cuda.FactorCheck}), and the device check's fixture format, fixture
 * generator, output lines and bundle check. The code that calls CUDA is in module
 * {@code cuda-solver} (package {@code org.nrws.cuda.device}), added by {@code -Pcuda}.
 */
package org.nrws.cuda;
