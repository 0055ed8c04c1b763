package org.nrws.solver;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nrws.linalg.BatchedCholesky;
import org.nrws.linalg.NotPositiveDefiniteException;

/**
 * The exact per-neuron Fisher blocks of one sigmoid layer, estimated from N samples (docs/math.md
 * section 3), and the damped natural-gradient solve with them (docs/math.md section 4).
 *
 * <p>For unit i with augmented input rows u_n (the [N, d] matrix U) and clipped probabilities
 * pi, the estimate is {@code F_i = sum_n w_n c_{n,i} u_n u_n^T} with {@code c = pi (1 - pi)} and
 * row weights w (1/N by default; an enumerated, weighted sample set gives the exact Fisher). The
 * preconditioned direction of a [d, m] gradient g (column i = unit i) is
 * {@code g~_i = (1 + alpha) (alpha I + F_i)^{-1} g_i}, computed for all units of the layer at once
 * in one of two exact ways:
 * <ul>
 *   <li>{@link SolverPath#PRIMAL}: the [m, d, d] tensor {@code alpha I + U^T diag(w c_i) U}, built by
 *       one GEMM {@code C^T P} of the weighted curvatures C [N, m] with the row-wise outer
 *       products P [N, d*d]; one batched Cholesky; one batched solve with the columns of g.</li>
 *   <li>{@link SolverPath#DUAL}: the symmetric Woodbury form with {@code S_i = diag(sqrt(w c_i))}:
 *       {@code (alpha I + U^T S_i^2 U)^{-1} g = (1/alpha) [g - U^T S_i M_i^{-1} S_i U g]},
 *       {@code M_i = alpha I + S_i (U U^T) S_i}, the [m, N, N] tensor built from one Gram matrix
 *       U U^T shared by the layer's units; one batched Cholesky; the rest is two GEMMs.</li>
 * </ul>
 * {@link PathRule#choose} picks the cheaper path by flop count. All tensor work is
 * done by ND4J operations (no Java loop over samples or units), so it runs unchanged on any ND4J
 * backend; only the factorisation and the triangular solves go through {@link BatchedCholesky}.
 *
 * <p>The Fisher algebra runs in the data type given at construction (FLOAT or DOUBLE); inputs of
 * another type are cast once on the way in, and solutions are cast back to the gradient's type,
 * so no ND4J operation ever mixes data types. No method modifies its array arguments unless its
 * documentation says so.
 */
public final class FisherBlocks {

    /**
     * The most elements of row-wise outer products that {@link #primal(double)} holds at once
     * (2^25: 256 MiB in float64); larger N are processed in row chunks.
     */
    public static final long PRIMAL_SCRATCH_ELEMENTS = 1L << 25;

    private final INDArray u;       // [N, d], dtype
    private final INDArray c;       // [N, m], dtype: w_n pi (1 - pi)
    private final DataType dtype;
    private final long n;
    private final long d;
    private final long m;

    private FisherBlocks(INDArray u, INDArray c, DataType dtype) {
        this.u = u;
        this.c = c;
        this.dtype = dtype;
        this.n = u.rows();
        this.d = u.columns();
        this.m = c.columns();
    }

