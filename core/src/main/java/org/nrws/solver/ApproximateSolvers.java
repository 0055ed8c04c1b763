package org.nrws.solver;

import org.nrws.host.Blas;
import org.nrws.host.HostMatrix;
import org.nrws.host.Lapack;
import org.nrws.host.Precision;
import org.nrws.linalg.NotPositiveDefiniteException;

/**
 * The approximate natural-gradient solvers of the ablation ({@link Approximation}), behind the same
 * {@link NaturalGradientSolver} interface as the exact ones, and their factory.
 */
public final class ApproximateSolvers {

    private ApproximateSolvers() {
    }

    /**
     * @param approximation KFAC, FOOF or DIAGONAL (EXACT and NONE are not approximations of this kind)
     * @param options       K-FAC's damping and running averages (also FOOF's averages)
     * @return the factory
     */
    public static SolverFactory factory(Approximation approximation, KfacOptions options) {
        return new SolverFactory() {
            @Override
            public NaturalGradientSolver create(String layer, SolverOptions ignored) {
                return switch (approximation) {
                    case KFAC -> new Kfac(layer, options);
                    case FOOF -> new Foof(layer, options);
                    case DIAGONAL -> new Diagonal(layer, options);
                    default -> throw new IllegalArgumentException(approximation.id() + " is not an approximate solver");
                };
            }

            @Override
            public String name() {
                return approximation.id() + (approximation == Approximation.KFAC && options.factoredDamping()
                        ? "(factored damping)" : "") + (options.decay() > 0 ? "(decay " + options.decay() + ")" : "");
            }
        };
    }

    /**
     * K-FAC: {@code F_i ~ E[c_i] A}. One symmetric eigendecomposition {@code A = Q diag(lambda) Q^T}
     * per refresh; then for every unit {@code (alpha I + E[c_i] A)^{-1} g_i = Q diag(1 / (alpha +
     * E[c_i] lambda_j)) Q^T g_i}, two GEMMs for the layer (or K-FAC's factored Tikhonov damping).
     * When the batch has fewer rows than A (N &lt; d, no running averages), A has rank at most N and
     * its eigenvectors with non-zero eigenvalues come from the N x N Gram matrix of
     * {@code V = diag(sqrt(w)) U}: {@code q_j = V^T y_j / sqrt(lambda_j)}; the solve is then
     * {@code (1/s) (g - Q_r diag(lambda / (lambda + s/e)) Q_r^T g)}, exact, at N^3 instead of d^3.
     */
    static final class Kfac extends FactorSolver {
        private HostMatrix qt;          // [r, d]: rows are eigenvectors of A (r = d, or the rank bound N)
        private double[] lambda;
        private boolean lowRank;
        private HostMatrix scaled;

        Kfac(String layer, KfacOptions options) {
            super(layer, options);
        }

        @Override
        void refreshInputs(LayerSamples s) {
            lowRank = s.rows() < s.blockSize() && options.decay() == 0;
            scaled = lowRank ? weightedInputs(s) : null;
        }

        @Override
        void prepare() {
            if (!lowRank) {
                int d = a.rows();
                qt = a.copy();
                HostMatrix l = HostMatrix.allocate(Precision.F64, d, 1);
                Lapack.syevd(qt, l);
                lambda = new double[d];
                for (int j = 0; j < d; j++) {
                    lambda[j] = Math.max(0, l.get(j));       // A is positive semi-definite; drop rounding below 0
                }
                return;
            }
            int n = scaled.rows();
            int d = scaled.cols();
            HostMatrix gram = HostMatrix.allocate(Precision.F64, n, n);
            Blas.syrk(true, false, 1.0, scaled, 0.0, gram);              // V V^T, upper
            HostMatrix l = HostMatrix.allocate(Precision.F64, n, 1);
            Lapack.syevd(gram, l);                                         // rows: y_j
            HostMatrix q = HostMatrix.allocate(Precision.F64, n, d);
            Blas.gemm(false, false, 1.0, gram, scaled, 0.0, q);            // row j: (V^T y_j)^T
            lambda = new double[n];
            for (int j = 0; j < n; j++) {
                double v = l.get(j);
                lambda[j] = v > 1e-12 * Math.max(1, l.get(n - 1)) ? v : 0;
                double norm = lambda[j] > 0 ? 1 / Math.sqrt(lambda[j]) : 0;
                for (int k = 0; k < d; k++) {
                    q.set(j, k, q.get(j, k) * norm);                       // q_j = V^T y_j / sqrt(lambda_j)
                }
            }
            qt = q;
        }

