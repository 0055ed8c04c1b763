package org.nrws.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nrws.testing.TinyMachines;
import scala.Tuple2;

/**
 * What a partition ships to the owner tasks ({@link FisherOwners#pieces}): with {@code --fisher-rows}
 * only the sample blocks that hold one of the first n global rows, as the leading rows of the
 * partition's own arrays; nothing when none does. The expected row counts are worked out by hand
 * below for a machine 6-4-2 (depth 2), B = 12, K = 3 and the partition of points 4..7 (its sample s
 * of point r is global row {@code 12 s + 4 + r}). That the owners then solve with exactly the
 * single machine's rows is {@code SparkCliTest.trainEqualsTheSingleMachineTrainer}'s check.
 */
class FisherOwnersPiecesTest {

    private static final int[] SIZES = {6, 4, 2};
    private static final int BIG = 12;
    private static final int K = 3;
    private static final int FIRST = 4;
    private static final int B = 4;

    private static FisherOwners.Spec spec(int fisherRows) {
        return new FisherOwners.Spec(SIZES, new String[] {"p0", "p1", "p2", "q0", "q1"}, BIG, K, 1e-3, 0.0, "DOUBLE", 0.1,
                "DOUBLE", false, "AUTO", 2, fisherRows);
    }

    private static BitRows bits(int rows, int cols, long seed) {
        return BitRows.pack(TinyMachines.binary(rows, cols, seed));
    }

    private static double[] probs(SplittableRandom r, int rows, int cols) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble();
        }
        return v;
    }

    /** A partition's result for points 4..7: wake states of h1, h2; q0 on the 4 points; sleep layers 0..2. */
    private static StepTask.Result result() {
        SplittableRandom r = new SplittableRandom(5);
        int kb = K * B;
        return new StepTask.Result(FIRST, B, new double[0][], 0.0,
                new BitRows[] {bits(kb, 4, 1), bits(kb, 2, 2)},
                new double[][] {probs(r, B, 4), probs(r, kb, 2)},
                new BitRows[] {bits(kb, 6, 3), bits(kb, 4, 4), bits(kb, 2, 5)},
                new double[][] {probs(r, kb, 6), probs(r, kb, 4), probs(r, kb, 2)},
                bits(B, 6, 6), 0.0);
    }

    /** Layer index (parameter order p0, p1, p2, q0, q1) to the rows its pieces must carry. */
    private static void check(int fisherRows, int[] rowsPerLayer) {
        StepTask.Result res = result();
        List<Tuple2<Integer, FisherOwners.Piece>> pieces = FisherOwners.pieces(spec(fisherRows), res);
        int expected = 0;
        for (int rows : rowsPerLayer) {
            expected += rows > 0 ? 2 : 0;     // two unit groups per layer
        }
        assertEquals(expected, pieces.size(), "pieces at --fisher-rows " + fisherRows);
        double[][] fullProbs = {res.sleepP()[0], res.sleepP()[1], res.sleepP()[2], res.wakeQ()[0], res.wakeQ()[1]};
        BitRows[] fullU = {res.sleepStates()[1], res.sleepStates()[2], null, res.data(), res.wakeStates()[0]};
        int[] units = {6, 4, 2, 4, 2};
        for (Tuple2<Integer, FisherOwners.Piece> t : pieces) {
            int layer = t._1() / 2;
            int group = t._1() % 2;
            FisherOwners.Piece p = t._2();
            int rows = rowsPerLayer[layer];
            assertTrue(rows > 0, "layer " + layer + " ships nothing at --fisher-rows " + fisherRows);
            assertEquals(FIRST, p.first());
            assertEquals(B, p.b());
            assertEquals(rows, p.samples() * B, "layer " + layer + " at --fisher-rows " + fisherRows);
            int m = units[layer];
            int c0 = group * m / 2;
            int c1 = (group + 1) * m / 2;
            double[] want = new double[rows * (c1 - c0)];
            for (int row = 0; row < rows; row++) {
                for (int c = c0; c < c1; c++) {
                    want[row * (c1 - c0) + c - c0] = fullProbs[layer][row * m + c];
                }
            }
            assertArrayEquals(want, p.probs(), 0.0, "the leading rows of layer " + layer + "'s probabilities");
            if (fullU[layer] == null) {
                assertNull(p.u());
            } else {
                assertEquals(rows, p.u().rows());
                assertArrayEquals(fullU[layer].toMatrix(0, rows).data().asDouble(), p.u().toMatrix(0, rows).data().asDouble(),
                        0.0, "the leading rows of layer " + layer + "'s inputs");
            }
        }
    }

    @Test
    void allRowsShipEverySampleBlock() {
        check(0, new int[] {12, 12, 12, 4, 12});
    }

    @Test
    void theDefaultBatchRowsShipTheFirstSampleBlockOnly() {
        // n = 12: global rows 4..7 (s = 0) are in, 16..19 and 28..31 are not
        check(12, new int[] {4, 4, 4, 4, 4});
    }

    @Test
    void twentyRowsShipTwoSampleBlocks() {
        // n = 20: s = 0 (rows 4..7) and s = 1 (rows 16..19) are in; q0 has only its 12 distinct rows
        check(20, new int[] {8, 8, 8, 4, 8});
    }

    @Test
    void aPartitionBeyondTheEstimateShipsNothing() {
        // n = 3: the first global row of this partition is 4
        check(3, new int[] {0, 0, 0, 0, 0});
    }
}