    /**
     * The Fisher blocks of a layer from already clipped probabilities.
     *
     * @param u          [N, d] augmented inputs U (last column ones); not modified (kept by reference
     *                   when it already has the type {@code dtype})
     * @param clippedPi  [N, m] unit probabilities, already clipped to [clip, 1 - clip]; not modified
     * @param rowWeights [N] non-negative row weights w, or null for 1/N; not modified
     * @param dtype      the type of the Fisher algebra, FLOAT or DOUBLE
     * @return the blocks
     * @throws IllegalArgumentException on mismatched shapes, negative weights, probabilities outside
     *                                  [0, 1] or non-finite values
     */
    public static FisherBlocks of(INDArray u, INDArray clippedPi, INDArray rowWeights, DataType dtype) {
        if (dtype != DataType.DOUBLE && dtype != DataType.FLOAT) {
            throw new IllegalArgumentException("Fisher dtype must be FLOAT or DOUBLE, got " + dtype);
        }
        if (u == null || u.rank() != 2 || clippedPi == null || clippedPi.rank() != 2 || u.rows() != clippedPi.rows()
                || u.rows() < 1 || u.columns() < 1 || clippedPi.columns() < 1) {
            throw new IllegalArgumentException("Fisher blocks need U [N, d] and pi [N, m] with the same N >= 1, got "
                    + shape(u) + " and " + shape(clippedPi));
        }
        long rows = u.rows();
        INDArray pc = clippedPi.castTo(dtype);
        INDArray curv = pc.rsub(1.0).muli(pc);                       // new array: pi (1 - pi)
        if (rowWeights == null) {
            curv.muli(1.0 / rows);
        } else {
            if (rowWeights.length() != rows) {
                throw new IllegalArgumentException("row weights have " + rowWeights.length() + " entries, expected " + rows);
            }
            INDArray w = rowWeights.castTo(dtype).reshape(rows, 1);
            if (w.minNumber().doubleValue() < 0) {
                throw new IllegalArgumentException("row weights must be non-negative");
            }
            curv.muliColumnVector(w);
        }
        if (!Double.isFinite(curv.sumNumber().doubleValue()) || curv.minNumber().doubleValue() < 0) {
            throw new IllegalArgumentException("the probabilities of unit " + firstBadColumn(curv)
                    + " are not finite or not in [0, 1] (or a row weight is not finite)");
        }
        INDArray uc = u.castTo(dtype);
        return new FisherBlocks(uc.ordering() == 'c' ? uc : uc.dup('c'), curv, dtype);
    }

    /**
     * The Fisher blocks from already weighted curvatures {@code c_{n,i} = w_n pi (1 - pi)}, as the
     * {@link NaturalGradientSolver} interface receives them.
     *
     * @param u          [N, d] augmented inputs (not modified)
     * @param curvatures [N, m] weighted curvatures, finite and non-negative (not modified)
     * @param dtype      FLOAT or DOUBLE
     * @return the blocks
     */
    public static FisherBlocks ofCurvatures(INDArray u, INDArray curvatures, DataType dtype) {
        if (dtype != DataType.DOUBLE && dtype != DataType.FLOAT) {
            throw new IllegalArgumentException("Fisher dtype must be FLOAT or DOUBLE, got " + dtype);
        }
        if (u.rank() != 2 || curvatures.rank() != 2 || u.rows() != curvatures.rows()) {
            throw new IllegalArgumentException("Fisher blocks need U [N, d] and C [N, m] with the same N, got "
                    + shape(u) + " and " + shape(curvatures));
        }
        INDArray uc = u.castTo(dtype).dup('c');
        return new FisherBlocks(uc, curvatures.castTo(dtype).dup('c'), dtype);
    }

    /**
     * The Fisher blocks of a layer from its unclipped probabilities, as a
     * {@code Trace} of the model holds them: checks that they are finite (clipping would turn a
     * NaN into the bound) and clips them to [clip, 1 - clip].
     *
     * @param u             [N, d] augmented inputs; not modified
     * @param probabilities [N, m] unclipped probabilities; not modified
     * @param clip          the machine's clipping ({@code HelmholtzMachine.clip()})
     * @param rowWeights    [N] row weights or null for 1/N; not modified
     * @param dtype         FLOAT or DOUBLE
     * @return the blocks
     */
    public static FisherBlocks ofLayer(INDArray u, INDArray probabilities, double clip, INDArray rowWeights, DataType dtype) {
        INDArray p = probabilities.castTo(dtype);
        // ND4J's max/min map NaN to the bound, so clipping would hide a NaN: check before clipping.
        if (!Double.isFinite(p.sumNumber().doubleValue())) {
            throw new IllegalArgumentException("the probabilities of unit " + firstBadColumn(p) + " are not finite");
        }
        INDArray pc = clip == 0.0 ? p : Transforms.min(Transforms.max(p, clip, true), 1.0 - clip, false);
        return of(u, pc, rowWeights, dtype);
    }

