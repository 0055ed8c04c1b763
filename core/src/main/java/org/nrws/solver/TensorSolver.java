package org.nrws.solver;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.host.HostMatrix;
import org.nrws.host.Nd4jHost;
import org.nrws.host.Precision;
import org.nrws.linalg.BatchedCholesky;

/**
 * The tensor solver ({@link SolverKind#TENSOR}): the whole [m, d, d] or [m, N, N] tensor of a layer's
 * systems built by ND4J operations ({@link FisherBlocks}) and factored by a {@link BatchedCholesky},
 * with the path of {@link PathRule}. It is the design's shape (see {@code docs/architecture.md}) and the
 * oracle that the fused and the GPU solvers are tested against; it copies its inputs into INDArrays
 * and is slow by design. Mixed precision is not offered: with {@code refine} it factors
 * in float32 without refinement.
 */
public final class TensorSolver implements NaturalGradientSolver {

    private final String layer;
    private final SolverOptions options;
    private final BatchedCholesky cholesky;
    private Factorization kept;
    private SolverPath lastPath;

    /**
     * @param layer    the layer's name, for messages
     * @param options  precision, kept factors, forced path
     * @param cholesky the batched Cholesky
     */
    public TensorSolver(String layer, SolverOptions options, BatchedCholesky cholesky) {
        this.layer = layer;
        this.options = options;
        this.cholesky = cholesky;
    }

    @Override
    public void refresh(LayerSamples samples, double alpha, HostMatrix gradient, HostMatrix direction) {
        DataType dtype = options.precision() == Precision.F64 ? DataType.DOUBLE : DataType.FLOAT;
        FisherBlocks blocks = FisherBlocks.ofCurvatures(Nd4jHost.copyOf(samples.inputs()),
                Nd4jHost.copyOf(samples.curvatures()), dtype);
        SolverPath path = PathRule.resolve(options.path(), blocks.rows(), blocks.blockSize(), blocks.units());
        lastPath = path;
        Factorization.Solved s = blocks.factorAndSolve(alpha, path, cholesky, "layer " + layer, kept,
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
        return "tensor(" + options.precision().id() + ", " + cholesky.name() + ")";
    }

    @Override
    public void close() {
        kept = null;
    }
}
