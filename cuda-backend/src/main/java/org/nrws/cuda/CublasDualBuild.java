package org.nrws.cuda;

/**
 * The dual blocks {@code M_i = diag(s_i) G diag(s_i) + alpha I} with cuBLAS calls only (two
 * {@code dgmm} and an {@code axpy} per unit, through an [N, N] temporary and a vector of ones): the
 * build when the NVRTC kernel of {@link Kernels} is unavailable. Written once against
 * {@link DeviceOps}, so that the device ({@code CudaOps}) and the emulation ({@link HostOps}) run
 * the same code; its temporaries are planned by {@link MemoryPlan}.
 */
public final class CublasDualBuild {

    private CublasDualBuild() {
    }

    /**
     * @param ops     the device
     * @param gram    G [N, N]
     * @param s       the scales [m, N]
     * @param out     the m blocks [m, N, N] (modified)
     * @param n       N
     * @param m       m
     * @param alpha   the damping
     * @param reason  why the kernel is not used, for the route's name
     * @param context for messages
     * @return the route, {@code "cublas-dgmm (reason)"}
     */
    public static String build(DeviceOps ops, DeviceOps.Buffer gram, DeviceOps.Buffer s, DeviceOps.Buffer out, int n,
                               int m, double alpha, String reason, String context) {
        long nn = (long) n * n;
        DeviceOps.Buffer t = ops.allocate(nn, context);
        try {
            DeviceOps.Buffer ones = ops.allocate(n, context);
            try {
                double[] one = new double[n];
                java.util.Arrays.fill(one, 1.0);
                ops.upload(ones, one, context);
                for (int i = 0; i < m; i++) {
                    ops.dgmm(false, n, n, gram, 0, n, s, (long) i * n, 1, t, 0, n, context);          // diag(s_i) G
                    ops.dgmm(true, n, n, t, 0, n, s, (long) i * n, 1, out, i * nn, n, context);       // ... diag(s_i)
                    ops.axpy(n, alpha, ones, 0, 1, out, i * nn, n + 1, context);                     // + alpha I
                }
                ops.sync(context);
            } finally {
                ops.free(ones);
            }
        } finally {
            ops.free(t);
        }
        return "cublas-dgmm (" + reason + ")";
    }
}
