package org.nrws.cuda.device;

import static org.bytedeco.cuda.global.cudart.cudaDeviceGetAttribute;
import static org.bytedeco.cuda.global.cudart.cudaDriverGetVersion;
import static org.bytedeco.cuda.global.cudart.cudaGetDeviceCount;
import static org.bytedeco.cuda.global.cudart.cudaMemGetInfo;
import static org.bytedeco.cuda.global.cudart.cudaRuntimeGetVersion;
import static org.bytedeco.cuda.global.cudart.cudaSetDevice;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.SizeTPointer;
import org.nrws.cuda.CudaStatus;
import org.nrws.cuda.CudaStatus.Library;

/**
 * Loads the CUDA runtime, cuBLAS and cuSOLVER through JavaCPP (the presets' JNI libraries,
 * linked against the host's CUDA libraries) and probes device 0. A failure becomes a reason that
 * starts with "no CUDA device", never an exception: this is what {@code --backend auto} and the
 * bundle's self-test report. NVRTC is loaded later, by {@link DualKernel}, and is optional.
 */
public final class CudaRuntime {

    /** The cudaDeviceAttr of the compute capability's major version. */
    static final int ATTR_CC_MAJOR = 75;
    /** The cudaDeviceAttr of the compute capability's minor version. */
    static final int ATTR_CC_MINOR = 76;

    /**
     * What the probe found.
     *
     * @param reason         null when device 0 can be used, else why not ("no CUDA device: ...")
     * @param device         the device's name, or null
     * @param major          compute capability major, or 0
     * @param minor          compute capability minor, or 0
     * @param freeBytes      free device memory at the probe, or -1
     * @param totalBytes     device memory, or -1
     * @param runtimeVersion cudaRuntimeGetVersion, e.g. 13010, or 0
     * @param driverVersion  cudaDriverGetVersion, e.g. 13000, or 0
     */
    public record Probe(String reason, String device, int major, int minor, long freeBytes, long totalBytes,
                        int runtimeVersion, int driverVersion) {

        /** @return true when the device can be used */
        public boolean available() {
            return reason == null;
        }
    }

    private static Probe probe;

    private CudaRuntime() {
    }

    /** @return the probe of device 0, made once per JVM */
    public static synchronized Probe probe() {
        if (probe == null) {
            probe = doProbe();
        }
        return probe;
    }

    private static Probe doProbe() {
        String loaded = load(0, 1);
        if (loaded != null) {
            return new Probe(loaded, null, 0, 0, -1, -1, 0, 0);
        }
        IntPointer v = new IntPointer(1);
        int runtime = cudaRuntimeGetVersion(v) == 0 ? v.get() : 0;
        int driver = cudaDriverGetVersion(v) == 0 ? v.get() : 0;
        int st = cudaGetDeviceCount(v);
        if (st != 0) {
            return new Probe("no CUDA device: cudaGetDeviceCount returned " + CudaStatus.name(Library.CUDART, st) + " (" + st
                    + ")" + (driver > 0 && runtime > driver ? "; the driver supports CUDA " + version(driver)
                    + " but the runtime is " + version(runtime) : "") + hint(st), null, 0, 0, -1, -1, runtime, driver);
        }
        if (v.get() < 1) {
            return new Probe("no CUDA device: cudaGetDeviceCount found none", null, 0, 0, -1, -1, runtime, driver);
        }
        loaded = load(1, 3);          // cuBLAS, cuSOLVER once a device is known; NVRTC is optional (DualKernel)
        if (loaded != null) {
            return new Probe(loaded, null, 0, 0, -1, -1, runtime, driver);
        }
        st = cudaSetDevice(0);
        if (st != 0) {
            return new Probe("no CUDA device: cudaSetDevice(0) returned " + CudaStatus.name(Library.CUDART, st), null, 0, 0,
                    -1, -1, runtime, driver);
        }
        IntPointer major = new IntPointer(1);
        IntPointer minor = new IntPointer(1);
        cudaDeviceGetAttribute(major, ATTR_CC_MAJOR, 0);
        cudaDeviceGetAttribute(minor, ATTR_CC_MINOR, 0);
        SizeTPointer free = new SizeTPointer(1);
        SizeTPointer total = new SizeTPointer(1);
        st = cudaMemGetInfo(free, total);
        if (st != 0) {
            return new Probe("no CUDA device: cudaMemGetInfo returned " + CudaStatus.name(Library.CUDART, st), null,
                    major.get(), minor.get(), -1, -1, runtime, driver);
        }
        return new Probe(null, deviceName(), major.get(), minor.get(), free.get(), total.get(), runtime, driver);
    }

    private static String hint(int status) {
        String h = CudaStatus.hint(Library.CUDART, status);
        return h.isEmpty() ? "" : "; " + h;
    }

    /** Loads libraries [from, to) of cudart, cublas, cusolver; returns null or the reason one did not load. */
    private static String load(int from, int to) {
        String[] names = {"cudart", "cublas", "cusolver"};
        Class<?>[] classes = {org.bytedeco.cuda.global.cudart.class, org.bytedeco.cuda.global.cublas.class,
                org.bytedeco.cuda.global.cusolver.class};
        for (int k = from; k < to; k++) {
            try {
                Loader.load(classes[k]);
            } catch (Throwable e) {       // UnsatisfiedLinkError, or the NoClassDefFoundError that follows one
                String msg = String.valueOf(e.getMessage());
                return "no CUDA device: the CUDA " + names[k] + " library did not load (" + e.getClass().getSimpleName()
                        + ": " + (msg.length() > 300 ? msg.substring(0, 300) + "..." : msg) + "); the presets need "
                        + "the NVIDIA driver (libcuda.so.1) and the host's CUDA libraries on LD_LIBRARY_PATH (run.sh "
                        + "searches ldconfig, the PyTorch wheels and /usr/local/cuda*)";
            }
        }
        return null;
    }

    /** @return device 0's name (cuDeviceGetName), or "CUDA device 0" when the driver API does not answer */
    private static String deviceName() {
        try {
            org.bytedeco.cuda.global.cudart.cuInit(0);
            BytePointer name = new BytePointer(256);
            if (org.bytedeco.cuda.global.cudart.cuDeviceGetName(name, 256, 0) == 0) {
                return name.getString().trim();
            }
        } catch (RuntimeException | LinkageError e) {
            // fall through
        }
        return "CUDA device 0";
    }

    /**
     * @param v a CUDA version number, e.g. 13010
     * @return e.g. {@code "13.1"}
     */
    public static String version(int v) {
        return v / 1000 + "." + (v % 1000) / 10;
    }

    /** @return the free bytes of device 0 now, or -1 */
    public static long freeBytes() {
        SizeTPointer free = new SizeTPointer(1);
        SizeTPointer total = new SizeTPointer(1);
        return cudaMemGetInfo(free, total) == 0 ? free.get() : -1;
    }
}
