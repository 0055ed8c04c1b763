package org.nrws.solver;

import org.nrws.host.ThreadPlan;
import org.nrws.host.WorkerPool;
import org.nrws.linalg.BatchedCholeskies;
import org.nrws.linalg.BatchedCholesky;

/** Creates the solver of each layer; chosen once per run (by the backend selection). */
public interface SolverFactory {

    /**
     * @param layer   the layer's name, for messages
     * @param options how the solver computes
     * @return a new solver, used by one thread at a time
     */
    NaturalGradientSolver create(String layer, SolverOptions options);

    /** @return a short name for logs and provenance, e.g. {@code "cpu-fused"} */
    String name();

    /** @return the fused CPU solver on the shared thread plan */
    static SolverFactory cpu() {
        return cpu(ThreadPlan.shared().pool());
    }

    /**
     * @param pool the threads that share a layer's neurons
     * @return the fused CPU solver on that pool
     */
    static SolverFactory cpu(WorkerPool pool) {
        return new SolverFactory() {
            @Override
            public NaturalGradientSolver create(String layer, SolverOptions options) {
                return new CpuFusedSolver(layer, options, pool);
            }

            @Override
            public String name() {
                return "cpu-fused";
            }
        };
    }

    /**
     * @param cholesky the batched Cholesky of the tensor path
     * @return the tensor solver ({@link SolverKind#TENSOR})
     */
    static SolverFactory tensor(BatchedCholesky cholesky) {
        return new SolverFactory() {
            @Override
            public NaturalGradientSolver create(String layer, SolverOptions options) {
                return new TensorSolver(layer, options, cholesky);
            }

            @Override
            public String name() {
                return "tensor(" + cholesky.name() + ")";
            }
        };
    }

    /**
     * The CPU solvers of a kind, on the shared thread plan.
     *
     * @param kind FUSED ({@link #cpu()}) or TENSOR ({@link #tensor} on {@link BatchedCholeskies#best()})
     * @return the factory
     */
    static SolverFactory of(SolverKind kind) {
        return kind == SolverKind.TENSOR ? tensor(BatchedCholeskies.best()) : cpu();
    }
}
