package org.nrws.solver;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nrws.backend.ByteSizes;
import org.nrws.backend.InsufficientMemoryException;
import org.nrws.backend.MemoryProbe;
import org.nrws.host.Precision;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.ParameterLayout;
import org.nrws.model.SigmoidLayer;

/**
 * Bytes of one layer's damped Fisher system as the chosen solver holds them, and an early check that
 * they fit (see {@code docs/architecture.md}). The path of every layer is {@link PathRule}'s, with
 * the layer's own N ({@link ParameterLayout#fisherRows}). The fused solver ({@link #fused}) holds
 * its buffers, one scratch per thread and, with a refresh interval above 1, every unit's factor; the
 * tensor solver ({@link #primal}, {@link #dual}) builds the whole [m, k, k] tensor. The table below is
 * the tensor solver's. Pure functions except {@link #check(LayerEstimate, MemoryProbe)}, which reads a probe.
 *
 * <p>Notation: a layer has {@code m} units, blocks of size {@code d = n_parents + 1}, and the
 * Fisher is estimated from {@code N = B * K} samples; {@code e} is the element size (8 bytes for
 * float64, 4 for float32). Sizes are decimal (1 GB = 10^9 bytes).
 *
 * <pre>
 * primal  blocks alpha I + U^T C_i U    [m, d, d]   m d^2 e     (the dominant term: m*d^2*8 bytes in float64)
 *         right-hand sides g_i          [m, d, 1]   m d e
 *         inputs U                      [N, d]      N d e
 *         coefficients c = pi (1 - pi)  [N, m]      N m e
 *         solver bookkeeping                        20 m        (two device pointer arrays of 8 bytes, int info)
 *         builder scratch                           given by the caller (see {@link #scaledInputScratch})
 *
 * dual    M_i = alpha I + S_i U U^T S_i  [m, N, N]  m N^2 e     (the dominant term: m*N^2*8 bytes in float64)
 *         Gram U U^T (shared)            [N, N]     N^2 e
 *         right-hand sides S_i U g_i     [m, N, 1]  m N e
 *         inputs U                       [N, d]     N d e
 *         coefficients c                 [N, m]     N m e
 *         gradient and result            [m, d]     m d e
 *         solver bookkeeping                        20 m
 *         builder scratch                           given by the caller
 * </pre>
 *
 * Example: q0 of MNIST 784-200-200-10 has m = 200, d = 785; its primal blocks take
 * 200 * 785^2 * 8 = 0.99 GB in float64, whatever the batch. At B = 1024, K = 10 (N = 10240) its
 * dual matrices would take 200 * 10240^2 * 8 = 168 GB, which is why large batches take the primal
 * path. A builder that scales U by sqrt(c_i) for all m units at once needs another
 * [m, N, d] = 12.9 GB for q0 at that batch: it must work in chunks of units
 * ({@link #maxUnitsPerChunk}).
 *
 * <p>{@link #check} fails when the total exceeds {@value #DEFAULT_HEADROOM} of the free memory: the
 * rest is left for cuSOLVER/cuBLAS internals, ND4J's own buffers and fragmentation.
 */
public final class MemoryBudget {

    /** Fraction of the free memory a layer may use. */
    public static final double DEFAULT_HEADROOM = 0.9;

    /** Part name of the factored tensor. */
    public static final String PART_BLOCKS = "blocks";
    /** Part name of the dual path's shared Gram matrix. */
    public static final String PART_GRAM = "gram";
    /** Part name of the right-hand sides. */
    public static final String PART_RHS = "rhs";
    /** Part name of the layer inputs U. */
    public static final String PART_INPUTS = "inputs";
    /** Part name of the per-sample, per-unit coefficients. */
    public static final String PART_COEFFICIENTS = "coefficients";
    /** Part name of the dual path's gradient and result. */
    public static final String PART_GRADIENT = "gradient";
    /** Part name of the batched solver's pointer and info arrays. */
    public static final String PART_SOLVER = "solver";
    /** Part name of the builder's scratch. */
    public static final String PART_SCRATCH = "scratch";

    /** Bytes of solver bookkeeping per unit: two 8-byte device pointers and a 4-byte info. */
    public static final long SOLVER_BYTES_PER_UNIT = 2 * 8 + 4;

    private MemoryBudget() {
    }

