package org.nrws.cuda.device;

import static org.bytedeco.cuda.global.cudart.cuLaunchKernel;
import static org.bytedeco.cuda.global.cudart.cuModuleGetFunction;
import static org.bytedeco.cuda.global.cudart.cuModuleLoadData;
import static org.bytedeco.cuda.global.nvrtc.nvrtcCompileProgram;
import static org.bytedeco.cuda.global.nvrtc.nvrtcCreateProgram;
import static org.bytedeco.cuda.global.nvrtc.nvrtcDestroyProgram;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetCUBIN;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetCUBINSize;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetErrorString;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetProgramLog;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetProgramLogSize;

import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.nvrtc._nvrtcProgram;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.nrws.cuda.Kernels;

/**
 * The dual path's block build {@code M_i = alpha I + S_i G S_i} for all units in one launch: the
 * source of {@link Kernels} compiled by NVRTC to a CUBIN for the device's own compute capability,
 * loaded with the driver API into the runtime's primary context. Compiled once per JVM; when NVRTC
 * or the driver API fails, {@link #reason()} says why and the solver builds the blocks with cuBLAS
 * instead ({@code dgmm} twice and an {@code axpy} per unit).
 */
final class DualKernel {

    private static DualKernel instance;

    private final CUfunc_st f64;
    private final CUfunc_st f32;
    private final String reason;

    private DualKernel(CUfunc_st f64, CUfunc_st f32, String reason) {
        this.f64 = f64;
        this.f32 = f32;
        this.reason = reason;
    }

    /**
     * @param major compute capability major of the device
     * @param minor compute capability minor
     * @return the kernels, compiled on first use
     */
    static synchronized DualKernel get(int major, int minor) {
        if (instance == null) {
            try {
                instance = compile(major, minor);
            } catch (RuntimeException | LinkageError e) {     // libnvrtc missing: UnsatisfiedLinkError
                instance = failed(e.toString());
            }
        }
        return instance;
    }

    /** @return null when the kernels are loaded, else why not */
    String reason() {
        return reason;
    }

    private static DualKernel compile(int major, int minor) {
        _nvrtcProgram prog = new _nvrtcProgram();
        int st = nvrtcCreateProgram(prog, new BytePointer(Kernels.source()), new BytePointer("nrws_dual.cu"), 0,
                (PointerPointer<?>) null, (PointerPointer<?>) null);
        if (st != 0) {
            return failed("nvrtcCreateProgram: " + nvrtcGetErrorString(st).getString());
        }
        try {
            st = nvrtcCompileProgram(prog, 1, new PointerPointer<BytePointer>(Kernels.archOption(major, minor)));
            if (st != 0) {
                SizeTPointer size = new SizeTPointer(1);
                nvrtcGetProgramLogSize(prog, size);
                BytePointer log = new BytePointer(Math.max(1, size.get()));
                nvrtcGetProgramLog(prog, log);
                return failed("nvrtcCompileProgram: " + nvrtcGetErrorString(st).getString() + ": " + log.getString());
            }
            SizeTPointer size = new SizeTPointer(1);
            st = nvrtcGetCUBINSize(prog, size);
            if (st != 0) {
                return failed("nvrtcGetCUBINSize: " + nvrtcGetErrorString(st).getString());
            }
            BytePointer cubin = new BytePointer(size.get());
            st = nvrtcGetCUBIN(prog, cubin);
            if (st != 0) {
                return failed("nvrtcGetCUBIN: " + nvrtcGetErrorString(st).getString());
            }
            CUmod_st module = new CUmod_st();
            st = cuModuleLoadData(module, cubin);
            if (st != 0) {
                return failed("cuModuleLoadData returned CUresult " + st);
            }
            CUfunc_st d = new CUfunc_st();
            CUfunc_st f = new CUfunc_st();
            int a = cuModuleGetFunction(d, module, Kernels.dualBuild(true));
            int b = cuModuleGetFunction(f, module, Kernels.dualBuild(false));
            if (a != 0 || b != 0) {
                return failed("cuModuleGetFunction returned CUresult " + (a != 0 ? a : b));
            }
            return new DualKernel(d, f, null);
        } catch (RuntimeException | LinkageError e) {
            return failed(e.toString());
        } finally {
            nvrtcDestroyProgram(prog);
        }
    }

    private static DualKernel failed(String why) {
        return new DualKernel(null, null, "NVRTC kernel unavailable (" + why + ")");
    }

    /**
     * Launches the build for m units.
     *
     * @param f64     float64 (else float32)
     * @param gram    G [N, N]
     * @param s       the scales [m, N]
     * @param out     the m blocks [m, N, N] (modified)
     * @param n       N
     * @param m       m
     * @param alpha   the damping
     * @param context for messages
     */
    void launch(boolean f64, DeviceBuffer gram, DeviceBuffer s, DeviceBuffer out, int n, int m, double alpha,
                String context) {
        if (reason != null) {
            throw new IllegalStateException(reason);
        }
        try (LongPointer pg = new LongPointer(new long[] {gram.address()});
             LongPointer ps = new LongPointer(new long[] {s.address()});
             LongPointer po = new LongPointer(new long[] {out.address()});
             IntPointer pn = new IntPointer(new int[] {n});
             DoublePointer pa = new DoublePointer(new double[] {alpha});
             PointerPointer<?> args = new PointerPointer<>(pg, ps, po, pn, pa)) {
            int st = cuLaunchKernel(f64 ? this.f64 : this.f32, Kernels.gridX(n), m, 1, Kernels.BLOCK, 1, 1, 0,
                    (CUstream_st) null, args, (PointerPointer<?>) null);
            if (st != 0) {
                throw new org.nrws.cuda.CudaException(context + ": cuLaunchKernel(" + Kernels.dualBuild(f64)
                        + ") returned CUresult " + st);
            }
        }
    }
}
