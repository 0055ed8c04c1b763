package org.nrws.solver;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nrws.model.HelmholtzMachine;
import org.nrws.random.RandomSource;
import org.nrws.backend.HostMemory;
import org.nrws.backend.InsufficientMemoryException;
import org.nrws.backend.MemoryProbe;
import org.nrws.host.Precision;

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
        assertEquals(SolverPath.DUAL, PathRule.choose(160, 201, 784)); // p0
        assertEquals(SolverPath.DUAL, PathRule.choose(160, 201, 200)); // p1
        assertEquals(SolverPath.PRIMAL, PathRule.choose(160, 11, 200)); // p2
        assertEquals(SolverPath.DUAL, PathRule.choose(160, 785, 200)); // q0
        assertEquals(SolverPath.DUAL, PathRule.choose(160, 201, 10)); // q2
        // B = 1024, K = 10 (N = 10240 >= d everywhere): all primal
        for (long[] l : new long[][] {{784, 201}, {200, 201}, {200, 11}, {200, 785}, {10, 201}}) {
            assertEquals(SolverPath.PRIMAL, PathRule.choose(10240, l[1], l[0]));
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
    void wholeStepCheckForMnist784At1024x10OnTheTensorSolver() {
        HelmholtzMachine machine = HelmholtzMachine.create(784, new int[] {200, 200, 10}, DataType.DOUBLE, 0.01,
                HelmholtzMachine.DEFAULT_CLIP, RandomSource.of(1));
        SolverOptions keep = new SolverOptions(Precision.F64, false, true, SolverPath.AUTO);
        List<LayerEstimate> layers = MemoryBudget.forMachine(machine, 1024, 10, SolverKind.TENSOR, keep, 4);
        assertEquals(List.of("p0", "p1", "p2", "p3", "q0", "q1", "q2"),
                layers.stream().map(LayerEstimate::layer).toList());
        // N = B*K = 10240 everywhere but q0, which is built from the B = 1024 distinct rows and so is dual
        assertEquals(List.of(10240L, 10240L, 10240L, 10240L, 1024L, 10240L, 10240L),
                layers.stream().map(LayerEstimate::n).toList());
        assertEquals(SolverPath.DUAL, layers.get(4).path());
        for (int i : new int[] {0, 1, 2, 3, 5, 6}) {
            assertEquals(SolverPath.PRIMAL, layers.get(i).path(), layers.get(i).layer());
        }
        // blocks: 784*201^2 + 200*201^2 + 200*11^2 + 10*1^2 + 200*1024^2 (q0 dual) + 200*201^2 + 10*201^2, times 8 bytes
        long blocks = 8L * (784L * 201 * 201 + 200L * 201 * 201 + 200L * 11 * 11 + 10L + 200L * 1024 * 1024
                + 200L * 201 * 201 + 10L * 201 * 201);
        assertEquals(blocks, layers.stream().mapToLong(LayerEstimate::factorBytes).sum());
        assertDoesNotThrow(() -> MemoryBudget.checkStep(layers, true, probe(40_000_000_000L)));
        // q0's dual matrices alone take 1.68 GB: 1.0 GB free is too little, whatever else
        InsufficientMemoryException q0 = assertThrows(InsufficientMemoryException.class,
                () -> MemoryBudget.checkStep(layers, false, probe(1_000_000_000L)));
        assertTrue(q0.getMessage().startsWith("layer q0 dual Fisher needs 1.7 GB of float64, test GPU has 1.0 GB free"),
                q0.getMessage());
        // p2 (d = 11): all N d^2 = 1.24e6 outer-product elements fit in one chunk
        assertEquals(8L * 10240 * 11 * 11, layers.get(2).parts().get("scratch"));
        // keeping every layer's factors (2.1 GB) beside the largest working set does not fit in 2.5 GB,
        // although each layer does
        InsufficientMemoryException kept = assertThrows(InsufficientMemoryException.class,
                () -> MemoryBudget.checkStep(layers, true, probe(2_500_000_000L)));
        assertTrue(kept.getMessage().startsWith("the natural-gradient step needs "), kept.getMessage());
        assertTrue(kept.getMessage().contains("or refresh every update"), kept.getMessage());
        assertDoesNotThrow(() -> MemoryBudget.checkStep(layers, false, probe(2_500_000_000L)));
    }

    @Test
    void theFusedSolverNeedsNoTensorAtRefreshOne() {
        HelmholtzMachine machine = HelmholtzMachine.create(784, new int[] {200, 200, 10}, DataType.DOUBLE, 0.01,
                HelmholtzMachine.DEFAULT_CLIP, RandomSource.of(1));
        SolverOptions every = new SolverOptions(Precision.F64, false, false, SolverPath.AUTO);
        List<LayerEstimate> fused = MemoryBudget.forMachine(machine, 32, 5, SolverKind.FUSED, every, 2);
        fused.forEach(e -> assertEquals(0, e.factorBytes(), e.layer()));
        // the B = 32, K = 5 run of the baselines: N = 160 (q0: 32), the paths of the fused solver
        assertEquals(List.of("dual", "dual", "primal", "primal", "dual", "dual", "dual"),
                fused.stream().map(e -> e.path().id()).toList());
        // p0 dual: the [m, N] curvatures, Gram N^2 and scales m N (each with a float64 heap copy),
        // R and X [N, m], and two threads' scratch of a 160 x 160 factor, V [160, 201] and vectors
        long p0 = 8L * (160 * 784 + 2 * 160 * 160 + 2 * 784 * 160 + 2 * 160 * 784)
                + 2 * 8L * (160 * 160 + 160 * 201 + 160 + 3 * 201 + 160);
        assertEquals(p0, fused.get(0).totalBytes());
        SolverOptions kept = new SolverOptions(Precision.F64, false, true, SolverPath.AUTO);
        List<LayerEstimate> refresh3 = MemoryBudget.forMachine(machine, 32, 5, SolverKind.FUSED, kept, 2);
        assertEquals(8L * 784 * 160 * 160, refresh3.get(0).factorBytes());
        long all = refresh3.stream().mapToLong(LayerEstimate::totalBytes).sum();
        assertEquals(all, MemoryBudget.stepPeak(refresh3, true), "fused solvers hold their buffers: the sum");
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
