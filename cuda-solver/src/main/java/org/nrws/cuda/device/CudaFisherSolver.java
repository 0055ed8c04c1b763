package org.nrws.cuda.device;

import org.nrws.cuda.FisherAlgorithm;
import org.nrws.solver.SolverPath;

/**
 * One layer's damped natural-gradient solve on the GPU, on raw host arrays (no ND4J class): the
 * algorithm of {@link FisherAlgorithm} (primal strided-batched GEMM build or dual Gram + NVRTC
 * build, potrfBatched with every info checked, potrsBatched) on cuBLAS, cuSOLVER and NVRTC
 * ({@link CudaOps}). Failures are {@link org.nrws.linalg.NotPositiveDefiniteException}s naming the
 * layer, path and neuron as on the CPU, {@link org.nrws.cuda.DeviceMemoryException} when the layer
 * does not fit, and {@link org.nrws.cuda.CudaException} for a failed call. Used by one thread at a time.
 */
public final class CudaFisherSolver implements AutoCloseable {

    private final FisherAlgorithm algorithm;
    private final CudaRuntime.Probe device;
    private final boolean f64;

    /**
     * @param layer       the layer's name, for messages
     * @param f64         float64 (else float32)
     * @param keepFactors keep the factors on the device for {@link #solve}
     * @param path        a forced path, or null for {@link FisherAlgorithm#choosePath}
     * @throws IllegalStateException when no CUDA device can be used (the probe's reason)
     */
    public CudaFisherSolver(String layer, boolean f64, boolean keepFactors, SolverPath path) {
        this.device = CudaRuntime.probe();
        if (!device.available()) {
            throw new IllegalStateException("layer " + layer + ": " + device.reason());
        }
        this.f64 = f64;
        this.algorithm = new FisherAlgorithm(layer, new CudaOps(f64, device, "layer " + layer), keepFactors, path);
    }

    /**
     * Builds, factors and solves; see {@link FisherAlgorithm#refresh}.
     *
     * @param n         N
     * @param d         d
     * @param m         m
     * @param u         U [N, d] row-major
     * @param c         C [N, m] row-major
     * @param alpha     the damping
     * @param g         the gradient [d, m] row-major
     * @param direction [d, m] row-major (modified)
     */
    public void refresh(int n, int d, int m, double[] u, double[] c, double alpha, double[] g, double[] direction) {
        algorithm.refresh(n, d, m, u, c, alpha, g, direction);
    }

    /**
     * Solves with the kept factors; see {@link FisherAlgorithm#solve}.
     *
     * @param g         [d, m] row-major
     * @param direction [d, m] row-major (modified)
     */
    public void solve(double[] g, double[] direction) {
        algorithm.solve(g, direction);
    }

    /** @return true when {@link #solve} can be called */
    public boolean hasFactors() {
        return algorithm.hasFactors();
    }

    /** @return the path of the last refresh, or null */
    public SolverPath lastPath() {
        return algorithm.lastPath();
    }

    /** @return the times of the last call, or null */
    public FisherAlgorithm.Timings lastTimings() {
        return algorithm.lastTimings();
    }

    /** @return how the last refresh built its blocks */
    public String buildRoute() {
        return algorithm.buildRoute();
    }

    /** @return e.g. {@code "cuda(float64, NVIDIA H200, sm_90)"} */
    public String name() {
        return "cuda(" + (f64 ? "float64" : "float32") + ", " + device.device() + ", sm_" + device.major() + device.minor()
                + ")";
    }

    @Override
    public void close() {
        algorithm.close();
    }
}
