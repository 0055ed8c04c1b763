package org.nrws.cuda;

import org.nrws.host.HostMatrix;
import org.nrws.solver.LayerSamples;
import org.nrws.solver.NaturalGradientSolver;
import org.nrws.solver.SolverPath;

/**
 * The thin adapter of the engine's solver SPI onto a {@link FisherAlgorithm}: it copies the
 * {@link HostMatrix} operands (ND4J's arrays wrapped by the preconditioner) into the raw arrays
 * the device algorithm takes, and the direction back. The CUDA provider wraps the algorithm on
 * cuBLAS/cuSOLVER in it; tests and the bundle's self-test wrap the one on {@link HostOps}.
 */
public final class FisherSolverAdapter implements NaturalGradientSolver {

    private final FisherAlgorithm algorithm;
    private final String name;
    private double[] out = new double[0];
    private double[] g = new double[0];

    /**
     * @param algorithm the device algorithm (owned: closed with this)
     * @param name      the solver's name for logs, e.g. {@code "cuda(float64, NVIDIA H200, sm_90)"}
     */
    public FisherSolverAdapter(FisherAlgorithm algorithm, String name) {
        this.algorithm = algorithm;
        this.name = name;
    }

    @Override
    public void refresh(LayerSamples samples, double alpha, HostMatrix gradient, HostMatrix direction) {
        int n = samples.rows();
        int d = samples.blockSize();
        int m = samples.units();
        check(gradient, direction, d, m);
        double[] u = values(samples.inputs(), new double[n * d]);
        double[] c = values(samples.curvatures(), new double[n * m]);
        g = values(gradient, g.length == d * m ? g : new double[d * m]);
        out = out.length == d * m ? out : new double[d * m];
        algorithm.refresh(n, d, m, u, c, alpha, g, out);
        write(out, direction);
    }

    @Override
    public void solve(HostMatrix gradient, HostMatrix direction) {
        check(gradient, direction, gradient.rows(), gradient.cols());
        int size = gradient.rows() * gradient.cols();
        g = values(gradient, g.length == size ? g : new double[size]);
        out = out.length == size ? out : new double[size];
        algorithm.solve(g, out);
        write(out, direction);
    }

    private static void check(HostMatrix g, HostMatrix out, int d, int m) {
        if (g.rows() != d || g.cols() != m || out.rows() != d || out.cols() != m) {
            throw new IllegalArgumentException("gradient and direction must be [" + d + ", " + m + "], got [" + g.rows()
                    + ", " + g.cols() + "] and [" + out.rows() + ", " + out.cols() + "]");
        }
    }

    /**
     * @param h   a host matrix (any leading dimension, either precision)
     * @param dst rows x cols values (modified)
     * @return dst, row-major
     */
    static double[] values(HostMatrix h, double[] dst) {
        int cols = h.cols();
        double[] row = new double[cols];
        for (int r = 0; r < h.rows(); r++) {
            h.getRow(r, row);
            System.arraycopy(row, 0, dst, r * cols, cols);
        }
        return dst;
    }

    private static void write(double[] src, HostMatrix dst) {
        int cols = dst.cols();
        double[] row = new double[cols];
        for (int r = 0; r < dst.rows(); r++) {
            System.arraycopy(src, r * cols, row, 0, cols);
            dst.setRow(r, row);
        }
    }

    @Override
    public boolean hasFactors() {
        return algorithm.hasFactors();
    }

    @Override
    public SolverPath lastPath() {
        return algorithm.lastPath();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        algorithm.close();
    }
}
