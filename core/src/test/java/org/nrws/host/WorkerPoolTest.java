package org.nrws.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Every index is run exactly once, splits are fixed, failures surface, nesting runs inline. */
class WorkerPoolTest {

    @Test
    void everyIndexRunsOnceAndRangesAreFixed() {
        try (WorkerPool pool = new WorkerPool(3)) {
            for (int n : new int[] {1, 2, 7, 1000}) {
                AtomicIntegerArray seen = new AtomicIntegerArray(n);
                pool.forEach(n, (i, t) -> seen.incrementAndGet(i));
                AtomicIntegerArray ranged = new AtomicIntegerArray(n);
                pool.forRange(n, (a, b, t) -> {
                    assertEquals(WorkerPool.split(n, Math.min(3, Math.max(1, n / WorkerPool.MIN_RANGE)), t), a);
                    for (int i = a; i < b; i++) {
                        ranged.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertEquals(1, seen.get(i));
                    assertEquals(1, ranged.get(i));
                }
            }
        }
    }

    @Test
    void aFailureIsRethrownAfterAllTasksAndNestingRunsInline() {
        try (WorkerPool pool = new WorkerPool(2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.forEach(50, (i, t) -> {
                if (i == 31) {
                    throw new IllegalStateException("boom 31");
                }
            }));
            assertEquals("boom 31", e.getMessage());
            AtomicIntegerArray seen = new AtomicIntegerArray(4);
            pool.runOnAll(t -> pool.forEach(2, (i, u) -> seen.incrementAndGet(2 * t + i)));
            for (int i = 0; i < 4; i++) {
                assertEquals(1, seen.get(i));
            }
            pool.forEach(10, (i, t) -> { });      // still usable after a failure
        }
    }
}
