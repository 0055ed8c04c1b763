package org.nrws.solver;

import org.nrws.host.Blas;
import org.nrws.host.HostMatrix;
import org.nrws.host.Lapack;
import org.nrws.host.Phases;

/**
 * The primal path of docs/math.md section 4.2, one neuron at a time: {@code V_i = S_i U} (row n of U scaled
 * by {@code sqrt(c_{n,i})}, in the thread's scratch), the upper triangle of
 * {@code F_i = alpha I + V_i^T V_i} by one SYRK, its Cholesky factor, and
 * {@code direction_i = (1 + alpha) F_i^{-1} g_i}. Nothing is shared between the units but U and C.
 */
final class PrimalSystems extends UnitSystems {

    private HostMatrix g;

    PrimalSystems(CpuFusedSolver solver) {
        super(solver);
    }

    @Override
    void prepare(HostMatrix inputs, HostMatrix curvatures) {
        u = inputs;
        c = curvatures;
    }

    /** Fills {@code v = S_i U} for unit i. */
    private void scaledInputs(int i, HostMatrix v) {
        int n = u.rows();
        int d = u.cols();
        for (int a = 0; a < n; a++) {
            double s = Math.sqrt(c.get(a * c.ld() + i));
            int ur = a * u.ld();
            int vr = a * v.ld();
            for (int j = 0; j < d; j++) {
                v.set(vr + j, s * u.get(ur + j));
            }
        }
    }

    @Override
    String factor(int i, HostMatrix f, CpuFusedSolver.Scratch s) {
        int d = u.cols();
        long t0 = Phases.start();
        scaledInputs(i, s.scaled);
        HostMatrix target = s.wide != null ? s.wide : f;
        Blas.syrk(true, true, 1.0, s.scaled, 0.0, target);             // V^T V, upper triangle
        for (int j = 0; j < d; j++) {
            int k = j * target.ld() + j;
            target.set(k, target.get(k) + alpha);
        }
        if (s.wide != null) {
            f.copyFrom(s.wide);            // mixed precision: round the float64 system to the float32 factor
        }
        t0 = Phases.neuron(Phases.Phase.BUILD, t0);
        int info = Lapack.potrf(f);
        Phases.neuron(Phases.Phase.FACTOR, t0);
        return info == 0 ? null : "leading minor " + info + " is not positive";
    }

    @Override
    HostMatrix output(HostMatrix gradient) {
        g = gradient;
        return solver.buffer("out", solver.algebra(), u.cols(), c.cols());
    }

    @Override
    String solveUnit(int i, HostMatrix f, CpuFusedSolver.Scratch s, HostMatrix out) {
        int d = u.cols();
        long t0 = Phases.start();
        HostMatrix y = s.y;
        for (int j = 0; j < d; j++) {
            y.set(j, g.get(j * g.ld() + i));
        }
        if (solver.options().refine()) {
            refine(i, f, y, s);
        } else {
            Lapack.potrs(f, y);
        }
        String err = CpuFusedSolver.finite(y);
        if (err != null) {
            return err;
        }
        for (int j = 0; j < d; j++) {
            out.set(j * out.ld() + i, y.get(j));
        }
        Phases.neuron(Phases.Phase.SOLVE, t0);
        return null;
    }

    /** One step of iterative refinement with the float64 residual {@code g_i - (alpha y0 + V^T V y0)}. */
    private void refine(int i, HostMatrix f, HostMatrix b, CpuFusedSolver.Scratch s) {
        int n = u.rows();
        int d = u.cols();
        HostMatrix low = s.low;
        HostMatrix y0 = s.t.rowBlock(0, d);
        HostMatrix vy = s.t2.rowBlock(0, n);
        HostMatrix vtvy = s.t3.rowBlock(0, d);
        low.copyFrom(b);
        Lapack.potrs(f, low);
        y0.copyFrom(low);
        scaledInputs(i, s.scaled);
        Blas.gemm(false, false, 1.0, s.scaled, y0, 0.0, vy);            // V y0
        Blas.gemm(true, false, 1.0, s.scaled, vy, 0.0, vtvy);           // V^T V y0
        for (int j = 0; j < d; j++) {
            b.set(j, b.get(j) - (alpha * y0.get(j) + vtvy.get(j)));
        }
        low.copyFrom(b);
        Lapack.potrs(f, low);
        for (int j = 0; j < d; j++) {
            b.set(j, y0.get(j) + low.get(j));
        }
    }

    @Override
    void finish(HostMatrix gradient, HostMatrix out, HostMatrix direction) {
        CpuFusedSolver.scaleInto(out, 1.0 + alpha, direction);
    }
}
