package org.nrws.spark;

import java.util.List;
import org.nrws.host.HostMatrix;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.StepWorkspace;
import org.nrws.model.Trace;

/**
 * Places the partitions' Fisher samples at their global rows of the driver's workspace: row
 * {@code s*b_p + i} of partition p (sample s of its point i) becomes row {@code s*B + first_p + i},
 * the row the single-machine step gives that sample, so the driver's preconditioner sees exactly
 * the single machine's U and C.
 */
final class FisherRows {

    private FisherRows() {
    }

    /**
     * @param machine the model
     * @param ws      the driver's workspace of the global batch (its wake and sleep passes are written)
     * @param data    the global minibatch, packed
     * @param parts   the partitions' results, in any order
     */
    static void place(HelmholtzMachine machine, StepWorkspace ws, BitRows data, List<StepTask.Result> parts) {
        int big = ws.batch();
        int k = ws.samples();
        int n = big * k;
        int depth = machine.depth();
        int[] sizes = machine.sizes();
        double off = machine.units().off();
        Trace wake = ws.wake().resize(n);
        Trace sleep = ws.sleep().resize(n);
        double[] buf = new double[max(sizes)];
        HostMatrix x = wake.hostState(0);
        for (int s = 0; s < k; s++) {
            for (int j = 0; j < big; j++) {
                data.unpackRow(j, x, s * big + j, off, 1.0, buf);
            }
        }
        for (StepTask.Result r : parts) {
            int b = r.batch();
            int first = (int) r.first();
            for (int s = 0; s < k; s++) {
                for (int i = 0; i < b; i++) {
                    int from = s * b + i;
                    int to = s * big + first + i;
                    for (int l = 1; l <= depth; l++) {
                        r.wakeStates()[l - 1].unpackRow(from, wake.hostState(l), to, off, 1.0, buf);
                    }
                    for (int l = 0; l < depth; l++) {
                        copyRow(r.wakeQ()[l], l == 0 ? i : from, wake.hostQProbabilities(l), to);
                    }
                    for (int l = 0; l <= depth; l++) {
                        r.sleepStates()[l].unpackRow(from, sleep.hostState(l), to, off, 1.0, buf);
                        copyRow(r.sleepP()[l], from, sleep.hostPProbabilities(l), to);
                    }
                }
            }
        }
    }

    private static void copyRow(double[] src, int row, HostMatrix dst, int at) {
        int m = dst.cols();
        for (int c = 0; c < m; c++) {
            dst.set(at, c, src[row * m + c]);
        }
    }

    private static int max(int[] a) {
        int m = 0;
        for (int v : a) {
            m = Math.max(m, v);
        }
        return m;
    }
}
