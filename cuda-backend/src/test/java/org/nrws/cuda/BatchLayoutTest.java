package org.nrws.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The layout contract, on ND4J's CPU backend. */
class BatchLayoutTest {

    @Test
    void acceptsCOrderFloatAndDouble() {
        BatchLayout.Dims d = BatchLayout.factor(Nd4j.create(DataType.DOUBLE, 4, 3, 3), "ctx");
        assertEquals(new BatchLayout.Dims(4, 3, 1, DataType.DOUBLE, 8), d);
        BatchLayout.Dims f = BatchLayout.solve(Nd4j.create(DataType.FLOAT, 4, 3, 3), Nd4j.create(DataType.FLOAT, 4, 3, 2), "c");
        assertEquals(new BatchLayout.Dims(4, 3, 2, DataType.FLOAT, 4), f);
    }

    @Test
    void acceptsAContiguousSliceAlongTheBatch() {
        INDArray big = Nd4j.create(DataType.DOUBLE, 6, 3, 3);
        INDArray part = big.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all(), NDArrayIndex.all());
        assertEquals(3, BatchLayout.factor(part, "ctx").m());
    }

    @Test
    void rejectsWrongLayouts() {
        assertMessage("must be c-order and contiguous", () -> BatchLayout.factor(Nd4j.create(DataType.DOUBLE, new long[] {2, 3, 3}, 'f'), "L"));
        assertMessage("must be c-order and contiguous",
                () -> BatchLayout.factor(Nd4j.create(DataType.DOUBLE, 3, 3, 2).permute(2, 0, 1), "L"));
        assertMessage("supports FLOAT and DOUBLE", () -> BatchLayout.factor(Nd4j.create(DataType.INT, 2, 3, 3), "L"));
        assertMessage("[m, n, n]", () -> BatchLayout.factor(Nd4j.create(DataType.DOUBLE, 2, 3, 4), "L"));
        assertMessage("rank-3", () -> BatchLayout.factor(Nd4j.create(DataType.DOUBLE, 3, 3), "L"));
        assertMessage("right-hand sides must be [2, 3, r]",
                () -> BatchLayout.solve(Nd4j.create(DataType.DOUBLE, 2, 3, 3), Nd4j.create(DataType.DOUBLE, 2, 4, 1), "L"));
        assertMessage("right-hand sides are FLOAT but the factors are DOUBLE",
                () -> BatchLayout.solve(Nd4j.create(DataType.DOUBLE, 2, 3, 3), Nd4j.create(DataType.FLOAT, 2, 3, 1), "L"));
    }

    @Test
    void contiguityIgnoresUnitDimensions() {
        assertTrue(BatchLayout.cContiguous(new long[] {4, 3, 1}, new long[] {3, 1, 1}));
        assertTrue(BatchLayout.cContiguous(new long[] {4, 3, 1}, new long[] {3, 1, 99}));
        assertFalse(BatchLayout.cContiguous(new long[] {4, 3, 2}, new long[] {6, 1, 3}));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(part), x.getMessage());
        assertTrue(x.getMessage().startsWith("L"), x.getMessage());
    }
}