    /** @return N, the number of sample rows */
    public long rows() {
        return n;
    }

    /** @return d, the size of a unit's parameter vector */
    public long blockSize() {
        return d;
    }

    /** @return m, the number of units (blocks) */
    public long units() {
        return m;
    }

    /** @return the type of the Fisher algebra */
    public DataType dataType() {
        return dtype;
    }

    /** @return the [N, m] weighted curvatures {@code w_n pi (1 - pi)} (owned by this object; do not modify) */
    public INDArray curvature() {
        return c;
    }

    /**
     * Builds the primal tensor {@code alpha I + U^T diag(w c_i) U} of every unit: one broadcast
     * multiplication for the row-wise outer products and one GEMM.
     *
     * @param alpha the damping, &ge; 0 (0 gives the Fisher blocks themselves)
     * @return a new c-order [m, d, d] tensor
     */
    public INDArray primal(double alpha) {
        return primal(alpha, null);
    }

    /**
     * As {@link #primal(double)}, writing into a given tensor.
     *
     * @param alpha the damping, &ge; 0
     * @param out   a c-order, contiguous [m, d, d] tensor of this object's type, overwritten (modified);
     *              or null to allocate one
     * @return {@code out}, or the new tensor
     */
    public INDArray primal(double alpha, INDArray out) {
        return primal(alpha, out, PRIMAL_SCRATCH_ELEMENTS);
    }

    /**
     * As {@link #primal(double, INDArray)}, with a bound on the scratch: the row-wise outer
     * products are formed for chunks of at most {@code max(1, maxScratch / d^2)} rows, and the
     * GEMMs {@code C_chunk^T P_chunk} accumulate into the output. With N = 10240 and d = 785 a
     * single chunk would need 6.3e9 elements; chunking keeps large-batch primal builds (the GPU
     * path) within memory at the same flop count.
     *
     * @param alpha      the damping, &ge; 0
     * @param out        the output tensor (modified) or null
     * @param maxScratch the largest number of outer-product elements held at once (&ge; 1)
     * @return {@code out}, or the new tensor
     */
    INDArray primal(double alpha, INDArray out, long maxScratch) {
        checkAlpha(alpha, true);
        INDArray f = output(out, d);
        long dd = d * d;
        long chunk = Math.max(1, Math.min(n, maxScratch / dd));
        INDArray flat = f.reshape('c', m, dd);
        for (long r0 = 0; r0 < n; r0 += chunk) {
            long rows = Math.min(chunk, n - r0);
            INDArray ur = rows == n ? u : u.get(NDArrayIndex.interval(r0, r0 + rows), NDArrayIndex.all()).dup('c');
            INDArray cr = rows == n ? c : c.get(NDArrayIndex.interval(r0, r0 + rows), NDArrayIndex.all()).dup('c');
            INDArray outer = ur.reshape('c', rows, d, 1).mul(ur.reshape('c', rows, 1, d)).reshape('c', rows, dd);
            Nd4j.gemm(cr, outer, flat, true, false, 1.0, r0 == 0 ? 0.0 : 1.0);
        }
        addToDiagonal(flat, d, alpha);
        return f;
    }

    /**
     * Builds the dual tensor {@code M_i = alpha I + S_i (U U^T) S_i}, {@code S_i = diag(sqrt(w c_i))}:
     * one Gram matrix, the outer products {@code s_i s_i^T} (one broadcast multiplication) and their
     * element-wise product with the Gram matrix (one row-vector broadcast), in place.
     *
     * @param alpha the damping, &ge; 0
     * @return a new c-order [m, N, N] tensor
     */
    public INDArray dual(double alpha) {
        return dual(alpha, null);
    }

