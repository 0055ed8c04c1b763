package org.nrws.cuda;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The NVRTC source of {@link Kernels} compiled by {@code nvcc} to a CUBIN for Hopper (sm_90) and
 * Ampere (sm_80), warnings as errors: a syntax or type error in the source fails here, not first on
 * a GPU host. Skipped (with the reason) where {@code nvcc} is not on the PATH; no device is needed.
 */
class KernelsNvccTest {

    @ParameterizedTest
    @ValueSource(strings = {"sm_90", "sm_80"})
    void nvccCompilesBothKernels(String arch, @org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        assumeTrue(HostKernel.onPath("nvcc"), "nvcc is not on the PATH: the kernel source is not compiled for " + arch);
        Files.writeString(dir.resolve("nrws_dual.cu"), Kernels.source(), StandardCharsets.UTF_8);
        String err = HostKernel.run(List.of("nvcc", "-cubin", "-arch=" + arch, "-Werror", "all-warnings",
                "-o", "nrws_dual.cubin", "nrws_dual.cu"), dir);
        assertNull(err, err);
        String cubin = new String(Files.readAllBytes(dir.resolve("nrws_dual.cubin")), StandardCharsets.ISO_8859_1);
        assertTrue(cubin.contains(Kernels.dualBuild(true)) && cubin.contains(Kernels.dualBuild(false)),
                "the CUBIN lacks a kernel symbol");
    }
}
