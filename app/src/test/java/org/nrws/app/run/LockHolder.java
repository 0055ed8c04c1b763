package org.nrws.app.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

/**
 * A second process for the lock tests: a child JVM that locks a folder with {@link RunLock},
 * prints {@code locked}, holds the lock until its stdin is closed, then releases it normally.
 */
public final class LockHolder implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;

    private LockHolder(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * The child's entry point.
     *
     * @param args the folder to lock
     * @throws IOException when it cannot be locked
     */
    public static void main(String[] args) throws IOException {
        try (RunLock lock = RunLock.acquire(Path.of(args[0]), "lock holder", w -> System.out.println("warning: " + w))) {
            System.out.println("locked " + lock.owner().pid());
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the lock until stdin is closed
            }
        }
        System.out.println("released");
    }

    /**
     * Starts a child JVM that holds the lock of {@code dir}, and waits until it does.
     *
     * @param dir the folder
     * @return the running holder
     * @throws IOException when the child does not start or fails to lock
     */
    public static LockHolder start(Path dir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(java, "-Xmx64m", "-cp", cp, LockHolder.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        LockHolder h = new LockHolder(p);
        String line = h.out.readLine();
        if (line == null || !line.startsWith("locked ")) {
            p.destroyForcibly();
            throw new IOException("the lock holder did not lock " + dir + ": " + line);
        }
        return h;
    }

    /** @return the child's process id */
    public long pid() {
        return process.pid();
    }

    /** @return the child's start time, to the second, as the lock messages print it */
    public String startSeconds() {
        Instant s = process.toHandle().info().startInstant().orElseThrow();
        return s.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * Kills the child with SIGKILL (kill -9), as a crash would, and waits for it.
     *
     * @throws Exception when kill fails
     */
    public void kill9() throws Exception {
        int code = new ProcessBuilder("kill", "-9", Long.toString(pid())).inheritIO().start().waitFor();
        if (code != 0 || !process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("kill -9 " + pid() + " failed");
        }
    }

    /**
     * Closes the child's stdin so that it releases the lock and exits normally.
     *
     * @return its last line (expected: {@code released})
     * @throws Exception when it does not exit
     */
    public String release() throws Exception {
        process.getOutputStream().close();
        String last = null;
        for (String l = out.readLine(); l != null; l = out.readLine()) {
            last = l;
        }
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("the lock holder did not exit normally: " + last);
        }
        return last;
    }

    /** Kills the child if it still runs. */
    @Override
    public void close() {
        process.destroyForcibly();
    }
}
