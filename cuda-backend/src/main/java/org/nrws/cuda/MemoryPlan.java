package org.nrws.cuda;

import java.util.Locale;
import org.nrws.solver.SolverPath;

/**
 * The device memory of one layer's refresh, every allocation that {@link FisherAlgorithm} and its
 * {@link DeviceOps} make, checked before anything is allocated. In elements of the precision:
 * <ul>
 *   <li>both paths: U [N, d], the m k x k blocks (k = d primal, N dual), the diagonals of the
 *       factors [m, k] ({@link FactorCheck#diagonals});</li>
 *   <li>primal: C [N, m], the scratch {@code W = U^T diag(c_i)} of {@code chunk} units
 *       ([chunk, d, N]), the ones [d] of the damping, the right-hand sides X [d, m];</li>
 *   <li>dual: S, R = U g, Y = S R and X = S Y (four [N, m]), the Gram matrix G [N, N], the
 *       gradient and the output (two [d, m]);</li>
 *   <li>transient, the larger of: the workspace of the blocked {@code potrf} for blocks of order
 *       above {@value #LARGE_ORDER} (planned as {@link #workspaceElements k^2}), and, on the dual
 *       path without the NVRTC kernel, the cuBLAS build's [N, N] temporary and ones [N].</li>
 * </ul>
 * Plus, in bytes, the info array (4 m) and, for blocks of order up to {@value #LARGE_ORDER}, the
 * two arrays of m device pointers of the batched calls (16 m). The buffers are kept between
 * refreshes, so the plan is the peak of two refreshes. A reserve of {@value #RESERVE_BYTES} bytes
 * is left for cuBLAS's and cuSOLVER's own handles, and only {@value #USABLE_PERCENT}% of the free
 * memory is planned.
 *
 * @param path         the path
 * @param n            N
 * @param d            d
 * @param m            m
 * @param elementBytes 8 or 4
 * @param chunk        primal: units whose W is built at once (1..m); dual: m
 * @param bytes        the total planned
 */
public record MemoryPlan(SolverPath path, int n, int d, int m, int elementBytes, int chunk, long bytes) {

    /** Bytes kept free for the libraries' workspaces. */
    public static final long RESERVE_BYTES = 256L << 20;
    /** The share of the free memory that is planned. */
    public static final int USABLE_PERCENT = 90;
    /**
     * Blocks of a larger order are factored and solved one at a time with the blocked
     * {@code potrf}/{@code potrs} (which use the whole device for one matrix); smaller ones in one
     * {@code potrfBatched}/{@code potrsBatched} call.
     */
    public static final int LARGE_ORDER = 256;

    /**
     * @return the bytes of the block batch alone ({@code m k^2} elements)
     */
    public long blockBytes() {
        int k = path == SolverPath.PRIMAL ? d : n;
        return (long) m * k * k * elementBytes;
    }

    /**
     * @param k the order of the blocks
     * @return the elements planned for the blocked potrf's workspace: k^2 above {@link #LARGE_ORDER}, else 0
     */
    public static long workspaceElements(int k) {
        return k > LARGE_ORDER ? (long) k * k : 0;
    }

    /**
     * Plans a refresh, with as many primal units per chunk as fit.
     *
     * @param path         the path
     * @param n            N
     * @param d            d
     * @param m            m
     * @param elementBytes 8 (float64) or 4 (float32)
     * @param dualKernel   whether the dual blocks are built by the NVRTC kernel (else the cuBLAS
     *                     build and its temporaries)
     * @param freeBytes    the memory available to this layer (cudaMemGetInfo plus the layer's own
     *                     buffers), or -1 when unknown (no check)
     * @param context      the layer and path, for the message, e.g. {@code "layer q0 (primal)"}
     * @param device       the device's name, for the message
     * @return the plan
     * @throws DeviceMemoryException when even one unit at a time does not fit
     */
    public static MemoryPlan of(SolverPath path, int n, int d, int m, int elementBytes, boolean dualKernel,
                                long freeBytes, String context, String device) {
        long eb = elementBytes;
        boolean primal = path == SolverPath.PRIMAL;
        int k = primal ? d : n;
        long nd = (long) n * d;
        long nm = (long) n * m;
        long dm = (long) d * m;
        long both = nd + (long) m * k * k + (long) k * m;
        long own = primal ? nm + d + dm : 4 * nm + (long) n * n + 2 * dm;
        long scratch = Math.max(workspaceElements(k), primal || dualKernel ? 0 : (long) n * n + n);
        long aux = 4L * m + (k > LARGE_ORDER ? 0 : 16L * m);
        long fixed = eb * (both + own + scratch) + aux;
        long budget = freeBytes < 0 ? Long.MAX_VALUE : freeBytes / 100 * USABLE_PERCENT - RESERVE_BYTES;
        if (!primal) {
            if (fixed > budget) {
                throw tooBig(context, device, fixed, freeBytes, path, m, k, elementBytes);
            }
            return new MemoryPlan(path, n, d, m, elementBytes, m, fixed);
        }
        long perUnit = eb * nd;
        int chunk = m;
        if (fixed + perUnit * chunk > budget) {
            long fit = (budget - fixed) / perUnit;
            if (fit < 1) {
                throw tooBig(context, device, fixed + perUnit, freeBytes, path, m, k, elementBytes);
            }
            chunk = (int) Math.min(m, fit);
        }
        return new MemoryPlan(path, n, d, m, elementBytes, chunk, fixed + perUnit * chunk);
    }

    private static DeviceMemoryException tooBig(String context, String device, long need, long free, SolverPath path,
                                                 int m, int k, int eb) {
        return new DeviceMemoryException(String.format(Locale.ROOT, "%s: needs %s of device memory (%d blocks of %d x %d %s"
                + " = %s, plus inputs and scratch) but %s has %s free, of which %d%% less %s is planned; use float32, a"
                + " smaller batch, or the CPU (--backend cpu)", context, gib(need), m, k, k, eb == 8 ? "float64" : "float32",
                gib((long) m * k * k * eb), device, gib(free), USABLE_PERCENT, gib(RESERVE_BYTES)));
    }

    /**
     * @param bytes a size
     * @return e.g. {@code "1.23 GiB"}
     */
    public static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
    }
}
