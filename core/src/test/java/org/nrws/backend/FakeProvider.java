package org.nrws.backend;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.linalg.BatchedCholesky;
import org.nrws.linalg.BatchedCholeskyProvider;

/** A configurable provider for selection tests; also registered (family "fake") for the ServiceLoader test. */
public class FakeProvider implements BatchedCholeskyProvider, ProviderDiagnostics {

    private final String backend;
    private final String name;
    private final boolean available;
    private final int priority;
    private final String reason;

    /** The ServiceLoader instance: family "fake", never matched by cpu/cuda/auto. */
    public FakeProvider() {
        this("fake", "fake-serviceloader", false, 0, "registered only for the ServiceLoader test");
    }

    /**
     * @param backend   family
     * @param name      implementation name
     * @param available isAvailable()
     * @param priority  priority()
     * @param reason    unavailableReason() when not available
     */
    public FakeProvider(String backend, String name, boolean available, int priority, String reason) {
        this.backend = backend;
        this.name = name;
        this.available = available;
        this.priority = priority;
        this.reason = reason;
    }

    @Override
    public String backend() {
        return backend;
    }

    @Override
    public boolean isAvailable() {
        return available;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public BatchedCholesky create() {
        return new BatchedCholesky() {
            @Override
            public void factor(INDArray a, String context) {
                throw new UnsupportedOperationException("fake");
            }

            @Override
            public void solve(INDArray factored, INDArray b, String context) {
                throw new UnsupportedOperationException("fake");
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    @Override
    public String unavailableReason() {
        return available ? null : reason;
    }
}
