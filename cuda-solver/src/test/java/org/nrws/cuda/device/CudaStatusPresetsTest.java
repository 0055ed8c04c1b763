package org.nrws.cuda.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.cusolver;
import org.junit.jupiter.api.Test;
import org.nrws.cuda.CudaStatus;
import org.nrws.cuda.CudaStatus.Library;

/**
 * The status names of {@link CudaStatus} against the presets' constants (compile-time constants,
 * inlined by javac: no CUDA class is loaded, so this runs without a device).
 */
class CudaStatusPresetsTest {

    @Test
    void namesMatchTheJavaCppConstants() {
        assertEquals("CUSOLVER_STATUS_INVALID_VALUE", CudaStatus.name(Library.CUSOLVER, cusolver.CUSOLVER_STATUS_INVALID_VALUE));
        assertEquals("CUSOLVER_STATUS_ALLOC_FAILED", CudaStatus.name(Library.CUSOLVER, cusolver.CUSOLVER_STATUS_ALLOC_FAILED));
        assertEquals("CUSOLVER_STATUS_ARCH_MISMATCH", CudaStatus.name(Library.CUSOLVER, cusolver.CUSOLVER_STATUS_ARCH_MISMATCH));
        assertEquals("CUSOLVER_STATUS_INVALID_WORKSPACE",
                CudaStatus.name(Library.CUSOLVER, cusolver.CUSOLVER_STATUS_INVALID_WORKSPACE));
        assertEquals("CUBLAS_STATUS_EXECUTION_FAILED", CudaStatus.name(Library.CUBLAS, cublas.CUBLAS_STATUS_EXECUTION_FAILED));
        assertEquals("CUBLAS_STATUS_ALLOC_FAILED", CudaStatus.name(Library.CUBLAS, cublas.CUBLAS_STATUS_ALLOC_FAILED));
        assertEquals("CUBLAS_STATUS_NOT_SUPPORTED", CudaStatus.name(Library.CUBLAS, cublas.CUBLAS_STATUS_NOT_SUPPORTED));
        assertEquals("cudaErrorNoKernelImageForDevice", CudaStatus.name(Library.CUDART, cudart.cudaErrorNoKernelImageForDevice));
        assertEquals("cudaErrorInsufficientDriver", CudaStatus.name(Library.CUDART, cudart.cudaErrorInsufficientDriver));
        assertEquals("cudaErrorNoDevice", CudaStatus.name(Library.CUDART, cudart.cudaErrorNoDevice));
        assertEquals("cudaErrorMemoryAllocation", CudaStatus.name(Library.CUDART, cudart.cudaErrorMemoryAllocation));
        assertEquals("cusolver status 12345", CudaStatus.name(Library.CUSOLVER, 12345));
    }

    @Test
    void thePresetsRunOnTheirOwnJavaCpp() {
        String expected = System.getProperty("nrws.javacpp.expected");
        assertNotNull(expected, "surefire must pass nrws.javacpp.expected (cuda-solver's pom)");
        String jar = org.bytedeco.javacpp.Loader.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        assertTrue(jar.endsWith("/javacpp-" + expected + ".jar"), "Loader loaded from " + jar);
        String presets = cudart.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        assertTrue(presets.endsWith("-" + expected + ".jar") && !presets.contains("redist"), presets);
    }
}
