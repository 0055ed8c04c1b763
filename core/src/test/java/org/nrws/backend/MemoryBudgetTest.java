package org.nrws.backend;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nrws.model.HelmholtzMachine;
import org.nrws.random.RandomSource;
import org.nrws.train.NaturalGradientOptions.SolverPath;

/** The memory formulas, checked by arithmetic, and the early check's message. */
class MemoryBudgetTest {

    @Test
    void primalPartsFollowTheFormula() {
        // q0 of 784-200-200-10: m = 200 units, d = 785, N = B*K = 1024*10
        LayerEstimate e = MemoryBudget.primal("q0", 200, 785, 10240, DataType.DOUBLE, 0);
        assertEquals(200L * 785 * 785 * 8, e.parts().get(MemoryBudget.PART_BLOCKS)); // m d^2 e = 0.99 GB
        assertEquals(985_960_000L, e.factorBytes());
        assertEquals(200L * 785 * 8, e.parts().get(MemoryBudget.PART_RHS));
        assertEquals(10240L * 785 * 8, e.parts().get(MemoryBudget.PART_INPUTS));
        assertEquals(10240L * 200 * 8, e.parts().get(MemoryBudget.PART_COEFFICIENTS));
        assertEquals(200L * 20, e.parts().get(MemoryBudget.PART_SOLVER));
        long sum = 985_960_000L + 1_256_000L + 64_307_200L + 16_384_000L + 4_000L;
        assertEquals(sum, e.totalBytes());
        LayerEstimate f = MemoryBudget.primal("q0", 200, 785, 10240, DataType.FLOAT, 0);
        assertEquals(985_960_000L / 2, f.factorBytes());
    }

    @Test
    void dualPartsFollowTheFormula() {
        LayerEstimate e = MemoryBudget.dual("q0", 200, 785, 160, DataType.DOUBLE, 1000);
        assertEquals(200L * 160 * 160 * 8, e.factorBytes()); // m N^2 e
        assertEquals(160L * 160 * 8, e.parts().get(MemoryBudget.PART_GRAM));
        assertEquals(200L * 160 * 8, e.parts().get(MemoryBudget.PART_RHS));
        assertEquals(160L * 785 * 8, e.parts().get(MemoryBudget.PART_INPUTS));
        assertEquals(160L * 200 * 8, e.parts().get(MemoryBudget.PART_COEFFICIENTS));
        assertEquals(200L * 785 * 8, e.parts().get(MemoryBudget.PART_GRADIENT));
        assertEquals(1000L, e.parts().get(MemoryBudget.PART_SCRATCH));
        assertEquals(40_960_000L + 204_800 + 256_000 + 1_004_800 + 256_000 + 1_256_000 + 4_000 + 1000, e.totalBytes());
    }

    @Test
    void largeBatchDualWouldNotFitAnywhere() {
        // 200 * 10240^2 * 8 = 167.8 GB: the reason large batches take the primal path
        assertEquals(167_772_160_000L, MemoryBudget.dual("q0", 200, 785, 10240, DataType.DOUBLE, 0).factorBytes());
        assertEquals(12_861_440_000L, MemoryBudget.scaledInputScratch(200, 10240, 785, DataType.DOUBLE));
    }

    @Test
    void autoPathFollowsTheSpecsWorkedExample() {
        // B = 32, K = 5 (N = 160): all layers but p's top one take the dual path
        assertEquals(SolverPath.DUAL, MemoryBudget.cheaperPath(784, 201, 160)); // p0
        assertEquals(SolverPath.DUAL, MemoryBudget.cheaperPath(200, 201, 160)); // p1
        assertEquals(SolverPath.PRIMAL, MemoryBudget.cheaperPath(200, 11, 160)); // p2
        assertEquals(SolverPath.DUAL, MemoryBudget.cheaperPath(200, 785, 160)); // q0
        assertEquals(SolverPath.DUAL, MemoryBudget.cheaperPath(10, 201, 160)); // q2
        // B = 1024, K = 10 (N = 10240 >= d everywhere): all primal
        for (long[] l : new long[][] {{784, 201}, {200, 201}, {200, 11}, {200, 785}, {10, 201}}) {
            assertEquals(SolverPath.PRIMAL, MemoryBudget.cheaperPath(l[0], l[1], 10240));
        }
    }

