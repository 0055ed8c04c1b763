package org.nrws.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The counter-based stream reproduces SplittableRandom bit for bit and can jump to any draw. */
class RandomSourceTest {

    @Test
    void drawsEqualSplittableRandomFromTheSameStart() {
        for (long seed : new long[] {0, 1, -7, 1234567890123L}) {
            RandomSource r = RandomSource.of(seed).stream(RandomSource.DOMAIN_TRAIN, 3);
            long start = startOf(r);
            SplittableRandom s = new SplittableRandom(start);
            for (int i = 0; i < 20_000; i++) {
                switch (i % 3) {
                    case 0 -> assertEquals(s.nextDouble(), r.nextDouble());
                    case 1 -> assertEquals(s.nextLong(), r.nextLong());
                    default -> assertEquals(s.nextInt(1 + i % 977), r.nextInt(1 + i % 977));
                }
            }
        }
    }

    @Test
    void randomAccessMatchesSequentialDraws() {
        RandomSource a = RandomSource.of(5).stream(RandomSource.DOMAIN_EVAL, 9);
        RandomSource b = RandomSource.of(5).stream(RandomSource.DOMAIN_EVAL, 9);
        double[] seq = new double[1000];
        for (int i = 0; i < seq.length; i++) {
            seq[i] = a.nextDouble();
        }
        assertEquals(1000, a.position());
        for (int i = seq.length - 1; i >= 0; i--) {
            assertEquals(seq[i], b.uniformAt(i));
        }
        assertEquals(0, b.position());
        b.skip(600);
        assertEquals(600, b.position());
        assertEquals(seq[600], b.nextDouble());
    }

    @Test
    void streamsDifferAndRepeat() {
        RandomSource root = RandomSource.of(1);
        assertEquals(root.stream(2, 3).nextLong(), root.stream(2, 3).nextLong());
        assertNotEquals(root.stream(2, 3).nextLong(), root.stream(2, 4).nextLong());
        assertNotEquals(root.stream(2, 3).nextLong(), RandomSource.of(2).stream(2, 3).nextLong());
    }

    private static long startOf(RandomSource r) {
        return r.start();
    }
}
