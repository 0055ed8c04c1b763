package org.nrws.solver;

import org.nrws.host.Blas;
import org.nrws.host.HostMatrix;
import org.nrws.host.Lapack;
import org.nrws.host.Phases;
import org.nrws.host.Precision;

/**
 * The dual (symmetric Woodbury) path of docs/math.md section 4.3, one neuron at a time:
 * {@code (alpha I + U^T S_i^2 U)^{-1} g = (1/alpha) [g - U^T S_i M_i^{-1} S_i U g]} with
 * {@code M_i = alpha I + S_i (U U^T) S_i} and {@code S_i = diag(sqrt(c_{., i}))}. Shared by the
 * layer: the Gram matrix {@code G = U U^T} (upper triangle), the scales {@code S} [m, N] and
 * {@code R = U g} [N, m]; per neuron: the upper triangle of {@code M_i} (built in the thread's
 * scratch, {@link #build}), its Cholesky factor, and {@code X_{., i} = S_i M_i^{-1} S_i R_{., i}};
 * finally one GEMM, {@code direction = (1 + alpha)/alpha (g - U^T X)}.
 */
final class DualSystems extends UnitSystems {

    private HostMatrix gram;
    private HostMatrix scales;
    private HostMatrix r;
    private double[] gramArray = new double[0];
    private double[] scaleArray = new double[0];

    /** @return bytes of the float64 heap copies of the Gram matrix and the scales */
    long heapBytes() {
        return 8L * (gramArray.length + scaleArray.length);
    }

    DualSystems(CpuFusedSolver solver) {
        super(solver);
    }

    @Override
    void prepare(HostMatrix inputs, HostMatrix curvatures) {
        u = inputs;
        c = curvatures;
        int n = u.rows();
        int m = c.cols();
        gram = solver.buffer("G", solver.algebra(), n, n);
        Blas.syrk(true, false, 1.0, u, 0.0, gram);
        scales = solver.buffer("S", solver.algebra(), m, n);
        HostMatrix cc = c;
        HostMatrix ss = scales;
        if (gramArray.length < n * n) {
            gramArray = new double[n * n];
        }
        if (scaleArray.length < m * n) {
            scaleArray = new double[m * n];
        }
        double[] sa = scaleArray;
        double[] ga = gramArray;
        solver.pool().forRange(m, (i0, i1, t) -> {
            for (int i = i0; i < i1; i++) {
                for (int a = 0; a < n; a++) {
                    double v = Math.sqrt(cc.get(a * cc.ld() + i));
                    ss.set(i * ss.ld() + a, v);
                    sa[i * n + a] = ss.get(i * ss.ld() + a);     // as stored (rounded in float32)
                }
            }
        });
        for (int a = 0; a < n; a++) {
            for (int b = a; b < n; b++) {
                ga[a * n + b] = gram.get(a * gram.ld() + b);
            }
        }
    }

    /**
     * The upper triangle of {@code M_i = alpha I + S_i G S_i}: {@code M_ab = s_a s_b G_ab}, plus
     * alpha on the diagonal. The hottest loop of the dual path (N^2/2 elements per neuron), written
     * once per precision on the raw buffer of the output (a virtual call per element would triple
     * its cost).
     *
     * @param gram   G, row-major [N, N], upper triangle read (not modified)
     * @param s      the scales, unit i's at offset {@code off} (not modified)
     * @param off    the offset of unit i's scales
     * @param n      N
     * @param alpha  the damping
     * @param out    [N, N] (modified: upper triangle)
     */
    static void build(double[] gram, double[] s, int off, int n, double alpha, HostMatrix out) {
        int ld = out.ld();
        if (out.precision() == Precision.F64) {
            java.nio.DoubleBuffer o = out.doubles();
            for (int a = 0; a < n; a++) {
                double sa = s[off + a];
                int g = a * n;
                int row = a * ld;
                o.put(row + a, sa * sa * gram[g + a] + alpha);
                for (int b = a + 1; b < n; b++) {
                    o.put(row + b, sa * s[off + b] * gram[g + b]);
                }
            }
        } else {
            java.nio.FloatBuffer o = out.floats();
            for (int a = 0; a < n; a++) {
                double sa = s[off + a];
                int g = a * n;
                int row = a * ld;
                o.put(row + a, (float) (sa * sa * gram[g + a] + alpha));
                for (int b = a + 1; b < n; b++) {
                    o.put(row + b, (float) (sa * s[off + b] * gram[g + b]));
                }
            }
        }
    }

