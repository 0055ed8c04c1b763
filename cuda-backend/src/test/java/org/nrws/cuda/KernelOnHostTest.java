package org.nrws.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.solver.FisherBlocks;

/**
 * The exact text of the NVRTC kernel ({@link Kernels#source()}), compiled for the host
 * ({@link HostKernel}) and run over its launch grid, against the CPU engine's dual build
 * ({@link FisherBlocks#dual}, ND4J): float64 and float32, N^2 a multiple of the block size or not,
 * and N large enough that the grid is capped and threads loop. Then the emulation's
 * {@link HostOps#dualBuild} against the same compiled kernel, bit for bit. Skipped (with the reason)
 * where no host C++ compiler is found.
 */
class KernelOnHostTest {

    /** Binary inputs, so that G = U U^T is exact in both precisions; curvatures in (0, 1/4]. */
    private record Inputs(int n, int d, int m, double[] u, double[] c) {
        static Inputs random(int n, int d, int m, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            double[] u = new double[n * d];
            double[] c = new double[n * m];
            for (int k = 0; k < u.length; k++) {
                u[k] = r.nextInt(2);
            }
            for (int k = 0; k < c.length; k++) {
                double p = 0.02 + 0.96 * r.nextDouble();
                c[k] = p * (1 - p) / n;
            }
            return new Inputs(n, d, m, u, c);
        }

        /** G = U U^T, column-major (symmetric). */
        double[] gram() {
            double[] g = new double[n * n];
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    double s = 0;
                    for (int j = 0; j < d; j++) {
                        s += u[a * d + j] * u[b * d + j];
                    }
                    g[a + b * n] = s;
                }
            }
            return g;
        }

        /** The scales sqrt(c) [m, N], rounded to the precision. */
        double[] scales(boolean f64) {
            double[] s = new double[m * n];
            for (int i = 0; i < m; i++) {
                for (int a = 0; a < n; a++) {
                    double v = Math.sqrt(c[a * m + i]);
                    s[i * n + a] = f64 ? v : (float) Math.sqrt((float) c[a * m + i]);
                }
            }
            return s;
        }
    }

    @ParameterizedTest(name = "N={0} d={1} m={2} float64={3}")
    @CsvSource({"37,11,3,true", "37,11,3,false", "16,5,2,true", "16,5,2,false", "530,7,2,true", "530,7,2,false"})
    void theCompiledKernelAgreesWithTheCpuEngine(int n, int d, int m, boolean f64) throws IOException {
        assumeTrue(HostKernel.unavailableReason() == null, String.valueOf(HostKernel.unavailableReason()));
        Inputs in = Inputs.random(n, d, m, 31L * n + m);
        double alpha = 0.0375;
        double[] kernel = HostKernel.dualBuild(f64, in.gram(), in.scales(f64), n, m, alpha);

        DataType t = f64 ? DataType.DOUBLE : DataType.FLOAT;
        INDArray cpu = FisherBlocks.ofCurvatures(Nd4j.create(in.u(), new long[] {n, d}, 'c'),
                Nd4j.create(in.c(), new long[] {n, m}, 'c'), t).dual(alpha).castTo(DataType.DOUBLE);
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < m; i++) {
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    double want = cpu.getDouble(i, a, b);
                    double got = kernel[i * n * n + a + b * n];          // column-major block i
                    worst = Math.max(worst, Math.abs(got - want));
                    scale = Math.max(scale, Math.abs(want));
                }
            }
        }
        assertTrue(scale > alpha, "the blocks are not trivial");
        assertTrue(worst <= (f64 ? 1e-14 : 2e-7) * scale, "max |kernel - cpu| = " + worst + " of " + scale);
    }

    @ParameterizedTest(name = "N={0} m={1} float64={2}")
    @CsvSource({"37,3,true", "37,3,false", "530,2,true", "530,2,false"})
    void theEmulationsDualBuildIsTheCompiledKernelBitForBit(int n, int m, boolean f64) throws IOException {
        assumeTrue(HostKernel.unavailableReason() == null, String.valueOf(HostKernel.unavailableReason()));
        Inputs in = Inputs.random(n, 9, m, 7L * n + m);
        double alpha = 1.0 / 3;                       // not exact in float32: the kernel's (float) alpha is checked
        double[] gram = in.gram();
        double[] s = in.scales(f64);
        double[] kernel = HostKernel.dualBuild(f64, gram, s, n, m, alpha);
        try (HostOps ops = new HostOps(f64, true, new EmulatedMemory())) {
            DeviceOps.Buffer g = ops.allocate((long) n * n, "t");
            DeviceOps.Buffer sb = ops.allocate((long) m * n, "t");
            DeviceOps.Buffer out = ops.allocate((long) m * n * n, "t");
            ops.upload(g, gram, "t");
            ops.upload(sb, s, "t");
            assertEquals("host-kernel", ops.dualBuild(g, sb, out, n, m, alpha, "t"));
            double[] emulated = new double[m * n * n];
            ops.download(out, emulated, "t");
            for (int k = 0; k < emulated.length; k++) {
                if (Double.doubleToLongBits(emulated[k]) != Double.doubleToLongBits(kernel[k])) {
                    throw new AssertionError("element " + k + ": emulation " + emulated[k] + ", kernel " + kernel[k]);
                }
            }
            for (DeviceOps.Buffer b : new DeviceOps.Buffer[] {g, sb, out}) {
                ops.free(b);
            }
        }
    }
}
