package org.nrws.cuda;

import org.nd4j.linalg.factory.Nd4j;
import org.nrws.backend.BackendUnavailableException;
import org.nrws.backend.MemoryBudget;
import org.nrws.backend.MemoryProbe;
import org.nrws.backend.ProviderDiagnostics;
import org.nrws.linalg.BatchedCholesky;
import org.nrws.linalg.BatchedCholeskyProvider;

/**
 * The {@code "cuda"} provider: available when ND4J runs its CUDA backend on a device that
 * nd4j-cuda-11.6 supports and the JavaCPP cuSOLVER/cuBLAS bindings load.
 *
 * <p>Guarded class loading: when ND4J runs on the CPU, {@link #isAvailable()} returns false
 * without loading any CUDA class, so this provider is harmless on the class path of a CPU run
 * (and in this module's CPU tests). Only {@link #unavailableReason()}, which
 * {@link org.nrws.backend.BackendSelector} calls when CUDA was explicitly requested and cannot
 * run, probes the CUDA runtime to say why; it catches the {@link LinkageError} a missing library
 * raises. The result is computed once per JVM (ND4J's backend cannot change).
 */
public final class CudaCholeskyProvider implements BatchedCholeskyProvider, ProviderDiagnostics, MemoryProbe {

    /** Priority among CUDA providers. */
    public static final int PRIORITY = 100;

    private static volatile String cachedReason;
    private static volatile boolean checked;

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public CudaCholeskyProvider() {
    }

    @Override
    public String backend() {
        return "cuda";
    }

    @Override
    public boolean isAvailable() {
        return reason() == null;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    /**
     * @return a new cuSOLVER batched Cholesky
     * @throws BackendUnavailableException when {@link #isAvailable()} is false
     */
    @Override
    public BatchedCholesky create() {
        String r = reason();
        if (r != null) {
            throw new BackendUnavailableException("cuSOLVER batched Cholesky unavailable: " + r);
        }
        return new CudaBatchedCholesky();
    }

    /**
     * @return null when available; otherwise why, probing the CUDA runtime when ND4J runs on the
     *     CPU (this may load the JavaCPP cudart bindings)
     */
    @Override
    public String unavailableReason() {
        String r = reason();
        if (r != null && r.startsWith(CPU_BACKEND)) {
            return r + probeRuntime();
        }
        return r;
    }

    /** @return free bytes of the current CUDA device, or -1 when ND4J does not run on CUDA */
    @Override
    public long freeBytes() {
        if (!isAvailable()) {
            return -1;
        }
        return CudaDevice.memory()[0];
    }

    @Override
    public String memoryName() {
        if (!isAvailable()) {
            return "no CUDA device";
        }
        CudaDevice.Info i = CudaDevice.info(CudaDevice.current());
        return "CUDA device " + i.id() + " (" + i.name() + ", " + ComputeCapability.sm(i.major(), i.minor()) + ", "
                + MemoryBudget.humanBytes(i.totalBytes()) + " total)";
    }

    private static final String CPU_BACKEND = "ND4J is running its CPU backend";

    /** Null when available, else why; computed once. */
    private static String reason() {
        if (!checked) {
            synchronized (CudaCholeskyProvider.class) {
                if (!checked) {
                    cachedReason = computeReason();
                    checked = true;
                }
            }
        }
        return cachedReason;
    }

    private static String computeReason() {
        try {
            if (Nd4j.getEnvironment().isCPU()) {
                return CPU_BACKEND + " (" + Nd4j.getBackend().getClass().getSimpleName() + ")";
            }
        } catch (RuntimeException | LinkageError e) {
            return "ND4J did not initialise: " + e;
        }
        try {
            if (Nd4j.getAffinityManager().getNumberOfDevices() < 1) {
                return "ND4J's CUDA backend reports no device";
            }
            String count = CudaDevice.countFailure();
            if (count != null) {
                return count;
            }
            CudaDevice.Info info = CudaDevice.info(CudaDevice.current());
            String cc = ComputeCapability.unsupportedReason(info.name(), info.major(), info.minor());
            if (cc != null) {
                return cc;
            }
            // loads libjnicusolver/libjnicublas and with them libcusolver.so.11, libcublas.so.11, libcusparse.so.11
            org.bytedeco.javacpp.Loader.load(org.bytedeco.cuda.global.cusolver.class);
            org.bytedeco.javacpp.Loader.load(org.bytedeco.cuda.global.cublas.class);
            return null;
        } catch (RuntimeException | LinkageError e) {
            return "the CUDA libraries did not load (" + e + "); they need an NVIDIA driver >= 510.39.01 and the "
                    + "CUDA 11.6 libraries libcudart.so.11.0, libcublas.so.11, libcusolver.so.11 and libcusparse.so.11 "
                    + "(from a CUDA 11.6-11.8 toolkit or the org.bytedeco:cuda:11.6-8.3-1.5.7:linux-x86_64-redist jar)";
        }
    }

    /** Why no device, asked of the CUDA runtime directly. */
    private static String probeRuntime() {
        try {
            String count = CudaDevice.countFailure();
            if (count != null) {
                return "; " + count;
            }
            CudaDevice.Info info = CudaDevice.info(0);
            String cc = ComputeCapability.unsupportedReason(info.name(), info.major(), info.minor());
            return cc != null ? "; " + cc : "; the CUDA runtime sees " + CudaDevice.count() + " device(s) (" + info.name()
                    + ", " + CudaDevice.versions() + ") but ND4J did not load its CUDA backend: check that "
                    + "BACKEND_PRIORITY_CPU is unset and nd4j-cuda-11.6-platform is on the class path";
        } catch (RuntimeException | LinkageError e) {
            return "; the CUDA runtime did not load (" + describe(e) + ")";
        }
    }

    /** The error and, for a class whose initialisation failed before, the original failure. */
    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getClass().getSimpleName()).append(": ").append(e.getMessage());
        Throwable c = e.getCause();
        if (c != null) {
            sb.append("; first failure: ").append(c.getMessage());
        } else if (e instanceof NoClassDefFoundError) {
            sb.append("; see ND4J's earlier \"Skipped [JCublasBackend] backend\" warning for the first failure");
        }
        return sb.toString();
    }
}
