package org.nrws.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.data.BinaryDataset;
import org.nrws.data.DynamicBinarization;
import org.nrws.data.GrayImages;
import org.nrws.data.LinesToy;
import org.nrws.data.MinibatchSource;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.model.HelmholtzMachine;
import org.nrws.optim.Optimizer;
import org.nrws.random.RandomSource;
import org.nrws.solver.SolverFactory;
import org.nrws.solver.SolverPath;
import org.nrws.train.Algorithm;
import org.nrws.train.NaturalGradientOptions;
import org.nrws.train.Preconditioner;
import org.nrws.train.Trainer;
import org.nrws.train.TrainerConfig;

/** Checkpoint round trip, bit-identical resume, atomic writes and rejection of bad files. */
class CheckpointTest {

    private static final long SEED = 42;

    @TempDir
    Path dir;

    private static Trainer trainer(long updates, String optimizer, Algorithm algo, DataType dtype) {
        HelmholtzMachine m = HelmholtzMachine.create(LinesToy.PIXELS, new int[] {4, 2}, dtype, 0.1,
                HelmholtzMachine.DEFAULT_CLIP, RandomSource.of(SEED).stream(RandomSource.DOMAIN_INIT, 0));
        return new Trainer(m, algo.estimator(EstimatorOptions.defaults(3)), Preconditioner.identity(),
                Optimizer.named(optimizer), TrainerConfig.updates(updates, 0.05), SEED);
    }

    private static MinibatchSource lines(DataType dtype) {
        // 100 rows, B = 8: 13 batches per epoch, the last one of 4 rows.
        return new BinaryDataset(LinesToy.sample(100, dtype, RandomSource.of(3)), 8, true);
    }

