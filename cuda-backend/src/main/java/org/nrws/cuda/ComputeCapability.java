package org.nrws.cuda;

/**
 * Compute capabilities: the architecture name NVRTC compiles the solver's kernel for, and why the
 * old route cannot serve today's GPUs. nd4j-cuda-11.6 (1.0.0-M2.1), which this project no longer
 * uses, could run on few GPUs. Its {@code libnd4jcuda.so} holds SASS for
 * sm_37, 50, 52, 60, 61, 70, 75, 80 and 86 and no PTX. SASS runs on devices of the same major
 * version and an equal or higher minor version, so the supported devices are compute capability
 * 3.7 and 5.0 through 8.x (8.9, Ada, through the sm_86 SASS: expected, not verified); Hopper (9.0)
 * and newer have no kernels and cannot run ND4J at all.
 */
public final class ComputeCapability {

    private ComputeCapability() {
    }

    /**
     * @param major compute capability major
     * @param minor compute capability minor
     * @return true when nd4j-cuda-11.6 has kernels for it
     */
    public static boolean supported(int major, int minor) {
        return (major == 3 && minor >= 7) || (major >= 5 && major <= 8);
    }

    /**
     * @param major compute capability major
     * @param minor compute capability minor
     * @return e.g. {@code "sm_86"}
     */
    public static String sm(int major, int minor) {
        return "sm_" + major + minor;
    }

    /**
     * @param device the device's name
     * @param major  compute capability major
     * @param minor  compute capability minor
     * @return why the device cannot be used, or null when it can
     */
    public static String unsupportedReason(String device, int major, int minor) {
        if (supported(major, minor)) {
            return null;
        }
        String what = major >= 9 ? " (Hopper or newer)" : " (too old)";
        return device + " is " + sm(major, minor) + what + ": nd4j-cuda-11.6 has kernels for sm_37..sm_86 only, "
                + "without PTX; use --backend cpu";
    }
}
