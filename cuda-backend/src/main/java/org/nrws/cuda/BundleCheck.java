package org.nrws.cuda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checks the device-check bundle that {@code scripts/gpu-check.sh --bundle DIR} builds: its files
 * and its size (at most {@value #MAX_BYTES} bytes: the GPU host accepts 64 MiB). Usage:
 * {@code BundleCheck DIR}; prints one line per problem, exits 1 when there is any.
 */
public final class BundleCheck {

    /** The size limit of a bundle: 60 MiB. */
    public static final long MAX_BYTES = 60L << 20;

    /** The jars a bundle must hold under {@code lib/} (in any subfolder), by name prefix. */
    public static final List<String> JARS = List.of("nrws-core-", "nrws-cuda-backend-", "nrws-cuda-solver-", "javacpp-",
            "cuda-");

    private BundleCheck() {
    }

    /**
     * @param dir the bundle
     * @return the problems found (empty when the bundle is complete and small enough)
     * @throws IOException when the folder cannot be read
     */
    public static List<String> problems(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            out.add(dir + " is not a folder");
            return out;
        }
        Path run = dir.resolve("run.sh");
        if (!Files.isRegularFile(run) || !Files.isExecutable(run)) {
            out.add("run.sh is missing or not executable");
        }
        Path java = dir.resolve("jre/bin/java");
        if (!Files.isRegularFile(java) || !Files.isExecutable(java)) {
            out.add("jre/bin/java is missing or not executable (the jlinked runtime)");
        }
        for (String f : List.of("fixtures/reference.fix", "fixtures/large.fix", "find-cuda-libs.sh")) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                out.add(f + " is missing");
            }
        }
        List<String> jars = new ArrayList<>();
        Path lib = dir.resolve("lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> s = Files.walk(lib)) {
                s.filter(Files::isRegularFile).forEach(p -> jars.add(p.getFileName().toString()));
            }
        }
        for (String prefix : JARS) {
            if (jars.stream().noneMatch(j -> j.startsWith(prefix) && j.endsWith(".jar"))) {
                out.add("lib/ has no " + prefix + "*.jar");
            }
        }
        if (jars.stream().noneMatch(j -> j.startsWith("cuda-") && j.endsWith("-linux-x86_64.jar"))) {
            out.add("lib/ has no cuda-*-linux-x86_64.jar (the presets' JNI libraries)");
        }
        for (String j : jars) {
            if (j.contains("redist")) {
                out.add("lib/" + j + " is a redist jar (the CUDA libraries themselves, over 1 GB): the host's are used");
            }
            if (j.startsWith("nd4j") || j.startsWith("openblas")) {
                out.add("lib/" + j + " does not belong in a bundle (the device check needs no ND4J or OpenBLAS)");
            }
        }
        long size = size(dir);
        if (size > MAX_BYTES) {
            out.add("the bundle is " + MemoryPlan.gib(size) + " (" + size + " bytes), over the limit of 60 MiB");
        }
        return out;
    }

    /**
     * @param dir a folder
     * @return the bytes of all regular files under it
     * @throws IOException when it cannot be read
     */
    public static long size(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sum();
        }
    }

    /**
     * @param args {@code DIR}
     * @throws IOException when the folder cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: BundleCheck DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        List<String> p = problems(dir);
        for (String s : p) {
            System.out.println("bundle: " + s);
        }
        System.out.printf("bundle %s: %d bytes (%.1f MiB), %s%n", dir, size(dir), size(dir) / (double) (1 << 20),
                p.isEmpty() ? "complete" : p.size() + " problem(s)");
        System.exit(p.isEmpty() ? 0 : 1);
    }
}
