package org.nrws.cuda.device;

import org.nrws.backend.MemoryProbe;
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
                return new CudaNaturalGradientSolver(layer, options);
            }

            @Override
            public String name() {
                CudaRuntime.Probe p = CudaRuntime.probe();
                return "cuda(" + p.device() + ", sm_" + p.major() + p.minor() + ", CUDA runtime "
                        + CudaRuntime.version(p.runtimeVersion()) + ")";
            }
        };
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
