package org.nrws.cuda;

import static org.bytedeco.cuda.global.cudart.cudaDevAttrComputeCapabilityMajor;
import static org.bytedeco.cuda.global.cudart.cudaDevAttrComputeCapabilityMinor;
import static org.bytedeco.cuda.global.cudart.cudaDeviceGetAttribute;
import static org.bytedeco.cuda.global.cudart.cudaDriverGetVersion;
import static org.bytedeco.cuda.global.cudart.cudaGetDevice;
import static org.bytedeco.cuda.global.cudart.cudaGetDeviceCount;
import static org.bytedeco.cuda.global.cudart.cudaGetDeviceProperties;
import static org.bytedeco.cuda.global.cudart.cudaGetErrorString;
import static org.bytedeco.cuda.global.cudart.cudaMemGetInfo;
import static org.bytedeco.cuda.global.cudart.cudaRuntimeGetVersion;

import org.bytedeco.cuda.cudart.cudaDeviceProp;
import org.bytedeco.javacpp.SizeTPointer;
import org.nrws.cuda.CudaStatus.Library;

/**
 * Queries of the CUDA runtime (JavaCPP cudart). Device-only: loading this class loads
 * {@code libjnicudart} and {@code libcudart.so.11.0}; callers catch {@link LinkageError}.
 */
final class CudaDevice {

    private CudaDevice() {
    }

    /**
     * A device's identity.
     *
     * @param id         device ordinal
     * @param name       e.g. "NVIDIA A100-SXM4-40GB"
     * @param major      compute capability major
     * @param minor      compute capability minor
     * @param totalBytes global memory
     */
    record Info(int id, String name, int major, int minor, long totalBytes) {
    }

    /** @return the number of visible devices (0 when the runtime reports none) */
    static int count() {
        int[] n = new int[1];
        int s = cudaGetDeviceCount(n);
        return s == 0 ? n[0] : 0;
    }

    /** @return a reason when no device is usable, from cudaGetDeviceCount's status, or null */
    static String countFailure() {
        int[] n = new int[1];
        int s = cudaGetDeviceCount(n);
        if (s != 0) {
            return CudaStatus.message(Library.CUDART, s, "cudaGetDeviceCount", "CUDA runtime", errorString(s));
        }
        return n[0] == 0 ? "cudaGetDeviceCount found 0 devices" : null;
    }

    /** @return the calling thread's current device */
    static int current() {
        int[] d = new int[1];
        CudaStatus.check(Library.CUDART, cudaGetDevice(d), "cudaGetDevice", "CUDA runtime");
        return d[0];
    }

    /**
     * @param device a device ordinal
     * @return its identity
     */
    static Info info(int device) {
        int[] major = new int[1];
        int[] minor = new int[1];
        CudaStatus.check(Library.CUDART, cudaDeviceGetAttribute(major, cudaDevAttrComputeCapabilityMajor, device),
                "cudaDeviceGetAttribute", "CUDA device " + device);
        CudaStatus.check(Library.CUDART, cudaDeviceGetAttribute(minor, cudaDevAttrComputeCapabilityMinor, device),
                "cudaDeviceGetAttribute", "CUDA device " + device);
        try (cudaDeviceProp p = new cudaDeviceProp()) {
            CudaStatus.check(Library.CUDART, cudaGetDeviceProperties(p, device), "cudaGetDeviceProperties",
                    "CUDA device " + device);
            return new Info(device, p.name().getString(), major[0], minor[0], p.totalGlobalMem());
        }
    }

    /** @return {free, total} bytes of the current device */
    static long[] memory() {
        try (SizeTPointer free = new SizeTPointer(1); SizeTPointer total = new SizeTPointer(1)) {
            CudaStatus.check(Library.CUDART, cudaMemGetInfo(free, total), "cudaMemGetInfo", "CUDA device");
            return new long[] {free.get(), total.get()};
        }
    }

    /** @return e.g. "driver 12020, runtime 11060" (CUDA versions as 1000 * major + 10 * minor) */
    static String versions() {
        int[] driver = new int[1];
        int[] runtime = new int[1];
        cudaDriverGetVersion(driver);
        cudaRuntimeGetVersion(runtime);
        return "CUDA driver API " + driver[0] + ", runtime " + runtime[0];
    }

    /**
     * @param status a cudaError_t
     * @return cudaGetErrorString's text
     */
    static String errorString(int status) {
        return cudaGetErrorString(status).getString();
    }
}