    /**
     * As {@link #dual(double)}, writing into a given tensor.
     *
     * @param alpha the damping, &ge; 0
     * @param out   a c-order, contiguous [m, N, N] tensor of this object's type, overwritten (modified);
     *              or null to allocate one
     * @return {@code out}, or the new tensor
     */
    public INDArray dual(double alpha, INDArray out) {
        return dual(alpha, scalesByUnit(), out);
    }

    private INDArray dual(double alpha, INDArray st, INDArray out) {
        checkAlpha(alpha, true);
        INDArray mm = output(out, n);
        INDArray gram = u.mmul(u.transpose());                          // [N, N]
        st.reshape('c', m, n, 1).mul(st.reshape('c', m, 1, n), mm);     // s_i s_i^T, broadcast into mm
        INDArray flat = mm.reshape('c', m, n * n);
        flat.muliRowVector(gram.reshape('c', 1, n * n));
        addToDiagonal(flat, n, alpha);
        return mm;
    }

    /**
     * @return {@code out} after checking that it is a c-order contiguous [m, k, k] tensor of this
     *     object's type, or a new uninitialised one when {@code out} is null
     */
    private INDArray output(INDArray out, long k) {
        if (out == null) {
            return Nd4j.createUninitialized(dtype, m, k, k);
        }
        long[] expected = {m, k, k};
        if (!Arrays.equals(out.shape(), expected) || out.dataType() != dtype || out.ordering() != 'c'
                || out.isView() && out.length() != out.data().length()) {
            throw new IllegalArgumentException("output tensor must be a c-order contiguous " + dtype + " "
                    + Arrays.toString(expected) + ", got " + out.dataType() + " " + shape(out) + " order "
                    + out.ordering());
        }
        return out;
    }

    /** @return a new c-order [m, N] array whose row i is sqrt(w c_{., i}) */
    private INDArray scalesByUnit() {
        return Transforms.sqrt(c.transpose().dup('c'), false);
    }

    /**
     * Builds the damped system of the chosen path and factors it.
     *
     * @param alpha    the damping, &gt; 0
     * @param path     the path
     * @param cholesky the batched Cholesky
     * @param layer    the layer, for error messages (e.g. {@code "layer q1"}); the context of errors is
     *                 {@code layer + " (" + path + ")"}
     * @return the factorisation, which can be reused with later gradients
     * @throws NotPositiveDefiniteException naming the layer, the path and the unit
     */
    public Factorization factor(double alpha, SolverPath path, BatchedCholesky cholesky, String layer) {
        return factor(alpha, path, cholesky, layer, null);
    }

    /**
     * As {@link #factor(double, SolverPath, BatchedCholesky, String)}, recycling the storage of a
     * factorisation that is no longer needed: when its factor tensor has the shape and type the new
     * one needs, the new system is built in it (this avoids allocating, and page-faulting, hundreds of
     * megabytes per refresh at MNIST size). The recycled factorisation is invalidated (modified):
     * using it afterwards throws {@link IllegalStateException}.
     *
     * @param alpha    the damping, &gt; 0
     * @param path     the path
     * @param cholesky the batched Cholesky
     * @param layer    the layer, for error messages
     * @param recycle  a factorisation to recycle (typically the same layer's previous one), or null
     * @return the factorisation
     */
    public Factorization factor(double alpha, SolverPath path, BatchedCholesky cholesky, String layer, Factorization recycle) {
        Factorization f = build(alpha, path, cholesky, layer, recycle);
        cholesky.factor(f.factors, f.context);
        return f;
    }

