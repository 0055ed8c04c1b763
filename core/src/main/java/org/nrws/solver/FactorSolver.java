package org.nrws.solver;

import org.nrws.host.Blas;
import org.nrws.host.HostMatrix;
import org.nrws.host.Precision;
import org.nrws.linalg.NotPositiveDefiniteException;

/**
 * What the approximate preconditioners share: the layer's input factor {@code A = sum_n w_n u_n
 * u_n^T} (upper triangle) and the mean curvatures {@code E[c_i] = sum_n c_{n,i}}, optionally as
 * running averages over refreshes ({@link KfacOptions#decay()}). The approximations work on d x d
 * and [d, m] arrays per layer, always in float64. The factors of the last refresh are always kept,
 * so {@link #solve} is always available after a refresh.
 */
abstract class FactorSolver implements NaturalGradientSolver {

    /** The layer's name, for messages. */
    final String layer;
    /** The options. */
    final KfacOptions options;
    /** A, upper triangle, [d, d]. */
    HostMatrix a;
    /** E[c], [1, m]. */
    HostMatrix e;
    /** The damping of the last refresh. */
    double alpha;
    private boolean refreshed;

    FactorSolver(String layer, KfacOptions options) {
        this.layer = layer;
        this.options = options;
    }

    /**
     * Updates {@link #a} and {@link #e} from the samples (as running averages when the decay is
     * above 0 and the shapes are unchanged).
     *
     * @param s the samples (not modified)
     */
    final void factors(LayerSamples s) {
        int n = s.rows();
        int d = s.blockSize();
        int m = s.units();
        HostMatrix scaled = weightedInputs(s);
        HostMatrix batchA = HostMatrix.allocate(Precision.F64, d, d);
        Blas.syrk(true, true, 1.0, scaled, 0.0, batchA);                // sum_n w_n u_n u_n^T
        HostMatrix batchE = HostMatrix.allocate(Precision.F64, 1, m);
        double[] c = new double[m];
        double[] sum = new double[m];
        for (int r = 0; r < n; r++) {
            s.curvatures().getRow(r, c);
            for (int i = 0; i < m; i++) {
                sum[i] += c[i];
            }
        }
        batchE.setRow(0, sum);
        boolean average = options.decay() > 0 && a != null && a.rows() == d && e.cols() == m;
        if (average) {
            double k = options.decay();
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    a.set(i, j, k * a.get(i, j) + (1 - k) * batchA.get(i, j));
                }
            }
            for (int i = 0; i < m; i++) {
                e.set(0, i, k * e.get(0, i) + (1 - k) * batchE.get(0, i));
            }
        } else {
            a = batchA;
            e = batchE;
        }
        for (int i = 0; i < m; i++) {
            if (!(e.get(0, i) >= 0) || Double.isInfinite(e.get(0, i))) {
                throw new NotPositiveDefiniteException("layer " + layer + " (" + name() + ")", i,
                        "its mean curvature is " + e.get(0, i));
            }
        }
    }

    /**
     * @param s the samples (not modified)
     * @return {@code V = diag(sqrt(w)) U}, so that {@code A = V^T V}
     */
    static HostMatrix weightedInputs(LayerSamples s) {
        int n = s.rows();
        int d = s.blockSize();
        HostMatrix scaled = HostMatrix.allocate(Precision.F64, n, d);
        double[] row = new double[d];
        for (int r = 0; r < n; r++) {
            s.inputs().getRow(r, row);
            double w = Math.sqrt(s.rowWeight(r));
            for (int j = 0; j < d; j++) {
                row[j] *= w;
            }
            scaled.setRow(r, row);
        }
        return scaled;
    }

    @Override
    public final void refresh(LayerSamples samples, double alpha, HostMatrix gradient, HostMatrix direction) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("layer " + layer + ": damping alpha must be finite and > 0, got " + alpha);
        }
        factors(samples);
        refreshInputs(samples);
        this.alpha = alpha;
        prepare();
        refreshed = true;
        solve(gradient, direction);
    }

    /**
     * Takes what an approximation needs from the samples beyond the factors (nothing by default).
     *
     * @param samples the samples (not modified; not kept)
     */
    void refreshInputs(LayerSamples samples) {
    }

    /** Factors what the approximation inverts, from {@link #a}, {@link #e} and {@link #alpha}. */
    abstract void prepare();

    @Override
    public final void solve(HostMatrix gradient, HostMatrix direction) {
        if (!refreshed) {
            throw new IllegalStateException("layer " + layer + ": refresh before solving");
        }
        int d = a.rows();
        int m = e.cols();
        if (gradient.rows() != d || gradient.cols() != m || direction.rows() != d || direction.cols() != m) {
            throw new IllegalArgumentException("layer " + layer + ": gradient and direction must be [" + d + ", " + m + "]");
        }
        HostMatrix g = HostMatrix.allocate(Precision.F64, d, m).copyFrom(gradient);
        HostMatrix out = apply(g);
        CpuFusedSolver.scaleInto(out, 1.0 + alpha, direction);
        String err = finite(direction);
        if (err != null) {
            throw new NotPositiveDefiniteException("layer " + layer + " (" + name() + ")", 0, err);
        }
    }

    /**
     * @param g the [d, m] gradient in float64 (may be modified)
     * @return {@code F~^{-1} g} (without the {@code 1 + alpha} factor), [d, m]
     */
    abstract HostMatrix apply(HostMatrix g);

    private static String finite(HostMatrix h) {
        for (int r = 0; r < h.rows(); r++) {
            for (int c = 0; c < h.cols(); c++) {
                if (!Double.isFinite(h.get(r, c))) {
                    return "the direction is not finite: the gradient holds NaN or infinity";
                }
            }
        }
        return null;
    }

    @Override
    public final boolean hasFactors() {
        return refreshed;
    }

    /** @return null: the approximations have no primal or dual path */
    @Override
    public final SolverPath lastPath() {
        return null;
    }

    @Override
    public void close() {
        a = null;
        e = null;
        refreshed = false;
    }
}
