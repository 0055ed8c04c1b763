package org.nrws.solver;

import org.nrws.host.HostMatrix;
import org.nrws.linalg.NotPositiveDefiniteException;

/**
 * Solves one layer's damped natural-gradient system: for every unit i,
 * {@code direction_i = (1 + alpha) (alpha I + F_i)^{-1} g_i} with
 * {@code F_i = sum_n c_{n,i} u_n u_n^T} (docs/math.md sections 3 and 4). Columns are units, in the [d, m]
 * layout of the layer's parameters.
 *
 * <p>{@link #refresh} builds and factors every unit's system from the samples and solves for the
 * given gradient; {@link #solve} reuses the factors of the last refresh (the refresh interval of
 * docs/math.md section 4.6), which an implementation keeps only when it was created to
 * ({@link SolverOptions#keepFactors()}). Failures name the layer, the path and the unit. An
 * implementation is used by one thread at a time and may keep scratch between calls.
 */
public interface NaturalGradientSolver extends AutoCloseable {

    /**
     * Builds, factors and solves.
     *
     * @param samples   the layer's inputs and curvatures (not modified; not kept after the call)
     * @param alpha     the damping, &gt; 0
     * @param gradient  [d, m] gradient (not modified)
     * @param direction [d, m] output (modified); may not alias {@code gradient}
     * @throws NotPositiveDefiniteException naming the layer, path and unit of a
     *                                                      system that cannot be factored
     */
    void refresh(LayerSamples samples, double alpha, HostMatrix gradient, HostMatrix direction);

    /**
     * Solves for a new gradient with the factors, samples and alpha of the last refresh.
     *
     * @param gradient  [d, m] gradient (not modified)
     * @param direction [d, m] output (modified)
     * @throws IllegalStateException when no factors are kept
     */
    void solve(HostMatrix gradient, HostMatrix direction);

    /** @return true when {@link #solve} can be called */
    boolean hasFactors();

    /** @return the path of the last refresh, or null before the first */
    SolverPath lastPath();

    /** @return a short name for logs and provenance, e.g. {@code "cpu-fused(float64)"} */
    String name();

    /** Releases scratch and factors (device memory for GPU implementations). */
    @Override
    void close();
}