    /** Builds the damped system of a path (not yet factored), recycling storage when possible. */
    private Factorization build(double alpha, SolverPath path, BatchedCholesky cholesky, String layer, Factorization recycle) {
        checkAlpha(alpha, false);
        String context = layer + " (" + path.id() + ")";
        long k = path == SolverPath.PRIMAL ? d : n;
        INDArray storage = null;
        if (recycle != null) {
            INDArray old = recycle.release();
            if (old != null && old.dataType() == dtype && Arrays.equals(old.shape(), new long[] {m, k, k})) {
                storage = old;
            }
        }
        if (path == SolverPath.PRIMAL) {
            INDArray f = primal(alpha, storage);
            return new Factorization(SolverPath.PRIMAL, alpha, f, null, null, d, m, dtype, cholesky, context);
        }
        INDArray st = scalesByUnit();
        INDArray mm = dual(alpha, st, storage);
        return new Factorization(SolverPath.DUAL, alpha, mm, u, st, d, m, dtype, cholesky, context);
    }

    /**
     * As {@link #factor(double, SolverPath, BatchedCholesky, String, Factorization)}, and preconditions
     * a gradient in the same pass ({@link BatchedCholesky#factorAndSolve}: each block is solved
     * right after it is factored, while it is still in cache).
     *
     * @param alpha    the damping, &gt; 0
     * @param path     the path
     * @param cholesky the batched Cholesky
     * @param layer    the layer, for error messages
     * @param recycle  a factorisation to recycle, or null (it is invalidated)
     * @param g        [d, m] gradient (not modified)
     * @return the factorisation and the direction of g (a new array of g's type)
     */
    public Factorization.Solved factorAndSolve(double alpha, SolverPath path, BatchedCholesky cholesky, String layer, Factorization recycle,
                                 INDArray g) {
        Factorization f = build(alpha, path, cholesky, layer, recycle);
        INDArray gd = f.cast(g);
        INDArray rhs = f.rhs(gd);
        cholesky.factorAndSolve(f.factors, rhs, f.context);
        return new Factorization.Solved(f, f.finish(g, gd, rhs));
    }

    /**
     * As {@link #factor(double, SolverPath, BatchedCholesky, String)} with the path of
     * {@link PathRule#choose}.
     *
     * @param alpha    the damping, &gt; 0
     * @param cholesky the batched Cholesky
     * @param layer    the layer, for error messages
     * @return the factorisation
     */
    public Factorization factor(double alpha, BatchedCholesky cholesky, String layer) {
        return factor(alpha, PathRule.choose(n, d, m), cholesky, layer);
    }

    /**
     * Adds {@code alpha} to the diagonal of every [k, k] block of a c-order [m, k*k] array, through
     * a strided view.
     */
    private static void addToDiagonal(INDArray flat, long k, double alpha) {
        if (alpha == 0.0) {
            return;
        }
        if (k == 1) {
            flat.addi(alpha);     // ND4J refuses a strided interval that covers a single column
        } else {
            flat.get(NDArrayIndex.all(), NDArrayIndex.interval(0, k + 1, k * k)).addi(alpha);
        }
    }

    /** The failure path of {@link #of}: the first column holding NaN, an infinity or a negative value. */
    private static long firstBadColumn(INDArray curv) {
        double[] sums = curv.sum(0).castTo(DataType.DOUBLE).toDoubleVector();
        double[] mins = curv.min(0).castTo(DataType.DOUBLE).toDoubleVector();
        for (int i = 0; i < sums.length; i++) {
            if (!Double.isFinite(sums[i]) || !(mins[i] >= 0)) {
                return i;
            }
        }
        return -1;
    }

    private static void checkAlpha(double alpha, boolean zeroAllowed) {
        if (!(zeroAllowed ? alpha >= 0 : alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("damping alpha must be finite and " + (zeroAllowed ? ">= 0" : "> 0")
                    + ", got " + alpha);
        }
    }

    private static String shape(INDArray a) {
        return a == null ? "null" : Arrays.toString(a.shape());
    }
}
