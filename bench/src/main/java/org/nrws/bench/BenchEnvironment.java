package org.nrws.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Describes the machine and the run: cores, ND4J backend, BLAS vendor and thread counts, Java,
 * OS, date, load average and git commit. Every bench output starts with this description so a
 * number is never quoted without its context.
 */
public final class BenchEnvironment {

    private BenchEnvironment() {
    }

    /**
     * @return the 1, 5 and 15 minute load averages from {@code /proc/loadavg}, or "n/a"
     */
    public static String loadAverage() {
        Path p = Path.of("/proc/loadavg");
        try {
            if (Files.exists(p)) {
                String[] f = Files.readString(p).trim().split("\\s+");
                return f[0] + " " + f[1] + " " + f[2];
            }
        } catch (IOException e) {
            // fall through
        }
        return "n/a";
    }

    /**
     * @return the 1-minute load average, or NaN when unknown
     */
    public static double loadAverage1() {
        String s = loadAverage();
        try {
            return Double.parseDouble(s.split(" ")[0]);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * @return the short git commit of the working directory (with "-dirty" when it has changes), or "unknown"
     */
    public static String gitCommit() {
        try {
            String head = run("git", "rev-parse", "--short", "HEAD");
            String status = run("git", "status", "--porcelain", "--untracked-files=no");
            return head.isEmpty() ? "unknown" : head + (status.isEmpty() ? "" : "-dirty");
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return "unknown";
        }
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return p.waitFor() == 0 ? out : "";
    }

    /**
     * Describes the machine. Initialises ND4J.
     *
     * @return an ordered map of descriptive fields
     */
    public static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", Instant.now().toString());
        m.put("git", gitCommit());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("cpu", cpuModel());
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("backend", Nd4j.getBackend().getClass().getSimpleName());
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        m.put("blas.vendor", String.valueOf(env.get("blas.vendor")));
        m.put("omp.threads", String.valueOf(env.get("omp.threads")));
        int blasThreads = -1;
        try {
            if (Nd4j.getEnvironment().isCPU()) {
                blasThreads = openblas.blas_get_num_threads();
            }
        } catch (Throwable t) {
            // not the OpenBLAS build
        }
        m.put("openblas.threads", blasThreads);
        m.put("env.OMP_NUM_THREADS", String.valueOf(System.getenv("OMP_NUM_THREADS")));
        m.put("env.BACKEND_PRIORITY_CPU", String.valueOf(System.getenv("BACKEND_PRIORITY_CPU")));
        m.put("load", loadAverage());
        return m;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return "unknown";
    }
}