    private static MinibatchSource dynamic(DataType dtype) {
        byte[] px = new byte[60 * LinesToy.PIXELS];  // 60 images, B = 8: 8 batches per epoch
        RandomSource r = RandomSource.of(11);
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) r.nextInt(256);
        }
        return new DynamicBinarization(new GrayImages(px, 60, LinesToy.PIXELS), 8, dtype);
    }

    private static Map<String, String> meta() {
        return Map.of("config.algo", "rws", "provenance.data", "lines toy = 100 rows", "state.best", "-1.5");
    }

    @Test
    void roundTripKeepsEveryBitAndEntry() throws IOException {
        Trainer t = trainer(16, "adam", Algorithm.RWS, DataType.DOUBLE);
        t.train(lines(DataType.DOUBLE));
        Checkpoint c = Checkpoint.capture(t, 1.25, meta());
        Path p = dir.resolve("c.nrws");
        c.save(p);
        Checkpoint r = Checkpoint.load(p);
        assertEquals(c.manifest(), r.manifest());
        assertEquals(16, r.updates());
        assertEquals(1, r.epoch());
        assertEquals(3, r.batchInEpoch());
        assertEquals(1.25, r.wallSeconds());
        assertEquals(SEED, r.seed());
        assertEquals("adam", r.optimizerName());
        assertEquals(16, r.optimizerUpdates());
        assertArrayEquals(new int[] {9, 4, 2}, r.sizes());
        assertEquals("rws", r.section("config.").get("algo"));
        assertEquals("lines toy = 100 rows", r.section("provenance.").get("data"));
        assertEquals(5, r.parameters().size());
        assertEquals(10, r.optimizerState().size());
        assertBitsEqual(t.machine().parameters(), r.parameters());
        assertBitsEqual(t.optimizer().state(), r.optimizerState());
        assertBitsEqual(t.machine().parameters(), r.machine().parameters());
    }

    @Test
    void floatModelsRoundTrip() throws IOException {
        Trainer t = trainer(5, "momentum", Algorithm.BIHM, DataType.FLOAT);
        t.train(lines(DataType.FLOAT));
        Path p = dir.resolve("f.nrws");
        Checkpoint.capture(t, 0, Map.of()).save(p);
        Checkpoint r = Checkpoint.load(p);
        assertEquals(DataType.FLOAT, r.dataType());
        assertBitsEqual(t.machine().parameters(), r.parameters());
    }

    @Test
    void resumeIsBitIdenticalToAnUninterruptedRun() throws IOException {
        // SGD on a fixed data set, and Adam (which has state) on dynamically binarised data.
        for (String opt : List.of("sgd", "adam")) {
            MinibatchSource data = opt.equals("adam") ? dynamic(DataType.DOUBLE) : lines(DataType.DOUBLE);
            int n = 16;   // stops mid-epoch (13 batches per epoch on the lines data, 8 on the dynamic data)
            int m = 7;    // crosses an epoch boundary
            Trainer straight = trainer(n + m, opt, Algorithm.RWS, DataType.DOUBLE);
            straight.train(data);

            Trainer first = trainer(n, opt, Algorithm.RWS, DataType.DOUBLE);
            first.train(data);
            Path p = dir.resolve("resume-" + opt + ".nrws");
            Checkpoint.capture(first, first.wallSeconds(), meta()).save(p);

            Trainer resumed = trainer(n + m, opt, Algorithm.RWS, DataType.DOUBLE);
            Checkpoint.load(p).restore(resumed);
            assertEquals(n, resumed.updates());
            resumed.train(data);
            assertEquals(n + m, resumed.updates());
            assertEquals(straight.epoch(), resumed.epoch());
            assertEquals(straight.batchInEpoch(), resumed.batchInEpoch());
            assertBitsEqual(straight.machine().parameters(), resumed.machine().parameters());
            assertBitsEqual(straight.optimizer().state(), resumed.optimizer().state());
        }
    }

    /**
     * NRWS with factor reuse, checkpointed between two refreshes: the checkpoint holds the samples
     * of the last refresh (format version 2), and the resumed run rebuilds the kept factors from
     * them, so its parameters equal an uninterrupted run's bit for bit. Float64 with all rows
     * (refresh 3, checkpoint at 4), and mixed precision from the first 5 rows (refresh 4, at 6).
     */
    @Test
    void resumeBetweenRefreshesRebuildsTheKeptFactors() throws IOException {
        NaturalGradientOptions f64 = NaturalGradientOptions.defaults(0.1).refreshEvery(3);
        NaturalGradientOptions mixed = new NaturalGradientOptions(0.1, 1.0, 0.1, NaturalGradientOptions.DEFAULT_PLAIN_ABOVE,
                4, DataType.FLOAT, SolverPath.AUTO, true).fisherRows(5);
        for (NaturalGradientOptions o : List.of(f64, mixed)) {
            int n = o.refreshInterval() == 3 ? 4 : 6;
            int total = n + 5;   // crosses the next refresh
            Trainer straight = natural(total, o);
            straight.train(lines(DataType.DOUBLE));

            Trainer first = natural(n, o);
            first.train(lines(DataType.DOUBLE));
            byte[] bytes = Checkpoint.capture(first, first.wallSeconds(), meta()).toBytes();
            assertEquals(Checkpoint.FORMAT_VERSION, ByteBuffer.wrap(bytes, 8, 4).getInt(), "kept samples: version 2");
            Checkpoint c = Checkpoint.fromBytes(bytes, "kept.nrws");
            assertEquals(n - n % o.refreshInterval(), c.keptFisher().orElseThrow().update(), "the last refresh");
            assertEquals(o.fisherRows() > 0 ? 5 : 8 * 3, c.keptFisher().orElseThrow().inputs().get(1).rows(), "rows of p1");

            Trainer resumed = natural(total, o);
            c.restore(resumed);
            resumed.train(lines(DataType.DOUBLE));
            assertEquals(total, resumed.updates());
            assertBitsEqual(straight.machine().parameters(), resumed.machine().parameters());
        }
        Trainer plain = trainer(2, "sgd", Algorithm.RWS, DataType.DOUBLE);
        plain.train(lines(DataType.DOUBLE));
        byte[] v1 = Checkpoint.capture(plain, 0, meta()).toBytes();
        assertEquals(Checkpoint.FORMAT_VERSION_PLAIN, ByteBuffer.wrap(v1, 8, 4).getInt(), "nothing kept: version 1");
    }

    private static Trainer natural(long updates, NaturalGradientOptions o) {
        HelmholtzMachine m = HelmholtzMachine.create(LinesToy.PIXELS, new int[] {4, 2}, DataType.DOUBLE, 0.1,
                HelmholtzMachine.DEFAULT_CLIP, RandomSource.of(SEED).stream(RandomSource.DOMAIN_INIT, 0));
        return new Trainer(m, Algorithm.NRWS.estimator(EstimatorOptions.defaults(3)),
                Algorithm.NRWS.preconditioner(o, SolverFactory.cpu()), Optimizer.named("sgd"),
                TrainerConfig.updates(updates, 0.05), SEED);
    }

    @Test
    void failureBetweenWriteAndRenameKeepsThePreviousCheckpoint() throws IOException {
        Trainer t = trainer(3, "sgd", Algorithm.WS, DataType.DOUBLE);
        t.train(lines(DataType.DOUBLE));
        Path p = dir.resolve("ckpt.nrws");
        Checkpoint.capture(t, 0, meta()).save(p);
        byte[] before = Files.readAllBytes(p);

        Trainer t2 = trainer(5, "sgd", Algorithm.WS, DataType.DOUBLE);
        t2.train(lines(DataType.DOUBLE));
        Checkpoint later = Checkpoint.capture(t2, 0, meta());
        IOException e = assertThrows(IOException.class, () -> later.save(p, tmp -> {
            assertTrue(Files.size(tmp) > 0);
            assertEquals(5, Checkpoint.load(tmp).updates());   // the new file is complete and synced
            throw new IOException("simulated crash before rename");
        }));
        assertEquals("simulated crash before rename", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(p));
        assertEquals(3, Checkpoint.load(p).updates());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(p), files.toList(), "no temporary file is left behind");
        }
        later.save(p);
        assertEquals(5, Checkpoint.load(p).updates());
    }

    @Test
    void foreignTruncatedCorruptAndNewerFilesAreRejected() throws IOException {
        Trainer t = trainer(2, "sgd", Algorithm.RWS, DataType.DOUBLE);
        t.train(lines(DataType.DOUBLE));
        byte[] good = Checkpoint.capture(t, 0, meta()).toBytes();

        Path foreign = dir.resolve("foreign.png");
        Files.write(foreign, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
        assertMessage(foreign, "is not an NRWS checkpoint");

        Path empty = dir.resolve("empty");
        Files.write(empty, new byte[0]);
        assertMessage(empty, "is not an NRWS checkpoint");

        Path truncated = dir.resolve("truncated.nrws");
        Files.write(truncated, Arrays.copyOf(good, good.length / 2));
        assertMessage(truncated, "is truncated");

        Path corrupt = dir.resolve("corrupt.nrws");
        byte[] bad = good.clone();
        bad[good.length / 2] ^= 0x10;
        Files.write(corrupt, bad);
        assertMessage(corrupt, "is corrupt (CRC-32 mismatch");

        Path newer = dir.resolve("newer.nrws");
        byte[] v3 = good.clone();
        ByteBuffer.wrap(v3, 8, 4).putInt(Checkpoint.FORMAT_VERSION + 1);
        Files.write(newer, v3);
        assertMessage(newer, "format version " + (Checkpoint.FORMAT_VERSION + 1));

        assertThrows(java.nio.file.NoSuchFileException.class, () -> Checkpoint.load(dir.resolve("absent.nrws")));
    }

    @Test
    void restoreRefusesAMismatchedTrainer() throws IOException {
        Trainer t = trainer(2, "adam", Algorithm.RWS, DataType.DOUBLE);
        t.train(lines(DataType.DOUBLE));
        Checkpoint c = Checkpoint.capture(t, 0, meta());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.restore(trainer(2, "sgd", Algorithm.RWS, DataType.DOUBLE)));
        assertTrue(e.getMessage().contains("optimizer adam"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.capture(t, 0, Map.of("model.sizes", "1,2")));
    }

    private static void assertMessage(Path p, String fragment) {
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> Checkpoint.load(p));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    }

    static void assertBitsEqual(List<INDArray> expected, List<INDArray> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            INDArray a = expected.get(i);
            INDArray b = actual.get(i);
            assertArrayEquals(a.shape(), b.shape());
            assertEquals(a.dataType(), b.dataType());
            double[] x = org.nd4j.linalg.factory.Nd4j.toFlattened('c', a).toDoubleVector();
            double[] y = org.nd4j.linalg.factory.Nd4j.toFlattened('c', b).toDoubleVector();
            for (int j = 0; j < x.length; j++) {
                assertEquals(Double.doubleToRawLongBits(x[j]), Double.doubleToRawLongBits(y[j]),
                        "array " + i + " element " + j);
            }
        }
    }
}
