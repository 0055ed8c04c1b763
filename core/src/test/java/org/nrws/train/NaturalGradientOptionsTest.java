package org.nrws.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Damping schedules that decrease, increase (past the plain-gradient threshold) or stay. */
class NaturalGradientOptionsTest {

    @Test
    void schedulesDecreaseIncreaseAndClamp() {
        NaturalGradientOptions base = NaturalGradientOptions.defaults(0.01);
        assertEquals(0.01, base.alphaAt(12345), 0.0);
        NaturalGradientOptions up = base.withSchedule(2.0, 100, 0.01, 20);
        assertEquals(0.01, up.alphaAt(99), 0.0);
        assertEquals(0.02, up.alphaAt(100), 1e-15);
        assertEquals(0.01 * Math.pow(2, 10), up.alphaAt(1050), 1e-12);
        assertEquals(20, up.alphaAt(10_000), 0.0);
        NaturalGradientOptions down = NaturalGradientOptions.defaults(1.0).withSchedule(0.5, 1, 0.1, Double.POSITIVE_INFINITY);
        assertEquals(0.25, down.alphaAt(2), 0.0);
        assertEquals(0.1, down.alphaAt(50), 0.0);
        assertThrows(IllegalArgumentException.class, () -> base.withSchedule(0, 1, 0.01, 1));
        assertThrows(IllegalArgumentException.class, () -> base.withSchedule(2, 0, 0.01, 1));
        assertThrows(IllegalArgumentException.class, () -> base.withSchedule(2, 1, 0.5, 0.1));
    }

    @Test
    void anIncreasingScheduleSwitchesTheNaturalGradientOff() {
        NaturalGradientOptions up = NaturalGradientOptions.defaults(1.0).withSchedule(4.0, 1, 1.0, 100);
        assertEquals(false, up.alphaAt(1) > up.plainAbove());      // 4
        assertEquals(true, up.alphaAt(2) > up.plainAbove());       // 16 > 10: plain gradient from here on
    }
}
