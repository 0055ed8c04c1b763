package org.nrws.app.run;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The lock of an output folder: one process at a time writes a run's files. The lock is the
 * file {@value #FILE} in the folder, held with {@link FileChannel#tryLock()} (the operating
 * system releases it when the process dies) and holding the owner's process id, start time,
 * host and command.
 *
 * <ul>
 *   <li>A second process (or a second run in this JVM) fails at once with a
 *       {@link FolderInUseException} naming the owner.</li>
 *   <li>A lock file left by a process that died (kill -9, power loss) is stale: its process is
 *       gone, or the process id now belongs to a process with another start time (checked with
 *       {@link ProcessHandle}). It is taken over, with a warning. A record naming a live process
 *       counts as held even where the file system's locks are not enforced.</li>
 *   <li>{@link #close()} empties and removes the file, then releases the lock.</li>
 * </ul>
 */
public final class RunLock implements AutoCloseable {

    /** The name of the lock file inside the folder. */
    public static final String FILE = ".nrws.lock";

    private static final int ATTEMPTS = 10;
    private static final String HOST = hostName();

    /**
     * The process recorded in a lock file.
     *
     * @param pid     its process id
     * @param start   its start time, or null when unknown
     * @param host    the host it runs on
     * @param command what it runs (e.g. {@code nrws train})
     */
    public record Owner(long pid, Instant start, String host, String command) {

        /**
         * @param command what this process runs
         * @return this process as an owner
         */
        public static Owner current(String command) {
            return of(ProcessHandle.current(), command);
        }

        /**
         * @param process a process of this host
         * @param command what it runs
         * @return the process as an owner
         */
        public static Owner of(ProcessHandle process, String command) {
            return new Owner(process.pid(), process.info().startInstant().orElse(null), HOST, command);
        }

        /** @return e.g. {@code process 1234 (started 2026-11-22T04:32:10Z, nrws train)} */
        public String describe() {
            StringBuilder s = new StringBuilder("process ").append(pid).append(" (started ")
                    .append(start == null ? "at an unknown time" : start.truncatedTo(ChronoUnit.SECONDS));
            if (!host.equals(HOST)) {
                s.append(", on host ").append(host);
            }
            if (!command.isBlank()) {
                s.append(", ").append(command);
            }
            return s.append(')').toString();
        }

        /**
         * @return whether the recorded process still runs: the same process id with the same start
         *         time on this host; a process of another host counts as running (it cannot be checked)
         */
        public boolean isRunning() {
            if (!host.equals(HOST)) {
                return true;
            }
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            if (p.isEmpty() || !p.get().isAlive()) {
                return false;
            }
            Optional<Instant> s = p.get().info().startInstant();
            return start == null || s.isEmpty() || Duration.between(s.get(), start).abs().toMillis() < 1000;
        }

        private Properties properties(String token) {
            Properties p = new Properties();
            p.setProperty("pid", Long.toString(pid));
            if (start != null) {
                p.setProperty("start", start.toString());
            }
            p.setProperty("host", host);
            p.setProperty("command", command);
            p.setProperty("token", token);
            return p;
        }

        /** The owner in a lock file's text, or null when the text is empty or not a lock record. */
        private static Owner parse(String text) {
            Properties p = load(text);
            try {
                long pid = Long.parseLong(p.getProperty("pid", ""));
                String s = p.getProperty("start");
                return new Owner(pid, s == null ? null : Instant.parse(s), p.getProperty("host", HOST),
                        p.getProperty("command", ""));
            } catch (NumberFormatException | DateTimeParseException e) {
                return null;
            }
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Owner owner;
    private boolean closed;

    private RunLock(Path file, FileChannel channel, FileLock lock, Owner owner) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.owner = owner;
    }

    /**
     * Locks a folder (created if missing) for this process.
     *
     * @param dir     the folder
     * @param command what this process runs, for the messages of others (e.g. {@code nrws train})
     * @param warn    receives the warning when a stale lock is taken over
     * @return the lock; close it when the run's files are written
     * @throws FolderInUseException when another process, or another run of this JVM, holds it
     * @throws IOException          when the folder or the lock file cannot be written
     */
    public static RunLock acquire(Path dir, String command, Consumer<String> warn) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE).toAbsolutePath().normalize();
        Owner me = Owner.current(command);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            boolean kept = false;
            try {
                FileLock lock;
                boolean enforced = true;
                try {
                    lock = ch.tryLock();
                } catch (OverlappingFileLockException inThisJvm) {
                    lock = null;
                } catch (IOException unsupported) {
                    // A file system without locks (some network mounts): the record alone decides.
                    lock = null;
                    enforced = false;
                }
                if (lock == null && enforced) {
                    throw new FolderInUseException(dir, ownerOf(file));
                }
                Owner previous = Owner.parse(read(ch));
                boolean self = previous != null && previous.pid() == me.pid() && previous.host().equals(HOST);
                if (previous != null && previous.isRunning() && (!self || lock == null)) {
                    throw new FolderInUseException(dir, previous);
                }
                String token = UUID.randomUUID().toString();
                write(ch, me.properties(token));
                if (!token.equals(load(readFile(file)).getProperty("token"))) {
                    continue;   // the owner removed the file while this process opened it: lock the new one
                }
                if (previous != null) {
                    warn.accept("took over the stale lock of " + dir + " left by " + previous.describe()
                            + (self ? ", an earlier run of this process" : ", which is no longer running"));
                }
                kept = true;
                return new RunLock(file, ch, lock, me);
            } finally {
                if (!kept) {
                    ch.close();
                }
            }
        }
        throw new IOException("could not lock " + dir + ": its lock file " + file + " keeps changing");
    }

    /** @return the lock file */
    public Path file() {
        return file;
    }

    /** @return this process, as recorded in the lock file */
    public Owner owner() {
        return owner;
    }

    /**
     * Empties and removes the lock file, then releases the lock. Idempotent.
     *
     * @throws IOException when the file cannot be removed (the lock is released all the same)
     */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.truncate(0);
            Files.deleteIfExists(file);
        } finally {
            try {
                if (lock != null) {
                    lock.release();
                }
            } finally {
                channel.close();
            }
        }
    }

    /**
     * Writes a lock file naming {@code owner} without holding the lock, as a process that was
     * killed leaves it (for tests).
     *
     * @param dir   the folder
     * @param owner the recorded owner
     * @throws IOException on a write error
     */
    static void record(Path dir, Owner owner) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(FILE), store(owner.properties("recorded")), StandardCharsets.UTF_8);
    }

    /** The owner named by a lock file held by someone else; it may be being written: look a few times. */
    private static Owner ownerOf(Path file) {
        for (int i = 0; i < 20; i++) {
            Owner o = Owner.parse(readFile(file));
            if (o != null) {
                return o;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private static String read(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(ch.size(), 1 << 16));
        while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
            // fill
        }
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }

    private static void write(FileChannel ch, Properties p) throws IOException {
        ch.truncate(0);
        ByteBuffer b = ByteBuffer.wrap(store(p).getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b, b.position());
        }
        ch.force(true);
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException gone) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lock file " + file, e);
        }
    }

    private static String store(Properties p) {
        StringWriter w = new StringWriter();
        try {
            p.store(w, "NRWS: this folder is being written by the process below (removed when it ends)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static Properties load(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            p.clear();
        }
        return p;
    }

    private static String hostName() {
        // Read once (HOST): the JDK's getLocalHost may ask DNS.
        try {
            Path proc = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(proc)) {
                return Files.readString(proc, StandardCharsets.US_ASCII).strip();
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
