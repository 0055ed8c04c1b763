package org.nrws.cuda;

/**
 * How the solver's host operands map onto cuBLAS's column-major storage, and the arithmetic of
 * batched pointers. Plain Java: no CUDA class is loaded.
 *
 * <ul>
 *   <li>U [N, d] row-major is, unchanged, the column-major d x N matrix {@code Ut = U^T} with
 *       leading dimension d: it is copied to the device as it is.</li>
 *   <li>C [N, m] row-major is the column-major m x N matrix {@code C^T}: unit i's curvatures
 *       {@code c_{., i}} start at element i with increment m.</li>
 *   <li>The gradient g [d, m] row-major is transposed on the host into [m, d] row-major, i.e. the
 *       column-major d x m matrix whose column i, {@code g_i}, is contiguous (cuSOLVER's
 *       {@code potrsBatched} needs each right-hand side contiguous); the direction comes back the
 *       same way.</li>
 *   <li>The batch of k x k blocks is contiguous: block i starts at element {@code i k^2}.</li>
 * </ul>
 */
public final class DeviceLayout {

    private DeviceLayout() {
    }

    /**
     * Transposes and scales: {@code dst[c * rows + r] = scale * src[r * cols + c]}.
     *
     * @param src   row-major [rows, cols] (not modified)
     * @param rows  rows of src
     * @param cols  columns of src
     * @param scale the factor
     * @param dst   row-major [cols, rows] (modified), not src
     */
    public static void transpose(double[] src, int rows, int cols, double scale, double[] dst) {
        check(src, rows, cols);
        check(dst, cols, rows);
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            for (int c = 0; c < cols; c++) {
                dst[c * rows + r] = scale * src[row + c];
            }
        }
    }

    /**
     * @param i the block (unit)
     * @param k the block's order
     * @return the element offset of block i in a contiguous batch of k x k blocks
     */
    public static long blockOffset(int i, int k) {
        if (i < 0 || k < 1) {
            throw new IllegalArgumentException("bad block " + i + " of order " + k);
        }
        return (long) i * k * k;
    }

    /**
     * The device addresses of a batch's members, for the pointer arrays of the batched cuSOLVER calls.
     *
     * @param base          the device address of element 0 of the buffer
     * @param first         the element offset of member 0
     * @param stride        elements between two members
     * @param count         members
     * @param elementBytes  8 (float64) or 4 (float32)
     * @return {@code base + (first + j stride) elementBytes} for j = 0..count-1
     */
    public static long[] addresses(long base, long first, long stride, int count, int elementBytes) {
        if (elementBytes != 4 && elementBytes != 8) {
            throw new IllegalArgumentException("element size must be 4 or 8 bytes, got " + elementBytes);
        }
        if (count < 0 || first < 0 || stride < 0) {
            throw new IllegalArgumentException("bad batch: first " + first + ", stride " + stride + ", count " + count);
        }
        long[] out = new long[count];
        for (int j = 0; j < count; j++) {
            out[j] = base + (first + j * stride) * elementBytes;
        }
        return out;
    }

    /**
     * The square root of every curvature, transposed: {@code s[i N + a] = sqrt(c[a m + i])}, i.e.
     * the scales {@code S_i} of the dual path, unit by unit (a negative curvature gives NaN, which the
     * factorisation or the finiteness check then reports, as on the CPU).
     *
     * @param c row-major [N, m] (not modified)
     * @param n N
     * @param m m
     * @return [m, N] row-major
     */
    public static double[] scales(double[] c, int n, int m) {
        check(c, n, m);
        double[] s = new double[n * m];
        for (int a = 0; a < n; a++) {
            for (int i = 0; i < m; i++) {
                s[i * n + a] = Math.sqrt(c[a * m + i]);
            }
        }
        return s;
    }

    private static void check(double[] a, int rows, int cols) {
        if (rows < 0 || cols < 0 || a.length < (long) rows * cols) {
            throw new IllegalArgumentException("array of " + a.length + " elements cannot hold [" + rows + ", " + cols + "]");
        }
    }
}
