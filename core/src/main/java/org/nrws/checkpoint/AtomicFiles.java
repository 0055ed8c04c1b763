package org.nrws.checkpoint;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Atomic file replacement: write a temporary file in the target's directory, flush it to disk
 * (fsync), then rename it over the target in one step ({@link StandardCopyOption#ATOMIC_MOVE}).
 * A reader sees either the old file or the complete new one; a crash or an error before the
 * rename leaves the old file untouched (and the temporary file is deleted when the error is
 * seen by this process).
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Writes the content of a file. */
    @FunctionalInterface
    public interface Body {
        /**
         * @param out the stream to write to (closed by the caller)
         * @throws IOException on a write error
         */
        void write(OutputStream out) throws IOException;
    }

    /** An action run between the fsync of the temporary file and the rename (a test hook). */
    @FunctionalInterface
    public interface Hook {
        /**
         * @param temporary the complete temporary file
         * @throws IOException to abort the replacement
         */
        void run(Path temporary) throws IOException;
    }

    /**
     * Replaces {@code target} atomically with what {@code body} writes.
     *
     * @param target the file to create or replace
     * @param body   writes the content
     * @throws IOException when writing, syncing or renaming fails (the target is then unchanged)
     */
    public static void write(Path target, Body body) throws IOException {
        write(target, body, null);
    }

    /**
     * As {@link #write(Path, Body)}, running {@code beforeRename} after the temporary file is
     * complete and synced and before it replaces the target. Tests use it to simulate a failure
     * at the worst moment.
     *
     * @param target       the file to create or replace
     * @param body         writes the content
     * @param beforeRename run before the rename, or null
     * @throws IOException when any step fails (the target is then unchanged)
     */
    public static void write(Path target, Body body, Hook beforeRename) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                body.write(out);
                out.flush();
                ch.force(true);
            }
            if (beforeRename != null) {
                beforeRename.run(tmp);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot rename atomically; write the file to a local disk",
                        e);
            }
            done = true;
            syncDirectory(dir);
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static void syncDirectory(Path dir) {
        // Makes the rename itself durable. Not every platform can open a directory; the rename
        // is atomic either way, so a failure here is ignored.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }
}