    @Test
    void pathRuleIsTheFisherBlocksRule() {
        for (long[] l : new long[][] {{784, 201, 160}, {200, 785, 160}, {200, 11, 160}, {7, 30, 20}, {7, 20, 30}, {3, 100, 1000}}) {
            SolverPath expected = org.nrws.fisher.FisherBlocks.choosePath(l[2], l[1], l[0]) == org.nrws.fisher.FisherBlocks.Path.PRIMAL
                    ? SolverPath.PRIMAL : SolverPath.DUAL;
            assertEquals(expected, MemoryBudget.cheaperPath(l[0], l[1], l[2]));
        }
    }

    @Test
    void checkPassesWhenItFitsAndWhenFreeIsUnknown() {
        LayerEstimate e = MemoryBudget.primal("p1", 200, 201, 10240, DataType.DOUBLE, 0);
        assertDoesNotThrow(() -> MemoryBudget.check(e, 2 * e.totalBytes(), "test device"));
        assertDoesNotThrow(() -> MemoryBudget.check(e, -1, "unknown device"));
        // 90% headroom: exactly at the edge passes, one byte less free fails
        long free = (long) Math.ceil(e.totalBytes() / MemoryBudget.DEFAULT_HEADROOM);
        assertDoesNotThrow(() -> MemoryBudget.check(e, free + 1, "edge"));
        assertThrows(InsufficientMemoryException.class, () -> MemoryBudget.check(e, e.totalBytes(), "edge"));
    }

    @Test
    void checkFailsEarlyWithAClearMessage() {
        // a [784, 785, 785] float64 block tensor: 3.9 GB, against 2.0 GB free
        LayerEstimate e = MemoryBudget.primal("q0", 784, 785, 10240, DataType.DOUBLE, 0);
        InsufficientMemoryException x = assertThrows(InsufficientMemoryException.class,
                () -> MemoryBudget.check(e, 2_000_000_000L, "CUDA device 0 (test)"));
        String msg = x.getMessage();
        assertTrue(msg.startsWith("layer q0 primal Fisher needs 4.0 GB of float64, CUDA device 0 (test) has 2.0 GB free"),
                msg);
        assertTrue(msg.contains("lower the batch (N = B*K = 10240)"), msg);
        assertTrue(msg.contains("use --fisher-dtype float32 (2.0 GB)"), msg);
        assertTrue(msg.contains("blocks 3.9 GB"), msg);
        assertEquals(e.totalBytes(), x.neededBytes());
        assertEquals(2_000_000_000L, x.freeBytes());
    }

    @Test
    void messageSuggestsTheOtherPathOnlyWhenSmaller() {
        LayerEstimate dual = MemoryBudget.dual("q0", 200, 785, 10240, DataType.DOUBLE, 0);
        String msg = assertThrows(InsufficientMemoryException.class,
                () -> MemoryBudget.check(dual, 40_000_000_000L, "dev")).getMessage();
        assertTrue(msg.contains("or the primal path (1.1 GB)"), msg);
        LayerEstimate primal = MemoryBudget.primal("q0", 200, 785, 10240, DataType.DOUBLE, 0);
        String msg2 = assertThrows(InsufficientMemoryException.class,
                () -> MemoryBudget.check(primal, 100_000_000L, "dev")).getMessage();
        assertTrue(!msg2.contains("dual path"), msg2);
    }

    @Test
    void chunkOfUnitsThatFits() {
        LayerEstimate base = MemoryBudget.primal("q0", 200, 785, 10240, DataType.DOUBLE, 0);
        long perUnit = MemoryBudget.scaledInputScratch(1, 10240, 785, DataType.DOUBLE); // 64.3 MB
        long free = 4_000_000_000L;
        long expect = ((long) Math.floor(free * 0.9) - base.totalBytes()) / perUnit;
        assertEquals(expect, MemoryBudget.maxUnitsPerChunk(base, perUnit, free, 0.9));
        assertEquals(200, MemoryBudget.maxUnitsPerChunk(base, perUnit, 100_000_000_000L, 0.9));
        assertEquals(0, MemoryBudget.maxUnitsPerChunk(base, perUnit, 1_000_000L, 0.9));
    }

    @Test
    void stepPeakWithAndWithoutRetainedFactors() {
        LayerEstimate a = MemoryBudget.primal("a", 10, 5, 100, DataType.DOUBLE, 0);
        LayerEstimate b = MemoryBudget.primal("b", 20, 5, 100, DataType.DOUBLE, 0);
        assertEquals(Math.max(a.totalBytes(), b.totalBytes()), MemoryBudget.stepPeak(List.of(a, b), false));
        long others = Math.max(a.totalBytes() - a.factorBytes(), b.totalBytes() - b.factorBytes());
        assertEquals(others + a.factorBytes() + b.factorBytes(), MemoryBudget.stepPeak(List.of(a, b), true));
    }

