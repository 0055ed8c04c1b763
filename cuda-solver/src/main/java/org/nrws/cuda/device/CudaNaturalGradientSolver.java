package org.nrws.cuda.device;

import org.nrws.host.HostMatrix;
import org.nrws.host.Precision;
import org.nrws.solver.LayerSamples;
import org.nrws.solver.NaturalGradientSolver;
import org.nrws.solver.SolverOptions;
import org.nrws.solver.SolverPath;

/**
 * The thin adapter of the engine's solver SPI onto {@link CudaFisherSolver}: it copies the
 * {@link HostMatrix} operands (ND4J's arrays wrapped by the preconditioner) into the raw arrays the
 * device solver takes, and the direction back. Mixed precision (float32 factors with float64
 * refinement) runs as float64 on the device, which is at least as accurate.
 */
public final class CudaNaturalGradientSolver implements NaturalGradientSolver {

    private final CudaFisherSolver device;
    private final SolverOptions options;
    private double[] out = new double[0];
    private double[] g = new double[0];

    /**
     * @param layer   the layer's name
     * @param options precision, kept factors, forced path
     */
    public CudaNaturalGradientSolver(String layer, SolverOptions options) {
        this.options = options;
        this.device = new CudaFisherSolver(layer, options.refine() || options.precision() == Precision.F64,
                options.keepFactors(), options.path());
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
        device.refresh(n, d, m, u, c, alpha, g, out);
        write(out, direction);
    }

    @Override
    public void solve(HostMatrix gradient, HostMatrix direction) {
        check(gradient, direction, gradient.rows(), gradient.cols());
        g = values(gradient, g.length == gradient.rows() * gradient.cols() ? g : new double[gradient.rows() * gradient.cols()]);
        out = out.length == g.length ? out : new double[g.length];
        device.solve(g, out);
        write(out, direction);
    }

    private static void check(HostMatrix g, HostMatrix out, int d, int m) {
        if (g.rows() != d || g.cols() != m || out.rows() != d || out.cols() != m) {
            throw new IllegalArgumentException("gradient and direction must be [" + d + ", " + m + "], got [" + g.rows()
                    + ", " + g.cols() + "] and [" + out.rows() + ", " + out.cols() + "]");
        }
    }

    /**
     * @param h   a host matrix (any leading dimension)
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
        return device.hasFactors();
    }

    @Override
    public SolverPath lastPath() {
        return device.lastPath();
    }

    @Override
    public String name() {
        return device.name() + (options.refine() ? " (mixed requested: float64 on the device)" : "");
    }

    @Override
    public void close() {
        device.close();
    }
}
