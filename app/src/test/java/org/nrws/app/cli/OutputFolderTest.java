package org.nrws.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nrws.checkpoint.Checkpoint;
import org.nrws.app.cli.Cli.Result;
import org.nrws.app.run.LockHolder;
import org.nrws.app.run.MetricsCsv;
import org.nrws.app.run.RunFolder;
import org.nrws.app.run.RunLock;

/**
 * Results already written are never replaced unless asked: train refuses a folder holding another
 * run (and offers --resume, a new --out or --overwrite), compare and sample likewise; one process at
 * a time writes to a folder; --threads 0 is refused.
 */
class OutputFolderTest {

    @TempDir
    static Path dir;

    static Path csv;

    @BeforeAll
    static void data() throws IOException {
        csv = Cli.linesCsv(dir);
    }

    /** Trains RWS 4-2 on the toy data into {@code out} (6 updates, final K = 5, unless {@code more} says otherwise). */
    private static Result train(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--algo", "rws", "--layers", "4,2", "--data", csv.toString(),
                "--out", out.toString()));
        a.addAll(List.of(more));
        for (String[] option : new String[][] {{"--max-updates", "6"}, {"--eval-k", "5"}}) {
            if (!a.contains(option[0])) {
                a.addAll(List.of(option));   // the defaults of these tests
            }
        }
        return Cli.nrws(a.toArray(new String[0]));
    }

    /** Every file of a run folder and its bytes. */
    private static Map<String, byte[]> contents(Path folder) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (String f : RunFolder.OUTPUTS) {
            Path p = folder.resolve(f);
            if (Files.exists(p)) {
                m.put(f, Files.readAllBytes(p));
            }
        }
        return m;
    }

    private static void assertUnchanged(Map<String, byte[]> before, Path folder) throws IOException {
        Map<String, byte[]> after = contents(folder);
        assertEquals(before.keySet(), after.keySet());
        for (String f : before.keySet()) {
            assertArrayEquals(before.get(f), after.get(f), f + " is untouched");
        }
    }

    private static String runId(Path folder) throws IOException {
        return Checkpoint.load(folder.resolve("checkpoint.nrws")).manifest().get(RunFolder.RUN_ID);
    }

    @Test
    void trainRefusesAFolderHoldingAnotherRunAndOffersTheChoices() throws IOException {
        Path out = dir.resolve("main-job");
        Result first = train(out);
        assertEquals(0, first.code(), first.err());
        Map<String, byte[]> before = contents(out);
        assertEquals(RunFolder.OUTPUTS.size() - 1, before.size(), "every output but best.nrws: " + before.keySet());

        Result again = train(out);   // the same command twice
        assertEquals(Nrws.USAGE, again.code(), again.err());
        String error = again.err().lines().findFirst().orElse("");
        assertTrue(error.startsWith("nrws train: error: --out " + out + " already holds a run"), error);
        assertTrue(error.contains("--resume " + out.resolve("checkpoint.nrws")), error);
        assertTrue(error.contains("choose a new --out"), error);
        assertTrue(error.contains("--overwrite"), error);
        assertFalse(again.err().contains("training rws"), "refused before training: " + again.err());
        assertTrue(again.out().isEmpty());
        again.assertNoStackTrace();
        assertUnchanged(before, out);

        // Results without a checkpoint are protected too.
        Path results = dir.resolve("results-only");
        Files.createDirectories(results);
        Files.write(results.resolve("result.json"), before.get("result.json"));
        Result r = train(results);
        assertEquals(Nrws.USAGE, r.code());
        assertTrue(r.err().contains("already holds the results of a run (result.json)"), r.err());
        assertArrayEquals(before.get("result.json"), Files.readAllBytes(results.resolve("result.json")));
    }

    @Test
    void overwriteReplacesTheWholeRun() throws IOException {
        Path out = dir.resolve("replaced");
        assertEquals(0, train(out, "--seed", "1").code());
        String oldId = runId(out);
        Result r = train(out, "--seed", "2", "--max-updates", "4", "--overwrite");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("--overwrite: replacing the run in " + out), r.err());
        assertEquals(2, r.json().get("seed").getAsLong());
        assertNotEquals(oldId, runId(out), "a new run");
        assertEquals(2, Cli.nrws("eval", "--checkpoint", out.resolve("checkpoint.nrws").toString(), "--k", "2").json()
                .get("train_seed").getAsLong());
        List<MetricsCsv.Row> rows = MetricsCsv.read(out.resolve("metrics.csv"));
        assertTrue(rows.stream().allMatch(x -> x.updates() <= 4), "no rows of the replaced run: " + rows);
        assertEquals(r.out().strip(), Files.readString(out.resolve("result.json")).strip());
    }

    @Test
    void emptyOrMissingFoldersAndUnrelatedFilesAreFine() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(0, train(empty).code());
        assertEquals(0, train(dir.resolve("missing").resolve("deeper")).code());
        Path notes = Files.createDirectories(dir.resolve("notes"));
        Files.writeString(notes.resolve("notes.txt"), "mine");
        assertEquals(0, train(notes).code());
        assertEquals("mine", Files.readString(notes.resolve("notes.txt")));
        assertFalse(Files.exists(notes.resolve(RunLock.FILE)), "the lock is removed at the end");
    }

    @Test
    void resumeKeepsWorkingInItsOwnFolderAndIsRefusedInAnotherRunsFolder() throws IOException {
        Path a = dir.resolve("run-a");
        Path b = dir.resolve("run-b");
        assertEquals(0, train(a).code());
        assertEquals(0, train(b, "--seed", "9").code());
        Path aCkpt = a.resolve("checkpoint.nrws");
        Path early = dir.resolve("a-at-6.nrws");
        Files.copy(aCkpt, early, StandardCopyOption.REPLACE_EXISTING);

        Result same = Cli.nrws("train", "--resume", aCkpt.toString(), "--out", a.toString(), "--max-updates", "9",
                "--data", csv.toString());
        assertEquals(0, same.code(), same.err());
        assertEquals(9, same.json().get("updates").getAsLong());

        Map<String, byte[]> bBefore = contents(b);
        Result other = Cli.nrws("train", "--resume", aCkpt.toString(), "--out", b.toString(), "--max-updates", "12");
        assertEquals(Nrws.USAGE, other.code(), other.err());
        assertTrue(other.err().contains("--out " + b + " already holds another run (checkpoint.nrws at update 6) than --resume "
                + aCkpt), other.err());
        assertTrue(other.err().contains("--resume " + b.resolve("checkpoint.nrws")), other.err());
        assertUnchanged(bBefore, b);

        Result back = Cli.nrws("train", "--resume", early.toString(), "--out", a.toString(), "--max-updates", "12");
        assertEquals(Nrws.USAGE, back.code(), back.err());
        assertTrue(back.err().contains("holds a later checkpoint of this run (update 9) than --resume " + early + " (update 6)"),
                back.err());

        Result replaced = Cli.nrws("train", "--resume", aCkpt.toString(), "--out", b.toString(), "--max-updates", "12",
                "--overwrite");
        assertEquals(0, replaced.code(), replaced.err());
        assertEquals(runId(a), runId(b), "b now holds the continuation of a");
        assertEquals(12, Checkpoint.load(b.resolve("checkpoint.nrws")).updates());
    }

    @Test
    void aSecondProcessFailsAtStartNamingTheFirst() throws Exception {
        Path out = dir.resolve("held");
        try (LockHolder other = LockHolder.start(out)) {
            Result r = train(out);
            assertEquals(Nrws.FAILED, r.code(), r.err());
            assertTrue(r.err().contains("nrws train: error: " + out + " is in use by process " + other.pid() + " (started "
                    + other.startSeconds()), r.err());
            assertFalse(Files.exists(out.resolve("checkpoint.nrws")));
            r.assertNoStackTrace();
            other.release();
        }
        assertEquals(0, train(out).code(), "free again once the other process has exited");
    }

    @Test
    void twoConcurrentRunsOnOneFolder() throws Exception {
        Path out = dir.resolve("concurrent");
        CompletableFuture<Result> first = CompletableFuture.supplyAsync(() -> train(out, "--max-updates", "0", "--epochs",
                "100000", "--time-budget", "3", "--eval-every", "1s", "--eval-k", "0"));
        Path lock = out.resolve(RunLock.FILE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(out.resolve("metrics.csv")) && System.nanoTime() < deadline && !first.isDone()) {
            Thread.sleep(20);
        }
        assertTrue(Files.exists(lock), "the first run holds the lock while it trains");
        Result second = train(out, "--overwrite");
        Result firstResult = first.get(60, TimeUnit.SECONDS);
        assertEquals(Nrws.FAILED, second.code(), second.err());
        assertTrue(second.err().contains(out + " is in use by process " + ProcessHandle.current().pid()), second.err());
        assertEquals(0, firstResult.code(), firstResult.err());
        assertEquals("time-budget", firstResult.json().get("stop_reason").getAsString());
        assertFalse(Files.exists(lock));
    }

    @Test
    void compareRefusesExistingResultsUnlessOverwrite() throws IOException {
        Path out = dir.resolve("cmp");
        String[] args = {"compare", "--algo", "rws", "--layers", "4,2", "--max-updates", "3", "--eval-k", "2", "--data",
            csv.toString(), "--out", out.toString()};
        assertEquals(0, Cli.nrws(args).code());
        byte[] table = Files.readAllBytes(out.resolve("compare.csv"));
        Result again = Cli.nrws(args);
        assertEquals(Nrws.USAGE, again.code(), again.err());
        assertTrue(again.err().contains("--out " + out + " already holds results (compare.csv, compare.png, rws/checkpoint.nrws"),
                again.err());
        assertTrue(again.err().contains("--overwrite"), again.err());
        assertArrayEquals(table, Files.readAllBytes(out.resolve("compare.csv")));

        Path partly = dir.resolve("cmp-partly");
        assertEquals(0, train(partly.resolve("bihm")).code());
        Result r = Cli.nrws("compare", "--algo", "rws,bihm", "--layers", "4,2", "--max-updates", "3", "--data", csv.toString(),
                "--out", partly.toString());
        assertEquals(Nrws.USAGE, r.code());
        assertTrue(r.err().contains("already holds results (bihm/checkpoint.nrws"), r.err());
        assertFalse(Files.exists(partly.resolve("rws")), "refused before the first run");

        List<String> over = new ArrayList<>(List.of(args));
        over.add("--overwrite");
        Result replaced = Cli.nrws(over.toArray(new String[0]));
        assertEquals(0, replaced.code(), replaced.err());
    }

    @Test
    void sampleNeverReplacesAFileUnlessOverwrite() throws IOException {
        Path run = dir.resolve("for-samples");
        assertEquals(0, train(run).code());
        Path png = dir.resolve("mine.png");
        Files.writeString(png, "not a picture of the model");
        String ckpt = run.resolve("checkpoint.nrws").toString();
        Result r = Cli.nrws("sample", "--checkpoint", ckpt, "--out", png.toString());
        assertEquals(Nrws.USAGE, r.code());
        assertTrue(r.err().contains("--out " + png + " already exists: choose another --out, or add --overwrite"), r.err());
        assertEquals("not a picture of the model", Files.readString(png));
        Result o = Cli.nrws("sample", "--checkpoint", ckpt, "--out", png.toString(), "--overwrite", "--no-reconstructions");
        assertEquals(0, o.code(), o.err());
        assertNotEquals("not a picture of the model", Files.readString(png, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void threadsMustBeAtLeastOne() {
        for (String[] args : new String[][] {
            {"train", "--threads", "0", "--data", csv.toString(), "--out", dir.resolve("t0").toString()},
            {"train", "--threads", "-2", "--data", csv.toString(), "--out", dir.resolve("t0").toString()},
            {"eval", "--checkpoint", "x.nrws", "--threads", "0"}}) {
            Result r = Cli.nrws(args);
            assertEquals(Nrws.USAGE, r.code(), r.err());
            assertTrue(r.err().contains("--threads must be >= 1"), r.err());
            r.assertNoStackTrace();
        }
        assertFalse(Files.exists(dir.resolve("t0")));
        Result one = train(dir.resolve("t1"), "--threads", "1");
        assertEquals(0, one.code(), one.err());
    }
}
