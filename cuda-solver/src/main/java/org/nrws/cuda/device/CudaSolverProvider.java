package org.nrws.cuda.device;

import org.nrws.backend.MemoryProbe;
import org.nrws.cuda.FisherAlgorithm;
import org.nrws.cuda.FisherSolverAdapter;
import org.nrws.host.Precision;
import org.nrws.solver.NaturalGradientSolver;
import org.nrws.solver.SolverFactory;
import org.nrws.solver.SolverOptions;
import org.nrws.solver.SolverProvider;

/**
 * The CUDA solver for {@link org.nrws.solver.SolverSelector} ({@code --backend cuda|auto},
 * {@code NRWS_BACKEND}), listed in {@code META-INF/services/org.nrws.solver.SolverProvider}.
 */
public final class CudaSolverProvider implements SolverProvider, MemoryProbe {

    /** Creates the provider (ServiceLoader). */
    public CudaSolverProvider() {
    }

    @Override
    public String backend() {
        return "cuda";
    }

    @Override
    public String unavailableReason() {
        return CudaRuntime.probe().reason();
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public SolverFactory create() {
        return new SolverFactory() {
            @Override
            public NaturalGradientSolver create(String layer, SolverOptions options) {
                return solver(layer, options);
            }

            @Override
            public String name() {
                CudaRuntime.Probe p = CudaRuntime.probe();
                return "cuda(" + p.device() + ", sm_" + p.major() + p.minor() + ", CUDA runtime "
                        + CudaRuntime.version(p.runtimeVersion()) + ")";
            }
        };
    }

    /**
     * A layer's solver on device 0: {@link FisherAlgorithm} on cuBLAS/cuSOLVER/NVRTC behind the SPI
     * adapter. Mixed precision (float32 factors with float64 refinement) runs as float64 on the
     * device, which is at least as accurate.
     *
     * @param layer   the layer's name
     * @param options precision, kept factors, forced path
     * @return the solver
     * @throws IllegalStateException when no CUDA device can be used
     */
    public static NaturalGradientSolver solver(String layer, SolverOptions options) {
        CudaRuntime.Probe p = CudaRuntime.probe();
        if (!p.available()) {
            throw new IllegalStateException("layer " + layer + ": " + p.reason());
        }
        boolean f64 = options.refine() || options.precision() == Precision.F64;
        String name = "cuda(" + (f64 ? "float64" : "float32") + ", " + p.device() + ", sm_" + p.major() + p.minor() + ")"
                + (options.refine() ? " (mixed requested: float64 on the device)" : "");
        return new FisherSolverAdapter(new FisherAlgorithm(layer, new CudaOps(f64, p, "layer " + layer),
                options.keepFactors(), options.path()), name);
    }

    @Override
    public MemoryProbe memory() {
        return this;
    }

    @Override
    public long freeBytes() {
        return CudaRuntime.probe().available() ? CudaRuntime.freeBytes() : -1;
    }

    @Override
    public String memoryName() {
        return "CUDA device 0 (" + CudaRuntime.probe().device() + ")";
    }
}
