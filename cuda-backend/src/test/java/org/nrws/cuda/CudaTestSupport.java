package org.nrws.cuda;

import org.junit.jupiter.api.Assumptions;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Whether the device tests can run. They need ND4J's CUDA backend on a supported device: build
 * and test with {@code -Pcuda} on a GPU host ({@code scripts/gpu-check.sh}). Otherwise they are
 * reported as skipped, with the reason, never as passed.
 */
final class CudaTestSupport {

    private CudaTestSupport() {
    }

    /** @return true when ND4J runs on CUDA and the cuSOLVER provider is available */
    static boolean devicePresent() {
        return !Nd4j.getEnvironment().isCPU() && new CudaCholeskyProvider().isAvailable();
    }

    /** Skips the calling test, with the reason, when there is no usable device. */
    static void assumeDevice() {
        Assumptions.assumeTrue(devicePresent(), () -> "no CUDA device: ND4J runs "
                + Nd4j.getBackend().getClass().getSimpleName() + " (" + new CudaCholeskyProvider().unavailableReason()
                + "); run scripts/gpu-check.sh on a GPU host");
    }
}
