package org.nrws.spark.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A standalone Spark cluster on 127.0.0.1 for the tests: one {@code Master} and one-core
 * {@code Worker}s, each its own JVM, started from a Spark home whose {@code jars/} folder holds the
 * Spark jars Maven resolved (the cluster profile's copy-dependencies; the Workers start their
 * executors with that folder as class path), on ports the JVMs choose themselves (the Master's port
 * is read from its log). Drivers are {@code spark-submit} ({@code org.apache.spark.deploy.SparkSubmit},
 * what the script runs) with the shaded jar as the application jar. Every wait is bounded; closing
 * kills every process it started and their children (the executors).
 */
final class StandaloneCluster implements AutoCloseable {

    private static final Pattern MASTER_URL = Pattern.compile("Starting Spark master at (spark://[0-9.]+:[0-9]+)");

    private final Path home;
    private final Path jar;
    private final Path dir;
    private final List<String> opens;
    private final List<Process> processes = new ArrayList<>();
    private final List<Process> workers = new ArrayList<>();
    private final List<ProcessHandle> orphans = new ArrayList<>();
    private String url;

    private StandaloneCluster(Path home, Path jar, Path dir, List<String> opens) {
        this.home = home;
        this.jar = jar;
        this.dir = dir;
        this.opens = opens;
    }

    /**
     * Starts a Master and {@code workers} Workers (one core, 1 GiB for executors each).
     *
     * @param dir     the folder for logs and the Workers' work folders
     * @param workers the number of Workers
     * @return the running cluster
     */
    static StandaloneCluster start(Path dir, int workers) throws IOException, InterruptedException {
        Path home = Path.of(required("nrws.spark.home"));
        Path jar = Path.of(required("nrws.spark.jar"));
        if (!Files.isDirectory(home.resolve("jars")) || !Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + home.resolve("jars") + " or " + jar + ": run with -Pcluster after package");
        }
        List<String> opens = List.of(required("nrws.spark.opens").trim().split("\\s+"));
        StandaloneCluster c = new StandaloneCluster(home, jar, dir, opens);
        try {
            Path log = dir.resolve("master.log");
            Process master = c.java(log, "-Xmx256m", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                    "0", "--webui-port", "0");
            c.processes.add(master);
            c.url = waitFor(master, log, MASTER_URL, 90);
            for (int i = 0; i < workers; i++) {
                c.startWorker();
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private static String required(String property) {
        String v = System.getProperty(property);
        if (v == null) {
            throw new IllegalStateException("system property " + property + " is not set: run with -Pcluster");
        }
        return v;
    }

    /** @return the master URL, {@code spark://127.0.0.1:PORT} */
    String url() {
        return url;
    }

    /** Starts one more Worker and waits until it is registered with the Master. */
    void startWorker() throws IOException, InterruptedException {
        int i = workers.size();
        Path work = Files.createDirectories(dir.resolve("worker-" + i));
        Path log = dir.resolve("worker-" + i + ".log");
        Process w = java(log, "-Xmx256m", "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--port", "0",
                "--webui-port", "0", "--cores", "1", "--memory", "1g", "--work-dir", work.toString(), url);
        processes.add(w);
        workers.add(w);
        waitFor(w, log, Pattern.compile("(Successfully registered with master)"), 90);
    }

    /**
     * Kills a Worker JVM at once (SIGKILL, as {@code kill -9}), not its executors.
     *
     * @param i the Worker's number
     * @return the processes it had started (its executors), which should exit by themselves
     */
    List<ProcessHandle> killWorker(int i) throws InterruptedException {
        Process w = workers.get(i);
        List<ProcessHandle> children = w.descendants().toList();
        orphans.addAll(children);
        kill(w);
        return children;
    }

    /**
     * Starts a driver as spark-submit does (client mode), with the shaded jar as the application.
     *
     * @param name a name for its log files ({@code NAME.out}, {@code NAME.err})
     * @param args the nrws-spark command line
     * @return the driver's process
     */
    Process submit(String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("-Xmx768m", "org.apache.spark.deploy.SparkSubmit", "--master", url,
                "--deploy-mode", "client", "--class", "org.nrws.spark.cli.NrwsSpark",
                "--conf", "spark.executor.memory=512m", "--conf", "spark.executor.cores=1", "--conf", "spark.cores.max=2",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.ui.enabled=false",
                // both executors registered before the first job (or 120 s), so that tasks are spread over the two Workers
                "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=120s",
                "--conf", "spark.executor.extraJavaOptions=-Dorg.bytedeco.javacpp.maxphysicalbytes=2G",
                "--conf", "spark.executorEnv.OPENBLAS_CORETYPE=Haswell",
                jar.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = builder(cmd);
        pb.redirectOutput(dir.resolve(name + ".out").toFile());
        pb.redirectError(dir.resolve(name + ".err").toFile());
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /**
     * Waits for a driver.
     *
     * @param p       the driver
     * @param name    its name (as given to {@link #submit})
     * @param seconds the time-out
     * @return its standard output
     * @throws AssertionError when it does not exit in time (it is killed) or exits with another code than expected
     */
    String finish(Process p, String name, int seconds, int expectedCode) throws IOException, InterruptedException {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            kill(p);
            throw new AssertionError(name + " did not finish in " + seconds + " s; its log: " + tail(name + ".err"));
        }
        String out = Files.readString(dir.resolve(name + ".out"), StandardCharsets.UTF_8);
        if (p.exitValue() != expectedCode) {
            throw new AssertionError(name + " exited with " + p.exitValue() + "; its log: " + tail(name + ".err"));
        }
        return out;
    }

    /**
     * @param name a driver's name
     * @return the last 4000 characters of its standard error
     */
    String tail(String name) throws IOException {
        String s = Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
        return s.substring(Math.max(0, s.length() - 4000));
    }

    /**
     * Kills a process at once (SIGKILL, as {@code kill -9}) and waits for it.
     *
     * @param p the process
     */
    static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("process " + p.pid() + " survived SIGKILL for 30 s");
        }
    }

    /**
     * Waits until a condition holds.
     *
     * @param what    what is waited for (for the error)
     * @param seconds the time-out
     * @param done    the condition
     */
    static void await(String what, int seconds, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    private Process java(Path log, String heap, String main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(heap, main));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = builder(cmd);
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        return pb.start();
    }

    private ProcessBuilder builder(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(opens);
        cmd.add("-cp");
        cmd.add(home.resolve("jars") + "/*");
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", "2.12");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_LOCAL_DIRS", dir.resolve("local").toString());
        env.put("SPARK_CONF_DIR", dir.resolve("conf").toString());
        env.put("OPENBLAS_CORETYPE", "Haswell");
        env.put("OMP_NUM_THREADS", "1");
        env.put("OPENBLAS_NUM_THREADS", "1");
        env.remove("SPARK_MASTER");
        return pb;
    }

    private static String waitFor(Process process, Path log, Pattern p, int seconds) throws IOException, InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end && process.isAlive()) {
            if (Files.exists(log)) {
                Matcher m = p.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
                if (m.find()) {
                    return m.group(1);
                }
            }
            Thread.sleep(200);
        }
        String s = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "(no log)";
        throw new IllegalStateException("no '" + p.pattern() + "' in " + log + (process.isAlive() ? " after " + seconds + " s: "
                : " (the process exited with " + process.exitValue() + "): ")
                + s.substring(Math.max(0, s.length() - 3000)));
    }

    /** Kills every process started here, children (executors) first. */
    @Override
    public void close() {
        orphans.forEach(ProcessHandle::destroyForcibly);
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