    /**
     * @param dtype FLOAT or DOUBLE
     * @return 4 or 8
     * @throws IllegalArgumentException for other types
     */
    public static long elementSize(DataType dtype) {
        if (dtype == DataType.DOUBLE) {
            return 8;
        }
        if (dtype == DataType.FLOAT) {
            return 4;
        }
        throw new IllegalArgumentException("the Fisher algebra runs in float64 or float32, got " + dtype);
    }

    /**
     * The tensor solver's primal memory.
     *
     * @param layer        the layer's name
     * @param m            units
     * @param d            block size
     * @param n            samples N
     * @param dtype        FLOAT or DOUBLE
     * @param scratchBytes the builder's extra scratch (&ge; 0)
     * @return the estimate
     */
    public static LayerEstimate primal(String layer, long m, long d, long n, DataType dtype, long scratchBytes) {
        checkDims(layer, m, d, n, scratchBytes);
        long e = elementSize(dtype);
        Map<String, Long> parts = new LinkedHashMap<>();
        parts.put(PART_BLOCKS, mul(m, d, d, e));
        parts.put(PART_RHS, mul(m, d, e));
        parts.put(PART_INPUTS, mul(n, d, e));
        parts.put(PART_COEFFICIENTS, mul(n, m, e));
        parts.put(PART_SOLVER, mul(m, SOLVER_BYTES_PER_UNIT));
        parts.put(PART_SCRATCH, scratchBytes);
        return new LayerEstimate(layer, SolverPath.PRIMAL, dtype, m, d, n, parts, SolverKind.TENSOR);
    }

    /**
     * The tensor solver's dual (Woodbury) memory.
     *
     * @param layer        the layer's name
     * @param m            units
     * @param d            block size
     * @param n            samples N
     * @param dtype        FLOAT or DOUBLE
     * @param scratchBytes the builder's extra scratch (&ge; 0)
     * @return the estimate
     */
    public static LayerEstimate dual(String layer, long m, long d, long n, DataType dtype, long scratchBytes) {
        checkDims(layer, m, d, n, scratchBytes);
        long e = elementSize(dtype);
        Map<String, Long> parts = new LinkedHashMap<>();
        parts.put(PART_BLOCKS, mul(m, n, n, e));
        parts.put(PART_GRAM, mul(n, n, e));
        parts.put(PART_RHS, mul(m, n, e));
        parts.put(PART_INPUTS, mul(n, d, e));
        parts.put(PART_COEFFICIENTS, mul(n, m, e));
        parts.put(PART_GRADIENT, mul(m, d, e));
        parts.put(PART_SOLVER, mul(m, SOLVER_BYTES_PER_UNIT));
        parts.put(PART_SCRATCH, scratchBytes);
        return new LayerEstimate(layer, SolverPath.DUAL, dtype, m, d, n, parts, SolverKind.TENSOR);
    }

    /**
     * The fused solver's estimate ({@link FusedEstimate#of}).
     *
     * @param layer   the layer's name
     * @param path    PRIMAL or DUAL
     * @param m       units
     * @param d       block size
     * @param n       samples N
     * @param options precision, refinement, kept factors
     * @param traces  the precision of the layer's inputs and gradients
     * @param threads the solver's threads
     * @return the estimate
     */
    public static LayerEstimate fused(String layer, SolverPath path, long m, long d, long n, SolverOptions options,
                                      Precision traces, int threads) {
        return FusedEstimate.of(layer, path, m, d, n, options, traces, threads);
    }

    /**
     * The tensor solver's estimate.
     *
     * @param layer        the layer's name
     * @param path         PRIMAL, DUAL, or AUTO ({@link PathRule#choose})
     * @param m            units
     * @param d            block size
     * @param n            samples N
     * @param dtype        FLOAT or DOUBLE
     * @param scratchBytes the builder's extra scratch (&ge; 0)
     * @return the estimate of that path
     */
    public static LayerEstimate estimate(String layer, SolverPath path, long m, long d, long n, DataType dtype,
                                         long scratchBytes) {
        SolverPath p = PathRule.resolve(path, n, d, m);
        return p == SolverPath.PRIMAL ? primal(layer, m, d, n, dtype, scratchBytes)
                : dual(layer, m, d, n, dtype, scratchBytes);
    }

    /**
     * Estimates for every layer of a machine (in parameter order, top prior included), for the
     * solver that runs: each layer's N is {@link ParameterLayout#fisherRows} (B distinct rows for q0
     * when K &gt; 1) and its path {@link PathRule#resolve}'s.
     *
     * @param machine the model (its data type is the type of the traces and gradients)
     * @param batch   B, data points per minibatch
     * @param samples K, samples per data point
     * @param kind    the solver that runs
     * @param options the solvers' options (precision, kept factors, path)
     * @param threads the fused solver's threads (each holds one scratch); ignored by the tensor solver
     * @return one estimate per layer
     */
    public static List<LayerEstimate> forMachine(HelmholtzMachine machine, int batch, int samples, SolverKind kind,
                                                 SolverOptions options, int threads) {
        return forMachine(machine, batch, samples, 0, kind, options, threads);
    }

