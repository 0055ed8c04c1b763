package org.nrws.cuda;

import java.util.Locale;
import org.nrws.solver.SolverPath;

/**
 * The device memory of one layer's refresh, checked before anything is allocated.
 *
 * <p>Both paths hold U [N, d], C [N, m], the right-hand sides and the direction [d, m], the info
 * array and two pointer arrays, and the batch of m k x k blocks (kept between refreshes when the
 * factors are kept). The primal path adds the scratch {@code W = U^T diag(c_i)} of {@code chunk}
 * units at a time ([chunk, d, N]); the dual path adds the Gram matrix [N, N] and three [N, m]
 * vectors (S, R = U g, X). A reserve of {@value #RESERVE_BYTES} bytes is left for cuBLAS's and
 * cuSOLVER's own workspaces, and only {@value #USABLE_PERCENT}% of the free memory is planned.
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
     * @return the bytes of the block batch alone ({@code m k^2} elements)
     */
    public long blockBytes() {
        int k = path == SolverPath.PRIMAL ? d : n;
        return (long) m * k * k * elementBytes;
    }

    /**
     * Plans a refresh, with as many primal units per chunk as fit.
     *
     * @param path         the path
     * @param n            N
     * @param d            d
     * @param m            m
     * @param elementBytes 8 (float64) or 4 (float32)
     * @param freeBytes    the device's free memory (cudaMemGetInfo), or -1 when unknown (no check)
     * @param context      the layer and path, for the message, e.g. {@code "layer q0 (primal)"}
     * @param device       the device's name, for the message
     * @return the plan
     * @throws DeviceMemoryException when even one unit at a time does not fit
     */
    public static MemoryPlan of(SolverPath path, int n, int d, int m, int elementBytes, long freeBytes, String context,
                                String device) {
        long eb = elementBytes;
        long common = eb * ((long) n * d + (long) n * m + 2L * d * m) + 4L * m + 2L * 8 * m;
        int k = path == SolverPath.PRIMAL ? d : n;
        long blocks = eb * m * (long) k * k;
        long budget = freeBytes < 0 ? Long.MAX_VALUE : freeBytes / 100 * USABLE_PERCENT - RESERVE_BYTES;
        if (path == SolverPath.DUAL) {
            long total = common + blocks + eb * ((long) n * n + 3L * n * m);
            if (total > budget) {
                throw tooBig(context, device, total, freeBytes, path, m, k, elementBytes);
            }
            return new MemoryPlan(path, n, d, m, elementBytes, m, total);
        }
        long perUnit = eb * n * (long) d;
        long fixed = common + blocks;
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