        @Override
        HostMatrix apply(HostMatrix g) {
            int d = a.rows();
            int m = e.cols();
            int r = qt.rows();
            HostMatrix t = HostMatrix.allocate(Precision.F64, r, m);
            Blas.gemm(false, false, 1.0, qt, g, 0.0, t);                   // Q^T g
            double pi = 1;
            double gamma = Math.sqrt(alpha);
            if (options.factoredDamping()) {
                double trA = 0;
                for (int j = 0; j < d; j++) {
                    trA += a.get(j, j);
                }
                double meanE = 0;
                for (int i = 0; i < m; i++) {
                    meanE += e.get(0, i) / m;
                }
                pi = meanE > 0 && trA > 0 ? Math.sqrt((trA / d) / meanE) : 1;
            }
            for (int j = 0; j < r; j++) {
                for (int i = 0; i < m; i++) {
                    double ei = e.get(0, i);
                    double v;
                    if (!lowRank) {
                        v = options.factoredDamping() ? 1 / ((lambda[j] + pi * gamma) * (ei + gamma / pi))
                                : 1 / (alpha + ei * lambda[j]);
                    } else {
                        // (s I + c A)^{-1} = (1/s) (I - Q diag(c lambda / (s + c lambda)) Q^T)
                        double sShift = options.factoredDamping() ? pi * gamma : alpha;
                        double c = options.factoredDamping() ? 1 : ei;
                        v = c * lambda[j] / (sShift + c * lambda[j]);
                    }
                    t.set(j, i, t.get(j, i) * v);
                }
            }
            HostMatrix out = HostMatrix.allocate(Precision.F64, d, m);
            if (!lowRank) {
                Blas.gemm(true, false, 1.0, qt, t, 0.0, out);             // Q (...)
                return out;
            }
            out.copyFrom(g);
            Blas.gemm(true, false, -1.0, qt, t, 1.0, out);                // g - Q (...)
            for (int i = 0; i < m; i++) {
                double scale = options.factoredDamping() ? 1 / (pi * gamma * (e.get(0, i) + gamma / pi)) : 1 / alpha;
                for (int j = 0; j < d; j++) {
                    out.set(j, i, out.get(j, i) * scale);
                }
            }
            return out;
        }

        @Override
        public String name() {
            return "kfac";
        }
    }

    /** FOOF: {@code (alpha I + A)^{-1} g_i} for every unit: one Cholesky per refresh, all units solved at once. */
    static final class Foof extends FactorSolver {
        private HostMatrix factor;

        Foof(String layer, KfacOptions options) {
            super(layer, options);
        }

        @Override
        void prepare() {
            int d = a.rows();
            factor = a.copy();
            for (int j = 0; j < d; j++) {
                factor.set(j, j, factor.get(j, j) + alpha);
            }
            int info = Lapack.potrf(factor);
            if (info != 0) {
                throw new NotPositiveDefiniteException("layer " + layer + " (foof)", 0,
                        "leading minor " + info + " of alpha I + A is not positive");
            }
        }

        @Override
        HostMatrix apply(HostMatrix g) {
            int d = a.rows();
            int m = e.cols();
            HostMatrix rows = HostMatrix.allocate(Precision.F64, m, d);       // one right-hand side per unit
            for (int j = 0; j < d; j++) {
                for (int i = 0; i < m; i++) {
                    rows.set(i, j, g.get(j, i));
                }
            }
            Lapack.potrsRows(factor, rows);
            HostMatrix out = HostMatrix.allocate(Precision.F64, d, m);
            for (int j = 0; j < d; j++) {
                for (int i = 0; i < m; i++) {
                    out.set(j, i, rows.get(i, j));
                }
            }
            return out;
        }

        @Override
        public String name() {
            return "foof";
        }
    }

    /** The diagonal Fisher: {@code diag(F_i)_jj = sum_n c_{n,i} u_{n,j}^2}, one GEMM per refresh. */
    static final class Diagonal extends FactorSolver {
        private HostMatrix diag;
        private HostMatrix squares;
        private HostMatrix curv;

        Diagonal(String layer, KfacOptions options) {
            super(layer, options);
        }

        @Override
        void refreshInputs(LayerSamples s) {
            int n = s.rows();
            int d = s.blockSize();
            squares = HostMatrix.allocate(Precision.F64, n, d);
            double[] row = new double[d];
            for (int r = 0; r < n; r++) {
                s.inputs().getRow(r, row);
                for (int j = 0; j < d; j++) {
                    row[j] *= row[j];
                }
                squares.setRow(r, row);
            }
            curv = HostMatrix.allocate(Precision.F64, n, s.units()).copyFrom(s.curvatures());
        }

        @Override
        void prepare() {
            diag = HostMatrix.allocate(Precision.F64, squares.cols(), curv.cols());
            Blas.gemm(true, false, 1.0, squares, curv, 0.0, diag);        // sum_n c_{n,i} u_{n,j}^2
        }

        @Override
        HostMatrix apply(HostMatrix g) {
            for (int j = 0; j < g.rows(); j++) {
                for (int i = 0; i < g.cols(); i++) {
                    g.set(j, i, g.get(j, i) / (alpha + diag.get(j, i)));
                }
            }
            return g;
        }

        @Override
        public String name() {
            return "diagonal";
        }
    }
}
