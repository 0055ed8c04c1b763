package org.nrws.cuda;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nrws.linalg.NotPositiveDefiniteException;

/** devInfo and factor-diagonal checks become exceptions naming the context and the neuron. */
class FactorCheckTest {

    @Test
    void zeroInfoPasses() {
        assertDoesNotThrow(() -> FactorCheck.info(new int[] {0, 0, 0}, "cusolverDnDpotrfBatched", "layer q0 (primal)"));
        assertDoesNotThrow(() -> FactorCheck.info(new int[0], "r", "c"));
    }

    @Test
    void positiveInfoIsNotPositiveDefiniteAtThatNeuron() {
        NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                () -> FactorCheck.info(new int[] {0, 0, 0, 0, 0, 0, 0, 5, 2}, "cusolverDnDpotrfBatched", "layer q0 (primal)"));
        assertEquals(7, e.index());
        assertEquals("layer q0 (primal)", e.context());
        assertTrue(e.getMessage().contains("cusolverDnDpotrfBatched info=5: the leading minor of order 5"), e.getMessage());
        assertTrue(e.getMessage().startsWith("layer q0 (primal): block of neuron 7"), e.getMessage());
    }

    @Test
    void negativeInfoIsAnArgumentError() {
        CudaException e = assertThrows(CudaException.class,
                () -> FactorCheck.info(new int[] {0, -4}, "cusolverDnSpotrfBatched", "layer p1 (dual)"));
        assertEquals("layer p1 (dual): cusolverDnSpotrfBatched rejected argument 4 (info=-4) for the block of neuron 1",
                e.getMessage());
    }

    @Test
    void nanOrInfinityOnTheDiagonalIsReported() {
        assertDoesNotThrow(() -> FactorCheck.diagonals(new double[][] {{1, 2}, {3, 4}}, "r", "c"));
        NotPositiveDefiniteException nan = assertThrows(NotPositiveDefiniteException.class,
                () -> FactorCheck.diagonals(new double[][] {{1, 2}, {3, Double.NaN}}, "cusolverDnDpotrfBatched", "layer q1"));
        assertEquals(1, nan.index());
        assertTrue(nan.getMessage().contains("L[1,1] = NaN"), nan.getMessage());
        NotPositiveDefiniteException inf = assertThrows(NotPositiveDefiniteException.class,
                () -> FactorCheck.diagonals(new double[][] {{Double.POSITIVE_INFINITY}}, "r", "c"));
        assertEquals(0, inf.index());
    }
}