    /**
     * Estimates for every layer of a machine whose Fisher blocks are estimated from at most
     * {@code fisherRows} rows per layer ({@link ParameterLayout#fisherRows(int, int, int, int, int)}).
     *
     * @param machine    the model
     * @param batch      B
     * @param samples    K
     * @param fisherRows the most rows of a layer's Fisher (0 = all)
     * @param kind       the solver that runs
     * @param options    the solvers' options
     * @param threads    the fused solver's threads
     * @return one estimate per layer
     */
    public static List<LayerEstimate> forMachine(HelmholtzMachine machine, int batch, int samples, int fisherRows,
                                                 SolverKind kind, SolverOptions options, int threads) {
        List<LayerEstimate> out = new ArrayList<>();
        List<SigmoidLayer> layers = machine.layers();
        Precision traces = machine.dataType() == DataType.DOUBLE ? Precision.F64 : Precision.F32;
        for (int i = 0; i < layers.size(); i++) {
            SigmoidLayer l = layers.get(i);
            long n = ParameterLayout.fisherRows(machine.depth(), i, batch, samples, fisherRows);
            long m = l.nOut();
            long d = l.blockSize();
            SolverPath p = PathRule.resolve(options.path(), n, d, m);
            if (kind == SolverKind.FUSED) {
                out.add(fused(l.name(), p, m, d, n, options, traces, threads));
            } else {
                DataType dtype = options.precision() == Precision.F64 ? DataType.DOUBLE : DataType.FLOAT;
                // the primal build's row-wise outer products, bounded by FisherBlocks' row chunking
                long scratch = p == SolverPath.PRIMAL
                        ? Math.min(n * d * d, FisherBlocks.PRIMAL_SCRATCH_ELEMENTS) * dtype.width() : 0;
                out.add(estimate(l.name(), p, m, d, n, dtype, scratch));
            }
        }
        return out;
    }

    /**
     * Scratch of a primal builder that forms {@code sqrt(c_i) * U} for {@code units} units at
     * once (a [units, N, d] tensor) and multiplies it by its transpose in one batched product.
     *
     * @param units units per chunk
     * @param n     samples N
     * @param d     block size
     * @param dtype FLOAT or DOUBLE
     * @return units * N * d * e bytes
     */
    public static long scaledInputScratch(long units, long n, long d, DataType dtype) {
        return mul(units, n, d, elementSize(dtype));
    }

    /**
     * The largest chunk of units whose per-unit scratch fits beside the rest of the estimate.
     *
     * @param base              the layer's estimate without scratch
     * @param scratchPerUnit    scratch bytes per unit of a chunk (e.g. N * d * e)
     * @param freeBytes         free bytes on the device
     * @param headroom          usable fraction of the free bytes, in (0, 1]
     * @return units per chunk, at most m, or 0 when not even one unit fits
     */
    public static long maxUnitsPerChunk(LayerEstimate base, long scratchPerUnit, long freeBytes, double headroom) {
        if (scratchPerUnit <= 0) {
            throw new IllegalArgumentException("scratch per unit must be > 0, got " + scratchPerUnit);
        }
        long room = usable(freeBytes, headroom) - base.totalBytes();
        if (room <= 0) {
            return 0;
        }
        return Math.min(base.m(), room / scratchPerUnit);
    }

    /**
     * Memory alive at once during a step.
     *
     * @param layers        the step's layer estimates
     * @param retainFactors true when factors are kept across updates (refresh interval &gt; 1): then
     *                      every tensor layer's factored tensor stays alive, plus the largest working
     *                      set; fused layers count whole, as their solvers hold their buffers
     * @return peak bytes
     */
    public static long stepPeak(Collection<LayerEstimate> layers, boolean retainFactors) {
        long held = 0;
        long max = 0;
        long factors = 0;
        for (LayerEstimate e : layers) {
            if (e.kind() == SolverKind.FUSED) {
                held = Math.addExact(held, e.totalBytes());     // a fused solver keeps its buffers between steps
                continue;
            }
            long others = e.totalBytes() - (retainFactors ? e.factorBytes() : 0);
            max = Math.max(max, others);
            factors = Math.addExact(factors, e.factorBytes());
        }
        return Math.addExact(held, retainFactors ? Math.addExact(max, factors) : max);
    }

