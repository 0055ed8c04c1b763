package org.nrws.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The per-slice address arithmetic, checked by hand. */
class SlicePointersTest {

    private static final long BASE = 0x7f12_3400_0000L;

    @Test
    void squareSlicesAreNxNxElementSizeApart() {
        assertArrayEquals(new long[] {BASE, BASE + 128, BASE + 256}, SlicePointers.offsets(BASE, 3, 4, 8));
        assertArrayEquals(new long[] {BASE, BASE + 64, BASE + 128}, SlicePointers.offsets(BASE, 3, 4, 4));
    }

    @Test
    void realLayerSizes() {
        // q0 of 784-200-200-10: 200 blocks of 785 x 785 float64
        long[] q0 = SlicePointers.offsets(BASE, 200, 785, 8);
        assertEquals(200, q0.length);
        assertEquals(BASE + 785L * 785 * 8, q0[1]);
        assertEquals(BASE + 199L * 785 * 785 * 8, q0[199]);
        // p0: 784 blocks of 201 x 201 float32
        long[] p0 = SlicePointers.offsets(BASE, 784, 201, 4);
        assertEquals(BASE + 783L * 201 * 201 * 4, p0[783]);
    }

    @Test
    void rectangularRightHandSides() {
        // [m, n, r] = [3, 5, 2] float64: slices 5 * 2 * 8 = 80 bytes apart
        assertArrayEquals(new long[] {BASE, BASE + 80, BASE + 160}, SlicePointers.offsets(BASE, 3, 5, 2, 8));
        assertArrayEquals(new long[] {BASE, BASE + 40}, SlicePointers.offsets(BASE, 2, 5, 1, 8));
    }

    @Test
    void emptyBatchHasNoPointers() {
        assertEquals(0, SlicePointers.offsets(BASE, 0, 7, 8).length);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> SlicePointers.offsets(BASE, 3, 4, 2));
        assertThrows(IllegalArgumentException.class, () -> SlicePointers.offsets(BASE + 4, 3, 4, 8));
        assertThrows(IllegalArgumentException.class, () -> SlicePointers.offsets(0, 3, 4, 8));
        assertThrows(IllegalArgumentException.class, () -> SlicePointers.offsets(BASE, -1, 4, 8));
        assertThrows(IllegalArgumentException.class, () -> SlicePointers.offsets(BASE, 3, 0, 8));
        assertThrows(IllegalArgumentException.class, () -> SlicePointers.offsets(BASE, 1L << 31, 4, 8));
        IllegalArgumentException overflow = assertThrows(IllegalArgumentException.class,
                () -> SlicePointers.offsets(Long.MAX_VALUE - 7, 2, 4, 8));
        assertEquals(ArithmeticException.class, overflow.getCause().getClass());
    }
}
