/**
 * The CUDA natural-gradient solver on JavaCPP's cuda presets (cuBLAS, cuSOLVER, NVRTC and the
 * CUDA runtime): the raw-array core {@link org.nrws.cuda.device.CudaFisherSolver}, its adapter to
 * the engine's solver SPI ({@link org.nrws.cuda.device.CudaNaturalGradientSolver}), the provider
 * that {@code --backend cuda|auto} finds ({@link org.nrws.cuda.device.CudaSolverProvider}), and the
 * GPU bundle's check ({@link org.nrws.cuda.device.DeviceCheck}). Only in the {@code -Pcuda} build.
 */
package org.nrws.cuda.device;
