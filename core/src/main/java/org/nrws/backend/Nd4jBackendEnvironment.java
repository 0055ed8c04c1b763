package org.nrws.backend;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which environment makes ND4J pick a backend, and how a launcher relaunches itself with it.
 *
 * <p>ND4J 1.0.0-M2.1 loads every {@code Nd4jBackend} found by ServiceLoader, sorts them by
 * priority and keeps the first that loads. The priorities are read once, in the static
 * initialiser of {@code org.nd4j.linalg.factory.Nd4jBackend}, from the environment variables
 * {@code BACKEND_PRIORITY_CPU} (default 0) and {@code BACKEND_PRIORITY_GPU} (default 100), with
 * {@code System.getenv} only: no system property selects a backend, and the fields are
 * {@code static final}, so nothing done inside a running JVM changes the choice. With both
 * backends on the classpath, {@code cpu} therefore needs {@code BACKEND_PRIORITY_CPU=200} in the
 * JVM's environment before the first ND4J class initialises: set it in the shell, or let the
 * launcher call {@link #relaunchCommand} and run the result. With only one backend on the
 * classpath (the default CPU build) nothing is needed.
 */
public final class Nd4jBackendEnvironment {

    /** ND4J's CPU backend priority variable. */
    public static final String CPU_PRIORITY = "BACKEND_PRIORITY_CPU";
    /** ND4J's GPU backend priority variable. */
    public static final String GPU_PRIORITY = "BACKEND_PRIORITY_GPU";
    /** ND4J's default CPU priority. */
    public static final int DEFAULT_CPU_PRIORITY = 0;
    /** ND4J's default GPU priority. */
    public static final int DEFAULT_GPU_PRIORITY = 100;
    /** The CPU priority this project sets to force the CPU backend. */
    public static final int FORCE_CPU_PRIORITY = 200;
    /** Set in a relaunched JVM's environment so that it does not relaunch again. */
    public static final String RELAUNCHED = "NRWS_RELAUNCHED";

    private Nd4jBackendEnvironment() {
    }

    /**
     * @param env an environment
     * @param var {@link #CPU_PRIORITY} or {@link #GPU_PRIORITY}
     * @param def the default
     * @return the priority ND4J would read
     * @throws IllegalArgumentException when the value is not an integer (ND4J would fail too)
     */
    static int priority(Map<String, String> env, String var, int def) {
        String v = env.get(var);
        if (v == null || v.isEmpty()) {
            return def;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(var + "=" + v + " is not an integer", e);
        }
    }

    /**
     * @param choice the requested backend
     * @param env    the JVM's environment
     * @return true when ND4J, started with {@code env}, prefers the requested backend (always for AUTO)
     */
    public static boolean satisfies(BackendChoice choice, Map<String, String> env) {
        int cpu = priority(env, CPU_PRIORITY, DEFAULT_CPU_PRIORITY);
        int gpu = priority(env, GPU_PRIORITY, DEFAULT_GPU_PRIORITY);
        switch (choice) {
            case CPU:
                return cpu > gpu;
            case CUDA:
                return gpu > cpu;
            default:
                return true;
        }
    }

    /**
     * @param choice the requested backend
     * @param env    the JVM's environment
     * @return the variables to add to {@code env} so that ND4J prefers {@code choice}; empty when
     *     {@link #satisfies} already holds
     */
    public static Map<String, String> required(BackendChoice choice, Map<String, String> env) {
        if (satisfies(choice, env)) {
            return Map.of();
        }
        int cpu = priority(env, CPU_PRIORITY, DEFAULT_CPU_PRIORITY);
        int gpu = priority(env, GPU_PRIORITY, DEFAULT_GPU_PRIORITY);
        if (choice == BackendChoice.CPU) {
            return Map.of(CPU_PRIORITY, Integer.toString(Math.max(FORCE_CPU_PRIORITY, gpu + 1)));
        }
        return Map.of(GPU_PRIORITY, Integer.toString(Math.max(DEFAULT_GPU_PRIORITY, cpu + 1)));
    }

    /**
     * The command that relaunches this JVM (same java, JVM options and class path) with another
     * main class and arguments. Run it with the {@link #required} variables and
     * {@link #RELAUNCHED}{@code =1} added to the environment, e.g. with {@link ProcessBuilder}
     * and {@code inheritIO()}, and exit with its status.
     *
     * @param mainClass the main class to run
     * @param args      its arguments
     * @return the command, or empty when this JVM's executable is unknown or it was already relaunched
     */
    public static Optional<List<String>> relaunchCommand(String mainClass, List<String> args) {
        if (System.getenv(RELAUNCHED) != null) {
            return Optional.empty();
        }
        Optional<String> java = ProcessHandle.current().info().command();
        if (java.isEmpty()) {
            String home = System.getProperty("java.home");
            if (home == null) {
                return Optional.empty();
            }
            java = Optional.of(Path.of(home, "bin", "java").toString());
        }
        return Optional.of(command(java.get(), ManagementFactory.getRuntimeMXBean().getInputArguments(),
                System.getProperty("java.class.path"), mainClass, args));
    }

    /**
     * Pure form of {@link #relaunchCommand}.
     *
     * @param java      the java executable
     * @param jvmArgs   the JVM options
     * @param classPath the class path
     * @param mainClass the main class
     * @param args      the program arguments
     * @return {@code java jvmArgs... -cp classPath mainClass args...}
     */
    static List<String> command(String java, List<String> jvmArgs, String classPath, String mainClass,
                                List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        for (String a : jvmArgs) {
            // a debugger's agent would try to listen on the parent's port again
            if (!a.startsWith("-agentlib:jdwp")) {
                cmd.add(a);
            }
        }
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }
}
