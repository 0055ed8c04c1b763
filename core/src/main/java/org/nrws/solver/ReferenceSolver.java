package org.nrws.solver;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.fisher.FisherBlocks;
import org.nrws.host.HostMatrix;
import org.nrws.host.Nd4jHost;
import org.nrws.host.Precision;
import org.nrws.linalg.BatchedCholesky;

/**
 * The reference solver: the tensor path of {@link FisherBlocks} (the whole [m, d, d] or [m, N, N]
 * tensor built by ND4J operations and factored by a {@link BatchedCholesky}), with the path rule
 * {@link FisherBlocks#choosePath}. It is the engine's original implementation of spec section 4 and
 * the oracle that the fused and the GPU solvers are tested against; it copies its inputs into
 * INDArrays and is slow by design. Mixed precision is not offered: with {@code refine} it factors
 * in float32 without refinement.
 */
public final class ReferenceSolver implements NaturalGradientSolver {

    private final String layer;
    private final SolverOptions options;
    private final BatchedCholesky cholesky;
    private FisherBlocks.Factorization kept;
    private SolverPath lastPath;

    /**
     * @param layer    the layer's name, for messages
     * @param options  precision, kept factors, forced path
     * @param cholesky the batched Cholesky
     */
    public ReferenceSolver(String layer, SolverOptions options, BatchedCholesky cholesky) {
        this.layer = layer;
        this.options = options;
        this.cholesky = cholesky;
    }

    @Override
    public void refresh(LayerSamples samples, double alpha, HostMatrix gradient, HostMatrix direction) {
        DataType dtype = options.precision() == Precision.F64 ? DataType.DOUBLE : DataType.FLOAT;
        FisherBlocks blocks = FisherBlocks.ofCurvatures(Nd4jHost.copyOf(samples.inputs()),
                Nd4jHost.copyOf(samples.curvatures()), dtype);
        FisherBlocks.Path path = options.path() != null ? FisherBlocks.Path.valueOf(options.path().name())
                : FisherBlocks.choosePath(blocks.rows(), blocks.blockSize(), blocks.units());
        lastPath = SolverPath.valueOf(path.name());
        FisherBlocks.Solved s = blocks.factorAndSolve(alpha, path, cholesky, "layer " + layer, kept,
                Nd4jHost.copyOf(gradient));
        kept = options.keepFactors() ? s.factorization() : null;
        copy(s.direction(), direction);
    }

    @Override
    public void solve(HostMatrix gradient, HostMatrix direction) {
        if (kept == null) {
            throw new IllegalStateException("layer " + layer + ": no factors are kept (refresh first, with keepFactors)");
        }
        copy(kept.solve(Nd4jHost.copyOf(gradient)), direction);
    }

    private static void copy(INDArray from, HostMatrix to) {
        to.copyFrom(Nd4jHost.wrap(from.dup('c')));
    }

    @Override
    public boolean hasFactors() {
        return kept != null;
    }

    @Override
    public SolverPath lastPath() {
        return lastPath;
    }

    @Override
    public String name() {
        return "reference(" + options.precision().id() + ", " + cholesky.name() + ")";
    }

    @Override
    public void close() {
        kept = null;
    }
}
