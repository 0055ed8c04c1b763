package org.nrws.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nrws.host.HostMatrix;
import org.nrws.host.Precision;
import org.nrws.host.WorkerPool;

/**
 * The fused solver's memory estimate against what the solver holds after a refresh, counted object
 * by object ({@link CpuFusedSolver#heldBytes()}): both paths, every precision, with and without kept
 * factors, with traces in the algebra's precision or not.
 */
class FusedEstimateTest {

    private static final WorkerPool ONE = new WorkerPool(1);
    private static final WorkerPool TWO = new WorkerPool(2);

    @AfterAll
    static void close() {
        ONE.close();
        TWO.close();
    }

    private static long held(int n, int d, int m, SolverOptions o, Precision traces, WorkerPool pool) {
        HostMatrix[] pr = SolverAgreementTest.problem(n, d, m, 17);
        Precision algebra = o.refine() ? Precision.F64 : o.precision();
        HostMatrix u = HostMatrix.allocate(traces, n, d).copyFrom(pr[0]);
        HostMatrix c = HostMatrix.allocate(algebra, n, m).copyFrom(pr[1]);   // as the preconditioner makes them
        HostMatrix g = HostMatrix.allocate(traces, d, m).copyFrom(pr[2]);
        HostMatrix out = HostMatrix.allocate(traces, d, m);
        try (CpuFusedSolver s = new CpuFusedSolver("t", o, pool)) {
            s.refresh(new LayerSamples("t", u, c), 0.05, g, out);
            if (o.keepFactors()) {
                s.solve(g, out);
            }
            return s.heldBytes();
        }
    }

    @Test
    void theEstimateIsWhatTheSolverHolds() {
        int[][] shapes = {{12, 30, 9}, {40, 7, 11}};          // dual (N < d), primal (N > d)
        Precision[] factor = {Precision.F64, Precision.F32, Precision.F32};
        boolean[] refine = {false, false, true};
        int checked = 0;
        for (int[] sh : shapes) {
            int n = sh[0];
            int d = sh[1];
            int m = sh[2];
            SolverPath path = PathRule.choose(n, d, m);
            assertEquals(sh == shapes[0] ? SolverPath.DUAL : SolverPath.PRIMAL, path);
            for (int p = 0; p < factor.length; p++) {
                for (boolean keep : new boolean[] {false, true}) {
                    for (Precision traces : Precision.values()) {
                        SolverOptions o = new SolverOptions(factor[p], refine[p], keep, SolverPath.AUTO);
                        LayerEstimate e = MemoryBudget.fused("t", path, m, d, n, o, traces, 1);
                        long own = e.totalBytes() - e.parts().get(FusedEstimate.PART_CURVATURES);
                        String what = path + " " + o + " traces " + traces;
                        assertEquals(own, held(n, d, m, o, traces, ONE), what);
                        assertEquals(keep ? (long) m * (path == SolverPath.DUAL ? n * n : d * d) * factor[p].bytes() : 0,
                                e.factorBytes(), what);
                        long two = held(n, d, m, o, traces, TWO);
                        long twoEstimate = MemoryBudget.fused("t", path, m, d, n, o, traces, 2).totalBytes()
                                - e.parts().get(FusedEstimate.PART_CURVATURES);
                        assertTrue(two <= twoEstimate && two >= own, what + ": " + two + " vs " + twoEstimate);
                        checked++;
                    }
                }
            }
        }
        assertEquals(24, checked);
    }
}
