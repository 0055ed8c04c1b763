package org.nrws.cuda;

/**
 * The CUDA C source that the solver compiles at run time with NVRTC (to a CUBIN for the device's
 * own architecture, so no precompiled machine code limits the GPUs it runs on), and its launch
 * geometry. Plain Java.
 *
 * <p>{@code nrws_dual_build_<t>(gram, s, out, n, alpha)} writes, for every unit i (grid y), the
 * column-major N x N block {@code out_i = alpha I + S_i G S_i}: element (a, b) is
 * {@code s_{i,a} s_{i,b} G_{ab}}, plus alpha on the diagonal. {@code gram} is G [N, N], {@code s}
 * the scales [m, N] (unit i's at {@code i N}), alpha is passed as a double in both precisions.
 */
public final class Kernels {

    /** Threads per block. */
    public static final int BLOCK = 256;
    /** The most blocks along x; each thread then loops over the rest of its unit's elements. */
    public static final int MAX_GRID_X = 1024;

    private static final String TEMPLATE = ""
            + "extern \"C\" __global__ void nrws_dual_build_%1$s(const %2$s* __restrict__ gram, const %2$s* __restrict__ s,\n"
            + "        %2$s* __restrict__ out, int n, double alpha) {\n"
            + "    const long long nn = (long long) n * n;\n"
            + "    const int i = blockIdx.y;\n"
            + "    const %2$s* si = s + (long long) i * n;\n"
            + "    %2$s* oi = out + (long long) i * nn;\n"
            + "    for (long long e = (long long) blockIdx.x * blockDim.x + threadIdx.x; e < nn;\n"
            + "         e += (long long) gridDim.x * blockDim.x) {\n"
            + "        const int a = (int) (e %% n);\n"
            + "        const int b = (int) (e / n);\n"
            + "        %2$s v = si[a] * si[b] * gram[e];\n"
            + "        if (a == b) v += (%2$s) alpha;\n"
            + "        oi[e] = v;\n"
            + "    }\n"
            + "}\n";

    private Kernels() {
    }

    /** @return the source of both kernels, {@code nrws_dual_build_f64} and {@code nrws_dual_build_f32} */
    public static String source() {
        return String.format(TEMPLATE, "f64", "double") + String.format(TEMPLATE, "f32", "float");
    }

    /**
     * @param f64 true for float64
     * @return the kernel's name
     */
    public static String dualBuild(boolean f64) {
        return f64 ? "nrws_dual_build_f64" : "nrws_dual_build_f32";
    }

    /**
     * @param n N
     * @return the blocks along x for N x N elements per unit
     */
    public static int gridX(int n) {
        long blocks = ((long) n * n + BLOCK - 1) / BLOCK;
        return (int) Math.max(1, Math.min(MAX_GRID_X, blocks));
    }

    /**
     * @param major compute capability major
     * @param minor compute capability minor
     * @return NVRTC's option for a CUBIN of exactly that architecture, e.g. {@code --gpu-architecture=sm_90}
     */
    public static String archOption(int major, int minor) {
        return "--gpu-architecture=" + ComputeCapability.sm(major, minor);
    }
}
