package org.nrws.cuda;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nrws.cuda.CudaStatus.Library;

/** Status names and messages (the presets' own constants are compared in cuda-solver's tests). */
class CudaStatusTest {

    @Test
    void namesOfTheUsualCodes() {
        assertEquals("CUSOLVER_STATUS_INVALID_VALUE", CudaStatus.name(Library.CUSOLVER, 3));
        assertEquals("CUBLAS_STATUS_EXECUTION_FAILED", CudaStatus.name(Library.CUBLAS, 13));
        assertEquals("cudaErrorNoDevice", CudaStatus.name(Library.CUDART, 100));
        assertEquals("cusolver status 12345", CudaStatus.name(Library.CUSOLVER, 12345));
    }

    @Test
    void checkPassesOnSuccessAndNamesContextCallAndStatus() {
        assertDoesNotThrow(() -> CudaStatus.check(Library.CUSOLVER, 0, "cusolverDnDpotrfBatched", "layer q0 (primal)"));
        CudaException e = assertThrows(CudaException.class,
                () -> CudaStatus.check(Library.CUSOLVER, 3, "cusolverDnDpotrfBatched", "layer q0 (primal)"));
        assertEquals("layer q0 (primal): cusolverDnDpotrfBatched failed: CUSOLVER_STATUS_INVALID_VALUE (3)", e.getMessage());
    }

    @Test
    void hintsForTheUsualCauses() {
        assertTrue(CudaStatus.message(Library.CUDART, 209, "cudaStreamSynchronize", "layer p0", "no kernel image")
                .endsWith("no kernel image; no kernel image for this GPU: the solver compiles its kernel with NVRTC for the"
                        + " device's own architecture; check that libnvrtc matches the CUDA runtime"));
        assertTrue(CudaStatus.message(Library.CUDART, 35, "x", "c", null).contains("driver >= 580"));
        assertTrue(CudaStatus.message(Library.CUBLAS, 3, "x", "c", null).contains("out of device memory"));
        assertTrue(CudaStatus.message(Library.CUSOLVER, 2, "x", "c", null).contains("out of device memory"));
        assertTrue(CudaStatus.message(Library.CUSOLVER, 4, "x", "c", null).contains("compute capability"));
        assertEquals("", CudaStatus.hint(Library.CUBLAS, 13));
    }
}
