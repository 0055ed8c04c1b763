package org.nrws.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The exact text of {@link Kernels#source()} compiled with the host's C++ compiler under a shim
 * ({@code host-shim.cpp}: the CUDA built-ins as host definitions, a serial loop over the launch
 * grid of {@link Kernels#gridX} x m blocks of {@link Kernels#BLOCK} threads), and run on given
 * inputs. Tests compare it with the CPU engine and with {@link HostOps#dualBuild}.
 */
final class HostKernel {

    private static Path binary;
    private static String noCompiler;
    private static IOException failure;

    private HostKernel() {
    }

    /**
     * @return null when a host C++ compiler is on the PATH (the tests then need the kernel to
     *     compile), else why the host kernel cannot be built here
     */
    static synchronized String unavailableReason() {
        if (binary == null && noCompiler == null && failure == null) {
            try {
                compiler();
            } catch (IOException e) {
                noCompiler = e.getMessage();
                return noCompiler;
            }
            try {
                binary = compile(Kernels.source());
            } catch (IOException e) {
                failure = e;                    // a compile error of the kernel text: reported by dualBuild
            }
        }
        return noCompiler;
    }

    /**
     * @param source a kernel source
     * @return the compiled shim binary
     * @throws IOException with the compiler's output when it fails, or when no compiler is found
     */
    static Path compile(String source) throws IOException {
        String cxx = compiler();
        Path dir = Files.createTempDirectory("nrws-host-kernel");
        Files.writeString(dir.resolve("kernel.cu"), source, StandardCharsets.UTF_8);
        try (InputStream in = HostKernel.class.getResourceAsStream("host-shim.cpp")) {
            Files.write(dir.resolve("host-shim.cpp"), in.readAllBytes());
        }
        Path exe = dir.resolve("host-shim");
        String out = run(List.of(cxx, "-std=c++17", "-O1", "-ffp-contract=off", "-Wall", "-Werror",
                "-DNRWS_KERNEL_SOURCE=\"kernel.cu\"", "-x", "c++", "host-shim.cpp", "-o", exe.toString()), dir);
        if (out != null) {
            throw new IOException(cxx + " failed on the kernel source:\n" + out);
        }
        return exe;
    }

    private static String compiler() throws IOException {
        for (String c : new String[] {System.getenv("CXX"), "g++", "c++", "clang++"}) {
            if (c != null && !c.isBlank() && onPath(c)) {
                return c;
            }
        }
        throw new IOException("no host C++ compiler (g++, c++, clang++ or $CXX) on the PATH");
    }

    /**
     * @param exe a program name
     * @return whether it is an executable on the PATH
     */
    static boolean onPath(String exe) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, exe))) {
                return true;
            }
        }
        return false;
    }

    /** @return null on exit 0, else the command's output */
    static String run(List<String> cmd, Path dir) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(cmd.get(0) + " timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + String.join(" ", cmd) + "\n" + out;
    }

    /**
     * Runs the compiled kernel ({@link #unavailableReason()} must be null).
     *
     * @throws IOException the compiler's output when the kernel text does not compile for the host
     *
     * @param f64   float64 (else float32: the inputs are rounded to float)
     * @param gram  G, column-major [n, n]
     * @param s     the scales [m, n]
     * @param n     N
     * @param m     m
     * @param alpha the damping
     * @return the m column-major blocks [m, n, n], widened to double
     */
    static double[] dualBuild(boolean f64, double[] gram, double[] s, int n, int m, double alpha) throws IOException {
        if (unavailableReason() != null) {
            throw new IllegalStateException(unavailableReason());
        }
        if (failure != null) {
            throw failure;
        }
        return dualBuild(binary, f64, gram, s, n, m, alpha);
    }

    /** As {@link #dualBuild(boolean, double[], double[], int, int, double)} with a given binary. */
    static double[] dualBuild(Path exe, boolean f64, double[] gram, double[] s, int n, int m, double alpha)
            throws IOException {
        int eb = f64 ? 8 : 4;
        ByteBuffer b = ByteBuffer.allocate(28 + eb * (n * n + m * n)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(eb).putInt(n).putInt(m).putInt(Kernels.gridX(n)).putInt(Kernels.BLOCK).putDouble(alpha);
        for (double[] x : new double[][] {gram, s}) {
            for (double v : x) {
                if (f64) {
                    b.putDouble(v);
                } else {
                    b.putFloat((float) v);
                }
            }
        }
        Path dir = exe.getParent();
        Path in = Files.createTempFile(dir, "in", ".bin");
        Path out = Files.createTempFile(dir, "out", ".bin");
        try {
            Files.write(in, b.array());
            List<String> cmd = new ArrayList<>(List.of(exe.toString(), in.toString(), out.toString()));
            String err = run(cmd, dir);
            if (err != null) {
                throw new IOException(err);
            }
            ByteBuffer r = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
            double[] o = new double[m * n * n];
            for (int k = 0; k < o.length; k++) {
                o[k] = f64 ? r.getDouble() : r.getFloat();
            }
            return o;
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
        }
    }
}
