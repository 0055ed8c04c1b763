package org.nrws.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nrws.host.HostMatrix;
import org.nrws.host.WorkerPool;
import org.nrws.random.RandomSource;
import org.nrws.testing.TinyMachines;

/**
 * Under a row seeding, a data point's wake samples and its dreams depend on its global index only:
 * a minibatch of 5 points and its last 3 points alone (first index 2) give the same rows, bit for bit.
 */
class RowSeedingTest {

    @Test
    void samplesDoNotDependOnTheSplit() {
        HelmholtzMachine m = TinyMachines.random(7, new int[] {4, 3}, 0.8, 2);
        INDArray x = TinyMachines.binary(5, 7, 3);
        int k = 3;
        RandomSource root = RandomSource.of(11);
        try (WorkerPool pool = new WorkerPool(1)) {
            StepWorkspace whole = new StepWorkspace(m, 5, k, 2, pool);
            whole.useRowSeeding(RowSeeding.forUpdate(root, 4, 0));
            StepWorkspace part = new StepWorkspace(m, 3, k, 2, pool);
            part.useRowSeeding(RowSeeding.forUpdate(root, 4, 2));
            RandomSource unused = RandomSource.of(99);
            Trace w1 = m.wake(whole, x, unused);
            Trace w2 = m.wake(part, x.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all()), unused);
            Trace d1 = m.dream(whole, unused, true);
            Trace d2 = m.dream(part, unused, true);
            assertEquals(0, unused.position(), "the sequential stream is not used");
            for (int s = 0; s < k; s++) {
                for (int i = 0; i < 3; i++) {
                    int r1 = s * 5 + 2 + i;
                    int r2 = s * 3 + i;
                    for (int l = 0; l <= m.depth(); l++) {
                        assertRow(w1.hostState(l), r1, w2.hostState(l), r2, "wake layer " + l);
                        assertRow(d1.hostState(l), r1, d2.hostState(l), r2, "dream layer " + l);
                    }
                    assertEquals(w1.hostLogQ().get(r1, 0), w2.hostLogQ().get(r2, 0), 0.0);
                    assertEquals(d1.hostLogP().get(r1, 0), d2.hostLogP().get(r2, 0), 0.0);
                }
            }
            StepWorkspace other = new StepWorkspace(m, 5, k, 2, pool);
            other.useRowSeeding(RowSeeding.forUpdate(root, 5, 0));
            Trace d3 = m.dream(other, unused, true);
            double diff = 0;
            for (int r = 0; r < 15; r++) {
                diff += Math.abs(d3.hostLogP().get(r, 0) - d1.hostLogP().get(r, 0));
            }
            assertNotEquals(0.0, diff, "another update draws other dreams");
        }
    }

    private static void assertRow(HostMatrix a, int ra, HostMatrix b, int rb, String what) {
        for (int c = 0; c < a.cols(); c++) {
            assertEquals(a.get(ra, c), b.get(rb, c), 0.0, what + " row " + ra + " col " + c);
        }
    }
}
