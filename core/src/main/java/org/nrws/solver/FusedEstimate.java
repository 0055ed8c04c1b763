package org.nrws.solver;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nrws.host.Precision;

/**
 * The bytes the fused CPU solver ({@link CpuFusedSolver}) of one layer holds after a refresh, part by
 * part, from the shapes alone (see {@code docs/architecture.md}). Notation: N samples, d block size,
 * m units, {@code k = N} (dual) or {@code d} (primal); {@code e_f} the factor's element size,
 * {@code e_a} the algebra's (float64 under mixed precision), T threads.
 * <pre>
 * blocks        kept factors, only with a refresh interval above 1   m k^2 e_f
 * curvatures    the preconditioner's weighted curvatures C           N m e_a
 * coefficients  a copy of C, kept with the factors                   N m e_a
 * inputs        a copy of U, kept, or in another precision           N d e_a
 * gradient      g (and the dual's direction) in another precision     d m e_a each
 * gram          dual: U U^T, and its float64 copy on the heap         N^2 (e_a + 8)
 * scales        dual: sqrt(c), and its float64 copy on the heap      m N (e_a + 8)
 * rhs           dual: R = U g and X                                  2 N m e_a; primal: out, d m e_a
 * scratch       per thread: factor k^2 e_f (+ k^2 e_a when mixed), V_i max(1, N) d e_a,
 *               vectors (k + 3 max(N, d)) e_a + k e_f                times T
 * </pre>
 */
public final class FusedEstimate {

    /** Part name of the fused solver's copy of the curvatures. */
    public static final String PART_CURVATURES = "curvatures";
    /** Part name of the dual path's scales. */
    public static final String PART_SCALES = "scales";

    private FusedEstimate() {
    }

    /**
     * @param layer   the layer's name
     * @param path    PRIMAL or DUAL (resolved)
     * @param m       units
     * @param d       block size
     * @param n       samples N of this layer
     * @param options precision, refinement, kept factors
     * @param traces  the precision of the layer's inputs and gradient (the machine's data type)
     * @param threads the solver's threads, each with one scratch
     * @return the estimate
     */
    public static LayerEstimate of(String layer, SolverPath path, long m, long d, long n, SolverOptions options,
                                   Precision traces, int threads) {
        if (path != SolverPath.PRIMAL && path != SolverPath.DUAL) {
            throw new IllegalArgumentException("layer " + layer + ": the fused estimate needs a resolved path, got " + path);
        }
        if (threads < 1 || m < 1 || d < 1 || n < 1) {
            throw new IllegalArgumentException("layer " + layer + ": need m, d, N, threads >= 1, got m=" + m + " d=" + d
                    + " N=" + n + " threads=" + threads);
        }
        Precision factor = options.precision();
        Precision algebra = options.refine() ? Precision.F64 : factor;
        long ef = factor.bytes();
        long ea = algebra.bytes();
        boolean dual = path == SolverPath.DUAL;
        long k = dual ? n : d;
        boolean keep = options.keepFactors();
        boolean convert = traces != algebra;
        Map<String, Long> parts = new LinkedHashMap<>();
        parts.put(MemoryBudget.PART_BLOCKS, keep ? m * k * k * ef : 0);
        parts.put(PART_CURVATURES, n * m * ea);
        parts.put(MemoryBudget.PART_COEFFICIENTS, keep ? n * m * ea : 0);
        parts.put(MemoryBudget.PART_INPUTS, keep || convert ? n * d * ea : 0);
        parts.put(MemoryBudget.PART_GRADIENT, convert ? (dual ? 2 : 1) * d * m * ea : 0);
        parts.put(MemoryBudget.PART_GRAM, dual ? n * n * (ea + 8) : 0);
        parts.put(PART_SCALES, dual ? m * n * (ea + 8) : 0);
        parts.put(MemoryBudget.PART_RHS, dual ? 2 * n * m * ea : d * m * ea);
        long perThread = k * k * ef + (factor != algebra ? k * k * ea : 0) + Math.max(1, n) * d * ea
                + (k + 3 * Math.max(n, d)) * ea + k * ef;
        parts.put(MemoryBudget.PART_SCRATCH, threads * perThread);
        parts.values().removeIf(v -> v == 0);
        DataType dtype = factor == Precision.F64 ? DataType.DOUBLE : DataType.FLOAT;
        return new LayerEstimate(layer, path, dtype, m, d, n, parts, SolverKind.FUSED);
    }
}
