/**
 * The CUDA natural-gradient solver on JavaCPP's cuda presets (cuBLAS, cuSOLVER, NVRTC and the
 * CUDA runtime): the device operations of {@link org.nrws.cuda.FisherAlgorithm} on cuBLAS, cuSOLVER and NVRTC
 * ({@code CudaOps}), the raw-array solver {@link org.nrws.cuda.device.CudaFisherSolver}, the provider
 * that {@code --backend cuda|auto} finds ({@link org.nrws.cuda.device.CudaSolverProvider}, which
 * puts the algorithm behind {@link org.nrws.cuda.FisherSolverAdapter}), and the
 * GPU bundle's check ({@link org.nrws.cuda.device.DeviceCheck}). Only in the {@code -Pcuda} build.
 */
package org.nrws.cuda.device;