    /**
     * Fails early when the layer does not fit in {@link #DEFAULT_HEADROOM} of the free memory.
     *
     * @param estimate   the layer's estimate
     * @param freeBytes  free bytes on the device; negative = unknown (no check)
     * @param memoryName what was measured, e.g. {@code "CUDA device 0 (NVIDIA A100)"}
     * @throws InsufficientMemoryException e.g. "layer q0 primal Fisher needs 3.9 GB of float64,
     *     CUDA device 0 has 2.0 GB free; lower the batch, use --fisher-dtype float32 or the dual path"
     */
    public static void check(LayerEstimate estimate, long freeBytes, String memoryName) {
        if (freeBytes < 0) {
            return;
        }
        long need = estimate.totalBytes();
        if (need > usable(freeBytes, DEFAULT_HEADROOM)) {
            throw new InsufficientMemoryException(MemoryMessage.of(estimate, freeBytes, memoryName), need, freeBytes);
        }
    }

    /**
     * {@link #check(LayerEstimate, long, String)} against a probe's free memory now.
     *
     * @param estimate the layer's estimate
     * @param probe    the device's probe
     */
    public static void check(LayerEstimate estimate, MemoryProbe probe) {
        check(estimate, probe.freeBytes(), probe.memoryName());
    }

    /**
     * Checks a whole step before it starts: every layer on its own (with the per-layer message of
     * {@link #check(LayerEstimate, long, String)}), then the step's peak ({@link #stepPeak}).
     *
     * @param layers        the step's layer estimates (e.g. {@link #forMachine})
     * @param retainFactors true when factors are kept across updates (refresh interval &gt; 1)
     * @param probe         the device's probe
     * @throws InsufficientMemoryException naming the first layer that does not fit, or the peak
     */
    public static void checkStep(Collection<LayerEstimate> layers, boolean retainFactors, MemoryProbe probe) {
        long free = probe.freeBytes();
        for (LayerEstimate e : layers) {
            check(e, free, probe.memoryName());
        }
        long peak = stepPeak(layers, retainFactors);
        if (free >= 0 && peak > usable(free, DEFAULT_HEADROOM)) {
            long factors = 0;
            for (LayerEstimate e : layers) {
                factors += e.factorBytes();
            }
            throw new InsufficientMemoryException("the natural-gradient step needs " + humanBytes(peak) + " at once"
                    + (retainFactors ? " (the factors of all layers, " + humanBytes(factors)
                    + ", are kept between refreshes)" : "") + ", " + probe.memoryName() + " has " + humanBytes(free)
                    + " free (" + Math.round(DEFAULT_HEADROOM * 100) + "% usable); lower the batch, use --fisher-dtype "
                    + "float32" + (retainFactors ? " or refresh every update" : ""), peak, free);
        }
    }

    /**
     * @param bytes a byte count
     * @return e.g. {@code "3.9 GB"}, {@code "512 B"}; decimal units; {@code "unknown"} when negative
     */
    public static String humanBytes(long bytes) {
        return ByteSizes.human(bytes);
    }

    /**
     * @param path PRIMAL or DUAL
     * @return {@code "primal"} or {@code "dual"}
     */
    static String pathName(SolverPath path) {
        return path.name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param dtype FLOAT or DOUBLE
     * @return {@code "float32"} or {@code "float64"}
     */
    static String typeName(DataType dtype) {
        return dtype == DataType.DOUBLE ? "float64" : dtype == DataType.FLOAT ? "float32" : dtype.toString();
    }

    private static long usable(long freeBytes, double headroom) {
        if (!(headroom > 0 && headroom <= 1)) {
            throw new IllegalArgumentException("headroom must be in (0, 1], got " + headroom);
        }
        return (long) Math.floor(freeBytes * headroom);
    }

    private static void checkDims(String layer, long m, long d, long n, long scratch) {
        if (m < 1 || d < 1 || n < 1 || scratch < 0) {
            throw new IllegalArgumentException("layer " + layer + ": need m, d, N >= 1 and scratch >= 0, got m=" + m
                    + " d=" + d + " N=" + n + " scratch=" + scratch);
        }
    }

    private static long mul(long... factors) {
        long p = 1;
        for (long f : factors) {
            p = Math.multiplyExact(p, f);
        }
        return p;
    }
}
