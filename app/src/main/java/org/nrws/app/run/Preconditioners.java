package org.nrws.app.run;

import org.nrws.solver.SolverFactory;
import org.nrws.solver.SolverKind;
import org.nrws.solver.SolverSelection;
import org.nrws.train.Algorithm;
import org.nrws.train.NaturalGradientOptions;
import org.nrws.train.Preconditioner;

/**
 * The one place where a run chooses the preconditioner of an algorithm: the identity for
 * WS, RWS and BiHM, the natural-gradient (per-neuron Fisher) preconditioner for NWS, NRWS and
 * NBiHM.
 */
public final class Preconditioners {

    private Preconditioners() {
    }

    /**
     * @param algorithm the algorithm
     * @param options   damping, refresh interval and Fisher type (used by the natural algorithms)
     * @return the identity for a plain algorithm; for a natural one a new
     *     {@link org.nrws.train.NaturalGradientPreconditioner} on the fused CPU solver
     */
    public static Preconditioner forAlgorithm(Algorithm algorithm, NaturalGradientOptions options) {
        return algorithm.preconditioner(options);
    }

    /**
     * @param algorithm the algorithm
     * @param options   damping, refresh interval and Fisher type (used by the natural algorithms)
     * @param cholesky  the batched Cholesky of the selected backend
     * @return the identity for a plain algorithm; for a natural one a new
     *     {@link org.nrws.train.NaturalGradientPreconditioner} on {@code cholesky}
     */
    public static Preconditioner forAlgorithm(Algorithm algorithm, NaturalGradientOptions options,
                                              org.nrws.linalg.BatchedCholesky cholesky) {
        return algorithm.preconditioner(options, cholesky);
    }

    /**
     * @param algorithm the algorithm
     * @param options   the natural-gradient options
     * @param selection the selected backend: on the CPU the fused solver of the thread plan
     *                  ({@link org.nrws.solver.SolverFactory#cpu()}), elsewhere the tensor solver on the
     *                  backend's batched Cholesky
     * @return the preconditioner
     */
    public static Preconditioner forAlgorithm(Algorithm algorithm, NaturalGradientOptions options,
                                              SolverSelection selection) {
        return algorithm.preconditioner(options, exactSolvers(selection, options.solverKind()));
    }

    /**
     * The preconditioner of a run: the algorithm with the configured Fisher ({@code --precondition}),
     * the exact one on the selected backend's solvers.
     *
     * @param algorithm the algorithm
     * @param choices   the run's Fisher and K-FAC options
     * @param options   the natural-gradient options
     * @param selection the selected backend
     * @return the preconditioner
     */
    public static Preconditioner forRun(Algorithm algorithm, ModelChoices choices, NaturalGradientOptions options,
                                        SolverSelection selection) {
        return algorithm.preconditioner(options, choices.approximation(), exactSolvers(selection, options.solverKind()),
                choices.kfacOptions());
    }

    /**
     * @param selection the selected backend
     * @param kind      the CPU solver asked for (FUSED or TENSOR)
     * @return the solvers of the exact Fisher: a device's solvers when the selection has them (the CUDA
     *     solver), else the CPU solver of that kind on the thread plan
     */
        public static SolverFactory exactSolvers(SolverSelection selection, SolverKind kind) {
        return selection.solvers(kind);
    }
}