    @Test
    void wholeStepCheckForMnist784At1024x10() {
        HelmholtzMachine machine = HelmholtzMachine.create(784, new int[] {200, 200, 10}, DataType.DOUBLE, 0.01,
                HelmholtzMachine.DEFAULT_CLIP, RandomSource.of(1));
        List<LayerEstimate> layers = MemoryBudget.forMachine(machine, 10240, DataType.DOUBLE, SolverPath.AUTO);
        assertEquals(List.of("p0", "p1", "p2", "q0", "q1", "q2"), layers.stream().map(LayerEstimate::layer).toList());
        layers.forEach(e -> assertEquals(SolverPath.PRIMAL, e.path()));
        // blocks: 784*201^2 + 200*201^2 + 200*11^2 + 200*785^2 + 200*201^2 + 10*201^2, times 8 bytes
        long blocks = 8L * (784L * 201 * 201 + 200L * 201 * 201 + 200L * 11 * 11 + 200L * 785 * 785 + 200L * 201 * 201
                + 10L * 201 * 201);
        assertEquals(blocks, layers.stream().mapToLong(LayerEstimate::factorBytes).sum());
        assertEquals(1_372_063_952L, blocks); // 1.37 GB of factors in float64
        MemoryProbe big = probe(40_000_000_000L);
        assertDoesNotThrow(() -> MemoryBudget.checkStep(layers, true, big));
        // q0's primal build keeps 2^25 outer-product elements of scratch (268 MB in float64)
        assertEquals(8L * (1L << 25), layers.get(3).parts().get("scratch"));
        // p2 (d = 11): all N d^2 = 1.24e6 outer-product elements fit in one chunk
        assertEquals(8L * 10240 * 11 * 11, layers.get(2).parts().get("scratch"));
        // 1.6 GB free: q0 alone (1.34 GB) fits, keeping every layer's factors (1.37 GB + the largest working set) does not
        InsufficientMemoryException e = assertThrows(InsufficientMemoryException.class,
                () -> MemoryBudget.checkStep(layers, true, probe(1_600_000_000L)));
        assertTrue(e.getMessage().startsWith("the natural-gradient step needs "), e.getMessage());
        assertTrue(e.getMessage().contains("or refresh every update"), e.getMessage());
        assertDoesNotThrow(() -> MemoryBudget.checkStep(layers, false, probe(1_600_000_000L)));
        InsufficientMemoryException q0 = assertThrows(InsufficientMemoryException.class,
                () -> MemoryBudget.checkStep(layers, false, probe(1_000_000_000L)));
        assertTrue(q0.getMessage().startsWith("layer q0 primal Fisher needs 1.3 GB of float64, test GPU has 1.0 GB free"),
                q0.getMessage());
    }

    private static MemoryProbe probe(long free) {
        return new MemoryProbe() {
            @Override
            public long freeBytes() {
                return free;
            }

            @Override
            public String memoryName() {
                return "test GPU";
            }
        };
    }

    @Test
    void humanBytesIsDecimal() {
        assertEquals("999 B", MemoryBudget.humanBytes(999));
        assertEquals("1.0 kB", MemoryBudget.humanBytes(1000));
        assertEquals("3.9 GB", MemoryBudget.humanBytes(3_865_000_000L));
        assertEquals("1.0 MB", MemoryBudget.humanBytes(999_960));
        assertEquals("unknown", MemoryBudget.humanBytes(-1));
        assertEquals("9.2 EB", MemoryBudget.humanBytes(Long.MAX_VALUE));
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> MemoryBudget.primal("x", 0, 5, 5, DataType.DOUBLE, 0));
        assertThrows(IllegalArgumentException.class, () -> MemoryBudget.primal("x", 1, 5, 5, DataType.INT, 0));
        assertThrows(IllegalArgumentException.class, () -> MemoryBudget.dual("x", 1, 5, 5, DataType.DOUBLE, -1));
        assertThrows(ArithmeticException.class,
                () -> MemoryBudget.primal("x", Long.MAX_VALUE / 2, 5, 5, DataType.DOUBLE, 0));
    }

    @Test
    void hostMemoryTakesTheSmallestHeadroom() {
        assertEquals(3, HostMemory.free(10, 7, 100, 20, 50));
        assertEquals(80, HostMemory.free(0, 0, 100, 20, 0));
        assertEquals(50, HostMemory.free(0, 0, 0, 0, 50));
        assertEquals(-1, HostMemory.free(0, 0, 0, 0, 0));
        assertEquals(0, HostMemory.free(10, 12, 0, 0, 0));
    }
}