    @Override
    String factor(int i, HostMatrix f, CpuFusedSolver.Scratch s) {
        long t0 = Phases.start();
        int n = u.rows();
        build(gramArray, scaleArray, i * n, n, alpha, f);   // computed in double, rounded when f is float32
        t0 = Phases.neuron(Phases.Phase.BUILD, t0);
        int info = Lapack.potrf(f);
        Phases.neuron(Phases.Phase.FACTOR, t0);
        return info == 0 ? null : "leading minor " + info + " is not positive";
    }

    @Override
    HostMatrix output(HostMatrix g) {
        int n = u.rows();
        int m = c.cols();
        r = solver.buffer("R", solver.algebra(), n, m);
        Blas.gemm(solver.pool(), false, false, 1.0, u, g, 0.0, r);
        return solver.buffer("X", solver.algebra(), n, m);
    }

    @Override
    String solveUnit(int i, HostMatrix f, CpuFusedSolver.Scratch s, HostMatrix x) {
        int n = u.rows();
        long t0 = Phases.start();
        double[] si = scaleArray;
        int off = i * n;
        HostMatrix y = s.y;
        for (int a = 0; a < n; a++) {
            y.set(a, si[off + a] * r.get(a * r.ld() + i));          // b = S_i R_i
        }
        if (solver.options().refine()) {
            refine(f, si, off, y, s);
        } else {
            Lapack.potrs(f, y);
        }
        String err = CpuFusedSolver.finite(y);
        if (err != null) {
            return err;
        }
        for (int a = 0; a < n; a++) {
            x.set(a * x.ld() + i, si[off + a] * y.get(a));          // X_i = S_i M_i^{-1} b
        }
        Phases.neuron(Phases.Phase.SOLVE, t0);
        return null;
    }

    /**
     * Mixed precision: {@code y0 = M^{-1} b} with the float32 factor, then one refinement step with
     * the float64 residual {@code b - M y0}, where {@code M y0 = alpha y0 + S (G (S y0))}.
     *
     * @param b [N, 1] right-hand side (modified: the refined solution)
     */
    private void refine(HostMatrix f, double[] si, int off, HostMatrix b, CpuFusedSolver.Scratch s) {
        int n = u.rows();
        HostMatrix low = s.low;
        HostMatrix y0 = s.t.rowBlock(0, n);
        HostMatrix sy = s.t2.rowBlock(0, n);
        HostMatrix gsy = s.t3.rowBlock(0, n);
        low.copyFrom(b);
        Lapack.potrs(f, low);                                        // y0, float32 solve
        for (int a = 0; a < n; a++) {
            y0.set(a, low.get(a));
            sy.set(a, si[off + a] * low.get(a));                     // S y0
        }
        Blas.symvUpper(1.0, gram, sy, 0.0, gsy);                      // G S y0
        for (int a = 0; a < n; a++) {
            b.set(a, b.get(a) - (alpha * y0.get(a) + si[off + a] * gsy.get(a)));   // residual b - M y0, float64
        }
        low.copyFrom(b);
        Lapack.potrs(f, low);                                        // correction
        for (int a = 0; a < n; a++) {
            b.set(a, y0.get(a) + low.get(a));
        }
    }

    @Override
    void finish(HostMatrix g, HostMatrix x, HostMatrix direction) {
        int d = u.cols();
        int m = c.cols();
        HostMatrix out = direction.precision() == solver.algebra() ? direction
                : solver.buffer("direction", solver.algebra(), d, m);
        out.copyFrom(g);
        Blas.gemm(solver.pool(), true, false, -1.0, u, x, 1.0, out);     // g - U^T X
        CpuFusedSolver.scaleInto(out, (1.0 + alpha) / alpha, direction);
    }
}
