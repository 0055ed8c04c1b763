package org.nrws.app.cli;

import org.nrws.backend.MemoryProbe;
import org.nrws.cuda.EmulatedMemory;
import org.nrws.cuda.FisherAlgorithm;
import org.nrws.cuda.FisherSolverAdapter;
import org.nrws.cuda.HostOps;
import org.nrws.host.Precision;
import org.nrws.solver.NaturalGradientSolver;
import org.nrws.solver.SolverFactory;
import org.nrws.solver.SolverOptions;
import org.nrws.solver.SolverProvider;

/**
 * A "cuda" solver provider for this module's tests only: the device algorithm on the emulation of
 * cuBLAS/cuSOLVER ({@link HostOps}), all layers on one {@link #MEMORY}, so that a test can see what
 * a CLI run leaves allocated on the device. Unavailable (like a CUDA build on a machine without a
 * GPU) unless the system property {@value #ENABLE} is "true".
 */
public final class EmulatedCudaProvider implements SolverProvider, MemoryProbe {

    /** The system property that makes the provider available. */
    public static final String ENABLE = "nrws.test.emulatedCuda";
    /** The emulated device's memory, shared by every solver the provider creates. */
    public static final EmulatedMemory MEMORY = new EmulatedMemory();

    /** Creates the provider (ServiceLoader). */
    public EmulatedCudaProvider() {
    }

    @Override
    public String backend() {
        return "cuda";
    }

    @Override
    public String unavailableReason() {
        return Boolean.getBoolean(ENABLE) ? null : "no CUDA device (the tests' emulated provider is off)";
    }

    @Override
    public int priority() {
        return 1;
    }

    @Override
    public SolverFactory create() {
        return new SolverFactory() {
            @Override
            public NaturalGradientSolver create(String layer, SolverOptions options) {
                boolean f64 = options.refine() || options.precision() == Precision.F64;
                return new FisherSolverAdapter(new FisherAlgorithm(layer, new HostOps(f64, true, MEMORY),
                        options.keepFactors(), options.path()), "emulated-cuda");
            }

            @Override
            public String name() {
                return "emulated-cuda";
            }
        };
    }

    @Override
    public MemoryProbe memory() {
        return this;
    }

    @Override
    public long freeBytes() {
        return -1;
    }

    @Override
    public String memoryName() {
        return "emulated CUDA device";
    }
}
