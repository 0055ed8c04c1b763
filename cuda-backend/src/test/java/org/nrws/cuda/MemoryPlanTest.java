package org.nrws.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nrws.solver.SolverPath;

/** The up-front device memory plan. */
class MemoryPlanTest {

    private static final long H200 = 140L << 30;

    @Test
    void q0AtLargeBatchFitsAnH200WithAllUnitsInOneChunk() {
        MemoryPlan p = MemoryPlan.of(SolverPath.PRIMAL, 10240, 785, 200, 8, true, H200, "layer q0 (primal)", "H200");
        assertEquals(200, p.chunk());
        assertEquals(200L * 785 * 785 * 8, p.blockBytes());               // about 0.92 GiB
        // U, blocks, diagonals; C, ones, X; the blocked potrf's workspace (order 785 > 256: no pointer arrays);
        // info; W for all 200 units
        long expected = 8L * (10240L * 785 + 200L * 785 * 785 + 785L * 200 + 10240L * 200 + 785 + 785L * 200
                + 785L * 785) + 4 * 200 + 200L * 10240 * 785 * 8;
        assertEquals(expected, p.bytes());
    }

    @Test
    void primalChunksShrinkToWhatFits() {
        long fixed = MemoryPlan.of(SolverPath.PRIMAL, 10240, 785, 200, 8, true, -1, "c", "x").bytes() - 200L * 10240 * 785 * 8;
        long perUnit = 10240L * 785 * 8;
        long free = (fixed + 10 * perUnit + MemoryPlan.RESERVE_BYTES) * 100 / MemoryPlan.USABLE_PERCENT + 100;
        MemoryPlan p = MemoryPlan.of(SolverPath.PRIMAL, 10240, 785, 200, 8, true, free, "c", "x");
        assertEquals(10, p.chunk());
        assertTrue(p.bytes() <= free / 100 * MemoryPlan.USABLE_PERCENT - MemoryPlan.RESERVE_BYTES);
    }

    @Test
    void tooLittleMemoryIsAClearError() {
        DeviceMemoryException e = assertThrows(DeviceMemoryException.class,
                () -> MemoryPlan.of(SolverPath.PRIMAL, 10240, 785, 200, 8, true, 1L << 30, "layer q0 (primal)", "NVIDIA T4"));
        assertTrue(e.getMessage().startsWith("layer q0 (primal): needs "), e.getMessage());
        assertTrue(e.getMessage().contains("200 blocks of 785 x 785 float64"), e.getMessage());
        assertTrue(e.getMessage().contains("NVIDIA T4 has 1.00 GiB free"), e.getMessage());
        assertTrue(e.getMessage().contains("use float32"), e.getMessage());
    }

    @Test
    void dualPlanCountsGramAndVectors() {
        MemoryPlan p = MemoryPlan.of(SolverPath.DUAL, 160, 785, 200, 4, true, H200, "layer q0 (dual)", "H200");
        assertEquals(200L * 160 * 160 * 4, p.blockBytes());
        // U, blocks, diagonals; S, R, Y, X; G; the gradient and the output; info and two pointer arrays
        long expected = 4L * (160L * 785 + 200L * 160 * 160 + 160L * 200 + 4L * 160 * 200 + 160L * 160 + 2L * 785 * 200)
                + 4 * 200 + 16 * 200;
        assertEquals(expected, p.bytes());
        // without the NVRTC kernel, the cuBLAS build's [N, N] temporary and ones [N] as well
        assertEquals(expected + 4L * (160 * 160 + 160),
                MemoryPlan.of(SolverPath.DUAL, 160, 785, 200, 4, false, H200, "c", "x").bytes());
        assertThrows(DeviceMemoryException.class, () -> MemoryPlan.of(SolverPath.DUAL, 10240, 20000, 784, 8, true, H200, "c", "x"));
    }

    @Test
    void unknownFreeMemoryIsNotChecked() {
        assertEquals(784, MemoryPlan.of(SolverPath.DUAL, 10240, 20000, 784, 8, true, -1, "c", "x").chunk());
    }
}
