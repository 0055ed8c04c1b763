package org.nrws.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The column-major mapping and the batched pointer arithmetic. */
class DeviceLayoutTest {

    @Test
    void transposeMovesRowMajorIntoContiguousColumns() {
        double[] g = {1, 2, 3, 4, 5, 6};                 // [2, 3]
        double[] t = new double[6];
        DeviceLayout.transpose(g, 2, 3, 2.0, t);          // [3, 2], times 2
        assertArrayEquals(new double[] {2, 8, 4, 10, 6, 12}, t);
        double[] back = new double[6];
        DeviceLayout.transpose(t, 3, 2, 0.5, back);
        assertArrayEquals(g, back);
    }

    @Test
    void transposeRejectsShortArrays() {
        assertThrows(IllegalArgumentException.class, () -> DeviceLayout.transpose(new double[5], 2, 3, 1, new double[6]));
        assertThrows(IllegalArgumentException.class, () -> DeviceLayout.transpose(new double[6], 2, 3, 1, new double[5]));
    }

    @Test
    void addressesStepByStrideTimesElementSize() {
        assertArrayEquals(new long[] {1000 + 16, 1000 + 16 + 9 * 8, 1000 + 16 + 18 * 8},
                DeviceLayout.addresses(1000, 2, 9, 3, 8));
        assertArrayEquals(new long[] {4096, 4096 + 4 * 785L * 785}, DeviceLayout.addresses(4096, 0, 785L * 785, 2, 4));
        assertEquals(0, DeviceLayout.addresses(0, 0, 1, 0, 8).length);
        assertThrows(IllegalArgumentException.class, () -> DeviceLayout.addresses(0, 0, 1, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> DeviceLayout.addresses(0, -1, 1, 1, 8));
    }

    @Test
    void blockOffsetsDoNotOverflowForTheLargeBatch() {
        assertEquals(199L * 785 * 785, DeviceLayout.blockOffset(199, 785));
        assertEquals(783L * 10240 * 10240, DeviceLayout.blockOffset(783, 10240));     // beyond 2^31
        assertTrue(DeviceLayout.blockOffset(783, 10240) > Integer.MAX_VALUE);
        assertThrows(IllegalArgumentException.class, () -> DeviceLayout.blockOffset(-1, 3));
    }

    @Test
    void scalesAreTransposedSquareRootsAndNaNForNegativeCurvature() {
        double[] c = {4, 9, 16, -1};                      // [N=2, m=2]
        double[] s = DeviceLayout.scales(c, 2, 2);        // [m, N]
        assertEquals(2, s[0]);
        assertEquals(4, s[1]);
        assertEquals(3, s[2]);
        assertTrue(Double.isNaN(s[3]));
    }
}
