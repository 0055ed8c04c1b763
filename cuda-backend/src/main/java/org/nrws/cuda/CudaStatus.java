package org.nrws.cuda;

import java.util.Map;

/**
 * Status codes of the CUDA runtime, cuBLAS and cuSOLVER (the same in CUDA 11 to 13), their names, and the
 * check that turns a failure into a {@link CudaException}. Plain Java: no CUDA class is loaded.
 */
public final class CudaStatus {

    /** The library a status comes from. */
    public enum Library {
        /** cudaError_t. */
        CUDART,
        /** cublasStatus_t. */
        CUBLAS,
        /** cusolverStatus_t. */
        CUSOLVER
    }

    private static final Map<Integer, String> CUDART = Map.ofEntries(
            Map.entry(0, "cudaSuccess"),
            Map.entry(1, "cudaErrorInvalidValue"),
            Map.entry(2, "cudaErrorMemoryAllocation"),
            Map.entry(3, "cudaErrorInitializationError"),
            Map.entry(34, "cudaErrorStubLibrary"),
            Map.entry(35, "cudaErrorInsufficientDriver"),
            Map.entry(100, "cudaErrorNoDevice"),
            Map.entry(101, "cudaErrorInvalidDevice"),
            Map.entry(209, "cudaErrorNoKernelImageForDevice"),
            Map.entry(222, "cudaErrorUnsupportedPtxVersion"),
            Map.entry(700, "cudaErrorIllegalAddress"),
            Map.entry(719, "cudaErrorLaunchFailure"),
            Map.entry(803, "cudaErrorSystemDriverMismatch"),
            Map.entry(804, "cudaErrorCompatNotSupportedOnDevice"));

    private static final Map<Integer, String> CUBLAS = Map.ofEntries(
            Map.entry(0, "CUBLAS_STATUS_SUCCESS"),
            Map.entry(1, "CUBLAS_STATUS_NOT_INITIALIZED"),
            Map.entry(3, "CUBLAS_STATUS_ALLOC_FAILED"),
            Map.entry(7, "CUBLAS_STATUS_INVALID_VALUE"),
            Map.entry(8, "CUBLAS_STATUS_ARCH_MISMATCH"),
            Map.entry(11, "CUBLAS_STATUS_MAPPING_ERROR"),
            Map.entry(13, "CUBLAS_STATUS_EXECUTION_FAILED"),
            Map.entry(14, "CUBLAS_STATUS_INTERNAL_ERROR"),
            Map.entry(15, "CUBLAS_STATUS_NOT_SUPPORTED"),
            Map.entry(16, "CUBLAS_STATUS_LICENSE_ERROR"));

    private static final Map<Integer, String> CUSOLVER = Map.ofEntries(
            Map.entry(0, "CUSOLVER_STATUS_SUCCESS"),
            Map.entry(1, "CUSOLVER_STATUS_NOT_INITIALIZED"),
            Map.entry(2, "CUSOLVER_STATUS_ALLOC_FAILED"),
            Map.entry(3, "CUSOLVER_STATUS_INVALID_VALUE"),
            Map.entry(4, "CUSOLVER_STATUS_ARCH_MISMATCH"),
            Map.entry(5, "CUSOLVER_STATUS_MAPPING_ERROR"),
            Map.entry(6, "CUSOLVER_STATUS_EXECUTION_FAILED"),
            Map.entry(7, "CUSOLVER_STATUS_INTERNAL_ERROR"),
            Map.entry(8, "CUSOLVER_STATUS_MATRIX_TYPE_NOT_SUPPORTED"),
            Map.entry(9, "CUSOLVER_STATUS_NOT_SUPPORTED"),
            Map.entry(10, "CUSOLVER_STATUS_ZERO_PIVOT"),
            Map.entry(11, "CUSOLVER_STATUS_INVALID_LICENSE"),
            Map.entry(31, "CUSOLVER_STATUS_INVALID_WORKSPACE"));

    private CudaStatus() {
    }

    /**
     * @param library the library
     * @param status  its status code
     * @return the symbolic name, e.g. {@code "CUSOLVER_STATUS_INVALID_VALUE"}, or
     *     {@code "<library> status <code>"} for codes not listed
     */
    public static String name(Library library, int status) {
        Map<Integer, String> names = library == Library.CUDART ? CUDART : library == Library.CUBLAS ? CUBLAS : CUSOLVER;
        String n = names.get(status);
        return n != null ? n : library.name().toLowerCase(java.util.Locale.ROOT) + " status " + status;
    }

    /**
     * @param library the library
     * @param status  its status code
     * @return what the user can do about it, or an empty string
     */
    public static String hint(Library library, int status) {
        if (library == Library.CUDART) {
            switch (status) {
                case 2:
                    return "out of device memory: lower the batch or use --fisher-dtype float32";
                case 34:
                case 35:
                case 803:
                    return "the NVIDIA driver is too old for these CUDA libraries: the 13.1 presets need driver >= 580, the 12.6 ones"
                            + " (-Pcuda,cuda12) >= 525";
                case 100:
                    return "no CUDA device is visible (check nvidia-smi and CUDA_VISIBLE_DEVICES)";
                case 209:
                case 222:
                    return "no kernel image for this GPU: the solver compiles its kernel with NVRTC for the device's own"
                            + " architecture; check that libnvrtc matches the CUDA runtime";
                default:
                    return "";
            }
        }
        if (library == Library.CUBLAS ? status == 3 : status == 2) {
            return "out of device memory: lower the batch or use --fisher-dtype float32";
        }
        if (library == Library.CUBLAS ? status == 8 : status == 4) {
            return "the device's compute capability is not supported by this CUDA library";
        }
        return "";
    }

    /**
     * @param library the library
     * @param status  the status a call returned
     * @param call    the call, e.g. {@code "cusolverDnDpotrfBatched"}
     * @param context the batch's context, e.g. {@code "layer q0 (primal)"}
     * @throws CudaException when {@code status} is not success (0)
     */
    public static void check(Library library, int status, String call, String context) {
        if (status != 0) {
            throw new CudaException(message(library, status, call, context, null));
        }
    }

    /**
     * @param library the library
     * @param status  the failed status
     * @param call    the call
     * @param context the batch's context
     * @param detail  extra text, e.g. cudaGetErrorString's, or null
     * @return e.g. {@code "layer q0 (primal): cusolverDnDpotrfBatched failed: CUSOLVER_STATUS_INVALID_VALUE (3)"}
     */
    public static String message(Library library, int status, String call, String context, String detail) {
        StringBuilder sb = new StringBuilder();
        sb.append(context).append(": ").append(call).append(" failed: ").append(name(library, status)).append(" (")
                .append(status).append(')');
        if (detail != null && !detail.isEmpty()) {
            sb.append(", ").append(detail);
        }
        String h = hint(library, status);
        if (!h.isEmpty()) {
            sb.append("; ").append(h);
        }
        return sb.toString();
    }
}
