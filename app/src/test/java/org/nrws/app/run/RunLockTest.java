package org.nrws.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output-folder lock against a second run in this JVM, a second process (a child JVM), a
 * process killed with kill -9, and a process id recorded with another start time.
 */
class RunLockTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    @Test
    void aSecondRunInThisJvmFailsAndCloseRemovesTheFile() throws Exception {
        Path out = dir.resolve("new").resolve("run");
        long me = ProcessHandle.current().pid();
        try (RunLock lock = RunLock.acquire(out, "first", warnings::add)) {
            assertTrue(Files.exists(out.resolve(RunLock.FILE)), "the missing folder is created with its lock file");
            assertEquals(me, lock.owner().pid());
            FolderInUseException e = assertThrows(FolderInUseException.class,
                    () -> RunLock.acquire(out, "second", warnings::add));
            assertTrue(e.getMessage().contains("is in use by process " + me + " (started "), e.getMessage());
            assertTrue(e.getMessage().contains("first"), e.getMessage());
            assertEquals(me, e.owner().pid());
        }
        assertFalse(Files.exists(out.resolve(RunLock.FILE)), "removed at normal exit");
        try (RunLock again = RunLock.acquire(out, "third", warnings::add)) {
            assertEquals(List.of(), warnings, "a released lock is not stale");
        }
    }

    @Test
    void anotherProcessHoldsTheFolderUntilItExits() throws Exception {
        try (LockHolder child = LockHolder.start(dir)) {
            FolderInUseException e = assertThrows(FolderInUseException.class,
                    () -> RunLock.acquire(dir, "test", warnings::add));
            assertTrue(e.getMessage().contains("is in use by process " + child.pid() + " (started " + child.startSeconds()),
                    e.getMessage());
            assertEquals("released", child.release());
        }
        assertFalse(Files.exists(dir.resolve(RunLock.FILE)), "the child removed its lock file");
        try (RunLock lock = RunLock.acquire(dir, "test", warnings::add)) {
            assertEquals(List.of(), warnings);
        }
    }

    @Test
    void theLockOfAProcessKilledWithKill9IsTakenOverWithAWarning() throws Exception {
        long pid;
        try (LockHolder child = LockHolder.start(dir)) {
            pid = child.pid();
            child.kill9();
        }
        assertTrue(Files.readString(dir.resolve(RunLock.FILE)).contains("pid=" + pid), "a killed process leaves its lock");
        try (RunLock lock = RunLock.acquire(dir, "test", warnings::add)) {
            assertEquals(1, warnings.size(), warnings.toString());
            String w = warnings.get(0);
            assertTrue(w.contains("took over the stale lock of " + dir + " left by process " + pid), w);
            assertTrue(w.contains("which is no longer running"), w);
            assertTrue(Files.readString(lock.file()).contains("pid=" + ProcessHandle.current().pid()));
        }
    }

    @Test
    void aRecordedLiveProcessHoldsTheFolderUntilItIsKilled() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            RunLock.record(dir, RunLock.Owner.of(sleep.toHandle(), "sleep 60"));
            FolderInUseException e = assertThrows(FolderInUseException.class,
                    () -> RunLock.acquire(dir, "test", warnings::add));
            assertTrue(e.getMessage().contains("process " + sleep.pid()), e.getMessage());
            assertTrue(e.getMessage().contains("sleep 60"), e.getMessage());
            new ProcessBuilder("kill", "-9", Long.toString(sleep.pid())).start().waitFor();
            assertTrue(sleep.waitFor(30, TimeUnit.SECONDS));
            try (RunLock lock = RunLock.acquire(dir, "test", warnings::add)) {
                assertEquals(1, warnings.size(), warnings.toString());
                assertTrue(warnings.get(0).contains("left by process " + sleep.pid()), warnings.get(0));
            }
        } finally {
            sleep.destroyForcibly();
        }
    }

    @Test
    void aReusedProcessIdWithAnotherStartTimeIsStale() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            RunLock.Owner live = RunLock.Owner.of(sleep.toHandle(), "x");
            RunLock.record(dir, new RunLock.Owner(live.pid(), live.start().minus(Duration.ofHours(1)), live.host(), "old"));
            try (RunLock lock = RunLock.acquire(dir, "test", warnings::add)) {
                assertEquals(1, warnings.size(), warnings.toString());
                assertTrue(warnings.get(0).contains("left by process " + live.pid()), warnings.get(0));
            }
        } finally {
            sleep.destroyForcibly();
        }
    }
}
