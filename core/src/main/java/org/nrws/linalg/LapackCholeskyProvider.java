package org.nrws.linalg;

import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Provides {@link LapackBatchedCholesky} (backend {@code "cpu"}). It is available when the active
 * ND4J backend is the CPU one and the OpenBLAS natives load. Registered in
 * {@code META-INF/services/org.nrws.linalg.BatchedCholeskyProvider}.
 */
public final class LapackCholeskyProvider implements BatchedCholeskyProvider {

    /** The priority of this provider among CPU providers. */
    public static final int PRIORITY = 100;

    /** Creates the provider (cheap; nothing is loaded until {@link #isAvailable()}). */
    public LapackCholeskyProvider() {
    }

    @Override
    public String backend() {
        return "cpu";
    }

    @Override
    public boolean isAvailable() {
        try {
            if (!Nd4j.getEnvironment().isCPU()) {
                return false;
            }
            openblas.blas_get_num_threads();
            return true;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            return false;
        }
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public BatchedCholesky create() {
        return new LapackBatchedCholesky();
    }
}
