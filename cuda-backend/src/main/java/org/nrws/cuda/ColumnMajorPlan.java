package org.nrws.cuda;

import static org.bytedeco.cuda.global.cublas.CUBLAS_DIAG_NON_UNIT;
import static org.bytedeco.cuda.global.cublas.CUBLAS_FILL_MODE_UPPER;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_N;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_T;
import static org.bytedeco.cuda.global.cublas.CUBLAS_SIDE_RIGHT;

import java.util.List;

/**
 * How the row-major (c-order) batches of {@link org.nrws.linalg.BatchedCholesky} map onto the
 * column-major cuSOLVER/cuBLAS routines, with no transposition and no copy.
 *
 * <p><b>Factor.</b> The memory of a c-order n x n slice A, read column-major with lda = n, is
 * A^T, which is A because A is symmetric; its column-major upper triangle is the row-major lower
 * triangle. {@code potrfBatched(uplo = CUBLAS_FILL_MODE_UPPER)} computes A = U^T U reading and
 * writing only that triangle, so afterwards the row-major view holds L = U^T in its lower triangle
 * with A = L L^T, as the interface requires. The row-major strict upper triangle (column-major
 * strict lower) is neither read nor written.
 *
 * <p><b>Solve.</b> A c-order [n, r] right-hand side B, read column-major with ldb = r, is the
 * r x n matrix B^T. Because A^{-1} is symmetric, X = A^{-1} B is equivalent to
 * X^T = B^T A^{-1} = B^T U^{-1} U^{-T}: two batched triangular solves from the right,
 * {@code trsmBatched(side = RIGHT, uplo = UPPER, trans = N)} then {@code (trans = T)}, on the
 * same factor pointers, leave X^T column-major, i.e. X in c-order, in place.
 *
 * <p><b>Why cuBLAS trsmBatched rather than cuSOLVER potrsBatched:</b> in CUDA 11
 * {@code cusolverDn<t>potrsBatched} accepts nrhs = 1 only, and its right-hand side must be a
 * contiguous column, which a c-order [n, r] block is not for r &gt; 1. Looping over the r columns
 * would need a transposed copy of B and r calls. The two {@code trsmBatched} calls take any r,
 * work in place on the c-order layout, and do the same flops (2 n^2 r per slice).
 * {@code potrsBatched}'s info output reports only invalid arguments, which cuBLAS reports through
 * its status instead.
 */
public final class ColumnMajorPlan {

    /** The cuSOLVER {@code uplo} of the factorisation (column-major upper = row-major lower). */
    public static final int POTRF_UPLO = CUBLAS_FILL_MODE_UPPER;

    private ColumnMajorPlan() {
    }

    /**
     * One {@code cublas{S,D}trsmBatched} call, column-major, solving {@code X op(A) = alpha B} (side
     * right) in place in B.
     *
     * @param side  {@code CUBLAS_SIDE_RIGHT}
     * @param uplo  {@code CUBLAS_FILL_MODE_UPPER}
     * @param trans {@code CUBLAS_OP_N} or {@code CUBLAS_OP_T}
     * @param diag  {@code CUBLAS_DIAG_NON_UNIT}
     * @param m     rows of the column-major B (= r)
     * @param n     columns of the column-major B (= the slice order n)
     * @param lda   leading dimension of A (= n)
     * @param ldb   leading dimension of B (= r)
     */
    public record TrsmCall(int side, int uplo, int trans, int diag, int m, int n, int lda, int ldb) {
    }

    /**
     * @param n slice order (&ge; 1)
     * @return the leading dimension of the factor: n
     */
    public static int lda(int n) {
        requirePositive("n", n);
        return n;
    }

    /**
     * @param n slice order (&ge; 1)
     * @param r right-hand sides per slice (&ge; 1)
     * @return the two trsm calls of a solve, in order
     */
    public static List<TrsmCall> solve(int n, int r) {
        requirePositive("n", n);
        requirePositive("r", r);
        return List.of(
                new TrsmCall(CUBLAS_SIDE_RIGHT, CUBLAS_FILL_MODE_UPPER, CUBLAS_OP_N, CUBLAS_DIAG_NON_UNIT, r, n, n, r),
                new TrsmCall(CUBLAS_SIDE_RIGHT, CUBLAS_FILL_MODE_UPPER, CUBLAS_OP_T, CUBLAS_DIAG_NON_UNIT, r, n, n, r));
    }

    private static void requirePositive(String what, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(what + " must be >= 1, got " + v);
        }
    }
}
