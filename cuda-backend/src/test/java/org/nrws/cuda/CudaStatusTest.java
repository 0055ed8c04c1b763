package org.nrws.cuda;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.cusolver;
import org.junit.jupiter.api.Test;
import org.nrws.cuda.CudaStatus.Library;

/**
 * Status names and messages. The JavaCPP constants used below are compile-time constants, inlined
 * by javac: the CUDA classes themselves are not loaded.
 */
class CudaStatusTest {

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
    void checkPassesOnSuccessAndNamesContextCallAndStatus() {
        assertDoesNotThrow(() -> CudaStatus.check(Library.CUSOLVER, 0, "cusolverDnDpotrfBatched", "layer q0 (primal)"));
        CudaException e = assertThrows(CudaException.class,
                () -> CudaStatus.check(Library.CUSOLVER, 3, "cusolverDnDpotrfBatched", "layer q0 (primal)"));
        assertEquals("layer q0 (primal): cusolverDnDpotrfBatched failed: CUSOLVER_STATUS_INVALID_VALUE (3)", e.getMessage());
    }

    @Test
    void hintsForTheUsualCauses() {
        assertTrue(CudaStatus.message(Library.CUDART, 209, "cudaStreamSynchronize", "layer p0", "no kernel image")
                .endsWith("no kernel image; nd4j-cuda-11.6 has kernels for sm_37..sm_86 only (no Hopper or newer)"));
        assertTrue(CudaStatus.message(Library.CUDART, 35, "x", "c", null).contains("driver >= 510.39.01"));
        assertTrue(CudaStatus.message(Library.CUBLAS, 3, "x", "c", null).contains("out of device memory"));
        assertTrue(CudaStatus.message(Library.CUSOLVER, 2, "x", "c", null).contains("out of device memory"));
        assertTrue(CudaStatus.message(Library.CUSOLVER, 4, "x", "c", null).contains("compute capability"));
        assertEquals("", CudaStatus.hint(Library.CUBLAS, 13));
    }
}
