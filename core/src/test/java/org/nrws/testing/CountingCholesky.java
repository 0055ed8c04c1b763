package org.nrws.testing;

import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.linalg.BatchedCholesky;

/** A {@link BatchedCholesky} that counts the calls it forwards to another one. */
public final class CountingCholesky implements BatchedCholesky {

    private final BatchedCholesky delegate;
    private final AtomicLong factorCalls = new AtomicLong();
    private final AtomicLong factoredMatrices = new AtomicLong();
    private final AtomicLong solveCalls = new AtomicLong();

    /** @param delegate the implementation doing the work */
    public CountingCholesky(BatchedCholesky delegate) {
        this.delegate = delegate;
    }

    @Override
    public void factor(INDArray a, String context) {
        factorCalls.incrementAndGet();
        factoredMatrices.addAndGet(a.size(0));
        delegate.factor(a, context);
    }

    @Override
    public void factorAndSolve(INDArray a, INDArray b, String context) {
        factorCalls.incrementAndGet();
        factoredMatrices.addAndGet(a.size(0));
        solveCalls.incrementAndGet();
        delegate.factorAndSolve(a, b, context);
    }

    @Override
    public void solve(INDArray factored, INDArray b, String context) {
        solveCalls.incrementAndGet();
        delegate.solve(factored, b, context);
    }

    /** @return calls of {@link #factor} and {@link #factorAndSolve} */
    public long factorCalls() {
        return factorCalls.get();
    }

    /** @return matrices factored (sum of the batch sizes) */
    public long factoredMatrices() {
        return factoredMatrices.get();
    }

    /** @return calls of {@link #solve} and {@link #factorAndSolve} */
    public long solveCalls() {
        return solveCalls.get();
    }

    @Override
    public String name() {
        return "counting(" + delegate.name() + ")";
    }
}
