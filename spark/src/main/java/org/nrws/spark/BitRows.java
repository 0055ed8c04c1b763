package org.nrws.spark;

import java.io.Serializable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.host.HostMatrix;
import org.nrws.host.Nd4jHost;

/**
 * Binary rows packed 64 to a {@code long}: data, and the binary unit states that the natural
 * algorithms ship to the driver (one bit per unit instead of eight bytes). A bit is set when the
 * stored value is above {@code threshold} (0.5 for {0,1} units, 0 for {-1,+1} units).
 *
 * @param rows  the number of rows
 * @param cols  the number of columns
 * @param words {@code ceil(cols / 64)} words per row, row after row
 */
public record BitRows(int rows, int cols, long[] words) implements Serializable {

    /** Checks the size. */
    public BitRows {
        if (words.length != (long) rows * perRow(cols)) {
            throw new IllegalArgumentException("bit rows [" + rows + ", " + cols + "] need " + rows * perRow(cols)
                    + " words, got " + words.length);
        }
    }

    private static int perRow(int cols) {
        return (cols + 63) >>> 6;
    }

    /**
     * @param m         the values (not modified)
     * @param threshold a value above it is a 1
     * @return the packed rows
     */
    public static BitRows pack(HostMatrix m, double threshold) {
        int w = perRow(m.cols());
        long[] words = new long[m.rows() * w];
        double[] row = new double[m.cols()];
        for (int r = 0; r < m.rows(); r++) {
            m.getRow(r, row);
            for (int c = 0; c < row.length; c++) {
                if (row[c] > threshold) {
                    words[r * w + (c >>> 6)] |= 1L << (c & 63);
                }
            }
        }
        return new BitRows(m.rows(), m.cols(), words);
    }

    /**
     * @param data [n, d] 0/1 data (not modified)
     * @return the packed rows
     */
    public static BitRows pack(INDArray data) {
        return pack(Nd4jHost.wrap(data.castTo(DataType.DOUBLE).dup('c')), 0.5);
    }

    /**
     * Writes row r into a row of a matrix, a set bit as {@code on} and a clear one as {@code off}.
     *
     * @param r   the row
     * @param dst the destination (its first {@code cols} columns of row {@code at})
     * @param at  the destination row
     * @param off the value of a clear bit
     * @param on  the value of a set bit
     * @param buf scratch of at least {@code cols} entries
     */
    public void unpackRow(int r, HostMatrix dst, int at, double off, double on, double[] buf) {
        int w = perRow(cols);
        for (int c = 0; c < cols; c++) {
            buf[c] = (words[r * w + (c >>> 6)] >>> (c & 63) & 1L) != 0 ? on : off;
        }
        for (int c = 0; c < cols; c++) {
            dst.set(at, c, buf[c]);
        }
    }

    /**
     * @param from first row
     * @param to   one past the last row
     * @return rows [from, to) as a [to - from, cols] float64 0/1 matrix
     */
    public INDArray toMatrix(int from, int to) {
        double[] a = new double[(to - from) * cols];
        int w = perRow(cols);
        for (int r = from; r < to; r++) {
            for (int c = 0; c < cols; c++) {
                a[(r - from) * cols + c] = (words[r * w + (c >>> 6)] >>> (c & 63) & 1L) != 0 ? 1.0 : 0.0;
            }
        }
        return Nd4j.createFromArray(a).reshape('c', to - from, cols);
    }

    /**
     * @param from first row
     * @param to   one past the last row
     * @return rows [from, to), packed
     */
    public BitRows slice(int from, int to) {
        int w = perRow(cols);
        return new BitRows(to - from, cols, java.util.Arrays.copyOfRange(words, from * w, to * w));
    }

    /** @return the packed size in bytes */
    public long bytes() {
        return 8L * words.length;
    }
}
