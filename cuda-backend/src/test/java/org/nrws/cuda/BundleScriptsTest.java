package org.nrws.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundle's shell scripts on a fake host: library discovery (ldconfig, the PyTorch wheels, CUDA
 * roots) and run.sh's choice of presets, class path and library path, with a fake java.
 */
class BundleScriptsTest {

    private static final Path SCRIPTS = Path.of("..", "scripts", "gpu-bundle").toAbsolutePath().normalize();

    private static void touch(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, "");
    }

    private static void executable(Path p, String text) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        assertTrue(p.toFile().setExecutable(true));
    }

    /** A host with libcudart.so.13 in ldconfig's cache, cuBLAS/cuSOLVER/NVRTC in wheels, cuda-12 under a CUDA root. */
    private static Map<String, String> fakeHost(Path tmp) throws IOException {
        Path cache = tmp.resolve("sys/lib");
        touch(cache.resolve("libcudart.so.13"));
        Path sp = tmp.resolve("site-packages");
        touch(sp.resolve("nvidia/cu13/lib/libcublas.so.13"));
        touch(sp.resolve("nvidia/cu13/lib/libcusolver.so.12"));
        touch(sp.resolve("nvidia/cu13/lib/libcusolverMg.so.12"));
        touch(sp.resolve("nvidia/cu13/lib/libcublasLt.so.13"));
        touch(sp.resolve("nvidia/nvrtc/lib/libnvrtc.so.13"));
        Files.createDirectories(sp.resolve("nvidia/empty/lib"));           // no CUDA library: not kept
        touch(tmp.resolve("cuda-12.6/lib64/libcudart.so.12"));
        Path bin = tmp.resolve("bin");
        executable(bin.resolve("ldconfig"), "#!/bin/sh\necho '42 libs found in cache'\n"
                + "echo '\tlibcudart.so.13 (libc6,x86-64) => " + cache.resolve("libcudart.so.13") + "'\n"
                + "echo '\tlibc.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libc.so.6'\n");
        executable(bin.resolve("python3"), "#!/bin/sh\ncat >/dev/null\necho " + sp + "\n");
        touch(tmp.resolve("driver/libcuda.so.1"));
        return Map.of("PATH", bin + ":/usr/bin:/bin", "NRWS_CUDA_ROOTS", tmp.resolve("cuda-12.6").toString(),
                "NRWS_DRIVER_DIRS", tmp.resolve("driver") + " " + tmp.resolve("no-such-folder"));
    }

    private static String run(Map<String, String> env, Path dir, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().remove("NRWS_CUDA_LIB_PATH");
        pb.environment().remove("OUT");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void theScriptsParse(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");
        for (Path script : List.of(SCRIPTS.resolve("run.sh"), SCRIPTS.resolve("find-cuda-libs.sh"),
                SCRIPTS.getParent().resolve("gpu-check.sh"))) {
            run(Map.of(), tmp, "bash", "-n", script.toString());
            assertTrue(script.toFile().canExecute(), script + " is not executable");
        }
    }

    @Test
    void discoveryFindsLdconfigWheelsAndCudaRootsInOrder(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");
        Map<String, String> env = fakeHost(tmp);
        String out = run(env, tmp, "bash", SCRIPTS.resolve("find-cuda-libs.sh").toString(), "--print");
        String expected = "folders: " + String.join(":", tmp.resolve("sys/lib").toString(),
                tmp.resolve("site-packages/nvidia/cu13/lib").toString(), tmp.resolve("site-packages/nvidia/nvrtc/lib").toString(),
                tmp.resolve("cuda-12.6/lib64").toString(), tmp.resolve("driver").toString());
        assertTrue(out.startsWith(expected + "\n"), out);
        for (String so : List.of("libcuda.so.1", "libcudart.so.13", "libcublas.so.13", "libcusolver.so.12", "libnvrtc.so.13", "libcudart.so.12")) {
            assertTrue(out.contains("found: " + so + "\n"), so + " in " + out);
        }
        assertTrue(out.contains("missing: libcusolver.so.11"), out);
    }

    @Test
    void runShPicksThePresetsOfTheHostsLibrariesAndPassesThePaths(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");
        Map<String, String> env = fakeHost(tmp);
        Path bundle = tmp.resolve("bundle");
        Files.createDirectories(bundle);
        for (String f : List.of("run.sh", "find-cuda-libs.sh")) {
            Files.copy(SCRIPTS.resolve(f), bundle.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        touch(bundle.resolve("lib/cuda13/cuda-13.1-9.19-1.5.13.jar"));
        touch(bundle.resolve("lib/cuda12/cuda-12.6-9.5-1.5.11.jar"));
        executable(bundle.resolve("jre/bin/java"), "#!/bin/sh\necho \"LD=$LD_LIBRARY_PATH\"\nfor a in \"$@\"; do echo \"ARG=$a\"; done\n");
        String out = run(env, bundle, "bash", bundle.resolve("run.sh").toString(), "--self-test");
        assertTrue(out.contains("run.sh: presets: cuda13"), out);
        assertTrue(!out.contains("libcuda.so.1 was not found"), out);
        assertTrue(!out.contains("not found for the"), out);
        assertTrue(out.contains("LD=" + tmp.resolve("sys/lib") + ":"), out);
        assertTrue(out.contains("ARG=-Dorg.bytedeco.javacpp.pathsFirst=true"), out);
        assertTrue(out.contains("ARG=" + bundle + "/lib/common/*:" + bundle + "/lib/cuda13/*"), out);
        assertTrue(out.contains("ARG=org.nrws.cuda.device.DeviceCheck"), out);
        assertTrue(out.contains("ARG=--self-test"), out);

        // A host with CUDA 13's runtime but CUDA 12's cuBLAS/cuSOLVER/NVRTC: the complete set, 12.6, wins.
        List<String> twelveSet = List.of("libcublas.so.12", "libcublasLt.so.12", "libcusolver.so.11", "libcusolverMg.so.11",
                "libnvrtc.so.12");
        for (String so : twelveSet) {
            touch(tmp.resolve("cuda-12.6/lib64/" + so));
        }
        Files.delete(tmp.resolve("site-packages/nvidia/cu13/lib/libcublas.so.13"));
        String mixed = run(env, bundle, "bash", bundle.resolve("run.sh").toString(), "--self-test");
        assertTrue(mixed.contains("run.sh: presets: cuda12"), mixed);
        for (String so : twelveSet) {
            Files.delete(tmp.resolve("cuda-12.6/lib64/" + so));
        }

        // A CUDA 12 host (no libcudart.so.13 anywhere): the 12.6 presets.
        Files.delete(tmp.resolve("sys/lib/libcudart.so.13"));
        String twelve = run(env, bundle, "bash", bundle.resolve("run.sh").toString());
        assertTrue(twelve.contains("run.sh: presets: cuda12"), twelve);
        assertTrue(twelve.contains("run.sh: not found for the cuda12 presets: libcublas.so.12 libcublasLt.so.12"), twelve);
        Files.delete(tmp.resolve("driver/libcuda.so.1"));
        String noDriver = run(env, bundle, "bash", bundle.resolve("run.sh").toString(), "--self-test");
        assertTrue(noDriver.contains("run.sh: the NVIDIA driver's libcuda.so.1 was not found"), noDriver);
        assertTrue(twelve.contains("ARG=" + bundle + "/lib/common/*:" + bundle + "/lib/cuda12/*"), twelve);
    }
}
