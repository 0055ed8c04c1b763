package org.nrws.solver;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.linalg.BatchedCholesky;
import org.nrws.linalg.NotPositiveDefiniteException;

/**
 * The factored damped Fisher system of one layer. It keeps what it was built from (for the
 * dual path, U and the scales S), so it can precondition later gradients of the same layer
 * (the refresh interval of docs/math.md section 4.6). Not thread safe.
 */
public final class Factorization {

    private final SolverPath path;
    private final double alpha;
    INDArray factors;
    private final INDArray u;
    private final INDArray st;
    private final long d;
    private final long m;
    private final DataType dtype;
    private final BatchedCholesky cholesky;
    final String context;

    Factorization(SolverPath path, double alpha, INDArray factors, INDArray u, INDArray st, long d, long m,
                          DataType dtype, BatchedCholesky cholesky, String context) {
        this.path = path;
        this.alpha = alpha;
        this.factors = factors;
        this.u = u;
        this.st = st;
        this.d = d;
        this.m = m;
        this.dtype = dtype;
        this.cholesky = cholesky;
        this.context = context;
    }

    /**
     * The preconditioned direction {@code (1 + alpha) (alpha I + F_i)^{-1} g_i} of every unit,
     * with the alpha and the Fisher this factorisation was built with.
     *
     * @param g [d, m] gradient of the layer (column i = unit i), FLOAT or DOUBLE; not modified
     * @return a new c-order [d, m] direction of g's data type
     * @throws NotPositiveDefiniteException naming the layer and unit when a
     *                                                      solution is not finite
     */
    public INDArray solve(INDArray g) {
        if (factors == null) {
            throw new IllegalStateException(context + ": this factorisation was recycled and can no longer be used");
        }
        INDArray gd = cast(g);
        INDArray rhs = rhs(gd);
        cholesky.solve(factors, rhs, context);
        return finish(g, gd, rhs);
    }

    /** Checks the gradient's shape and casts it to the algebra's type. */
    INDArray cast(INDArray g) {
        if (g.rank() != 2 || g.rows() != d || g.columns() != m) {
            throw new IllegalArgumentException(context + ": gradient must be [" + d + ", " + m + "], got "
                    + Arrays.toString(g.shape()));
        }
        return g.castTo(dtype);
    }

    /** @return the new [m, k, 1] right-hand sides of the batched solve for the gradient gd */
    INDArray rhs(INDArray gd) {
        if (path == SolverPath.PRIMAL) {
            return gd.transpose().dup('c').reshape('c', m, d, 1);             // g_i
        }
        long n = u.rows();
        INDArray rhs = Nd4j.createUninitialized(dtype, m, n);
        Nd4j.gemm(gd, u, rhs, true, true, 1.0, 0.0);                         // (U g)^T, [m, N]
        rhs.muli(st);                                                         // (S U g)^T
        return rhs.reshape('c', m, n, 1);
    }

    /** @return the direction of g (in g's type) from the solved right-hand sides (modified) */
    INDArray finish(INDArray g, INDArray gd, INDArray solved) {
        INDArray out;
        if (path == SolverPath.PRIMAL) {
            out = solved.reshape('c', m, d).transpose().dup('c').muli(1.0 + alpha);
        } else {
            INDArray x = solved.reshape('c', m, u.rows());                    // (M^-1 S U g)^T
            x.muli(st);                                                       // (S M^-1 S U g)^T
            out = gd.dup('c');
            Nd4j.gemm(u, x, out, true, true, -1.0, 1.0);                      // g - U^T S M^-1 S U g
            out.muli((1.0 + alpha) / alpha);
        }
        return out.dataType() == g.dataType() ? out : out.castTo(g.dataType());
    }

    /**
     * Gives up the factor tensor for recycling; the factorisation becomes unusable.
     *
     * @return the tensor, or null when it was already released
     */
    INDArray release() {
        INDArray f = factors;
        factors = null;
        return f;
    }

    /** @return the path */
    public SolverPath path() {
        return path;
    }

    /** @return the damping it was built with */
    public double alpha() {
        return alpha;
    }

    /** @return the context of its error messages, e.g. {@code "layer q1 (dual)"} */
    public String context() {
        return context;
    }

    /** @return the type of its algebra */
    public DataType dataType() {
        return dtype;
    }

    /**
     * @return the factored [m, k, k] tensor (k = d primal, N dual), or null after recycling; owned
     *     by this object, do not modify
     */
    public INDArray factors() {
        return factors;
    }

    /**
     * A factorisation together with the direction of the gradient it was built for.
     *
     * @param factorization the factorisation, reusable with later gradients
     * @param direction     the preconditioned direction of the gradient given at construction
     */
    public record Solved(Factorization factorization, INDArray direction) {
    }
}
