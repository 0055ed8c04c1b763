package org.nrws.host;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * A row-major [rows, cols] block of doubles or floats in native memory, with leading dimension
 * {@code ld} (the distance between the starts of two rows, &ge; cols): the operand type of
 * {@link Blas}, {@link Lapack}, the fused kernels of the model and the natural-gradient solvers.
 *
 * <p>Element (r, c) sits at flat index {@code r * ld + c}. Java loops read and write it through
 * {@link #get(int)}/{@link #set(int, double)} (a {@link DoubleBuffer} or {@link FloatBuffer} view,
 * no JNI per element); BLAS gets {@link #pointer()}. Floats are read and written as doubles, so a
 * kernel is written once for both precisions and computes in double. A block never owns more than
 * it was created with: {@link #rowBlock} and {@link #columnBlock} are views of the same memory.
 * Not thread safe for overlapping writes; disjoint rows may be written by different threads.
 */
public abstract class HostMatrix {

    /** Whatever keeps the memory alive (a JavaCPP pointer or an INDArray); never read. */
    final Object owner;
    final int rows;
    final int cols;
    final int ld;

    HostMatrix(Object owner, int rows, int cols, int ld) {
        if (rows < 0 || cols < 0 || ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("bad host matrix shape [" + rows + ", " + cols + "] with ld " + ld);
        }
        this.owner = owner;
        this.rows = rows;
        this.cols = cols;
        this.ld = ld;
    }

    /**
     * Allocates a zeroed block.
     *
     * @param precision F64 or F32
     * @param rows      rows
     * @param cols      columns
     * @return a new contiguous block (ld = cols), freed when unreachable
     */
    public static HostMatrix allocate(Precision precision, int rows, int cols) {
        long n = Math.max(1L, (long) rows * cols);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("host matrix [" + rows + ", " + cols + "] has more than 2^31 elements");
        }
        if (precision == Precision.F64) {
            DoublePointer p = new DoublePointer(n);
            Pointer.memset(p, 0, n * 8);
            return new F64(p, p, rows, cols, Math.max(1, cols), n);
        }
        FloatPointer p = new FloatPointer(n);
        Pointer.memset(p, 0, n * 4);
        return new F32(p, p, rows, cols, Math.max(1, cols), n);
    }

    /**
     * A buffer reused while its shape and precision stay the same, so that a loop allocates nothing.
     *
     * @param buffer    the buffer kept so far, or null
     * @param precision F64 or F32
     * @param rows      rows
     * @param cols      columns
     * @return {@code buffer} when it is [rows, cols] of that precision (contents unchanged), else a new
     *     zeroed block ({@link #allocate})
     */
    public static HostMatrix fit(HostMatrix buffer, Precision precision, int rows, int cols) {
        if (buffer != null && buffer.rows == rows && buffer.cols == cols && buffer.precision() == precision) {
            return buffer;
        }
        return allocate(precision, rows, cols);
    }

    /**
     * Wraps memory owned elsewhere.
     *
     * @param memory    a pointer whose position is element (0, 0): a {@link DoublePointer} for F64, a
     *                  {@link FloatPointer} for F32 (other types are read from their address)
     * @param owner     what keeps the memory alive (kept by reference), e.g. the INDArray it belongs to
     * @param precision the element type
     * @param rows      rows
     * @param cols      columns
     * @param ld        leading dimension, &ge; cols
     * @return the view
     */
    public static HostMatrix wrap(Pointer memory, Object owner, Precision precision, int rows, int cols, int ld) {
        long n = rows == 0 ? 1 : (long) (rows - 1) * ld + cols;
        if (precision == Precision.F64) {
            DoublePointer p = memory instanceof DoublePointer dp ? new DoublePointer(dp) : new DoublePointer(memory).position(0);
            return new F64(p, owner, rows, cols, ld, n);
        }
        FloatPointer p = memory instanceof FloatPointer fp ? new FloatPointer(fp) : new FloatPointer(memory).position(0);
        return new F32(p, owner, rows, cols, ld, n);
    }

    /** @return the element type */
    public abstract Precision precision();

    /** @return the number of rows */
    public final int rows() {
        return rows;
    }

    /** @return the number of columns */
    public final int cols() {
        return cols;
    }

    /** @return the leading dimension (row stride in elements) */
    public final int ld() {
        return ld;
    }

    /** @return true when the rows follow each other with no gap (ld == cols) */
    public final boolean isContiguous() {
        return ld == cols || rows <= 1;
    }

    /**
     * @param i flat index {@code r * ld + c}
     * @return the element, widened to double
     */
    public abstract double get(int i);

    /**
     * @param i flat index {@code r * ld + c}
     * @param v the value (rounded to float in an F32 block)
     */
    public abstract void set(int i, double v);

    /**
     * @param r row
     * @param c column
     * @return element (r, c)
     */
    public final double get(int r, int c) {
        return get(r * ld + c);
    }

    /**
     * @param r row
     * @param c column
     * @param v the new value of element (r, c)
     */
    public final void set(int r, int c, double v) {
        set(r * ld + c, v);
    }

    /**
     * Copies row r into an array (bulk, for loops that then work on the array).
     *
     * @param r   the row
     * @param dst at least {@code cols} entries (modified)
     */
    public abstract void getRow(int r, double[] dst);

    /**
     * Copies an array into row r (modifies this block).
     *
     * @param r   the row
     * @param src at least {@code cols} entries (not modified)
     */
    public abstract void setRow(int r, double[] src);

    /**
     * The raw view of an F64 block for the hottest loops, which cannot afford a virtual call per
     * element: index {@code r * ld + c}, as {@link #get(int)}.
     *
     * @return the buffer
     * @throws IllegalStateException for an F32 block
     */
    public DoubleBuffer doubles() {
        throw new IllegalStateException("not a float64 block");
    }

    /**
     * The raw view of an F32 block, as {@link #doubles()}.
     *
     * @return the buffer
     * @throws IllegalStateException for an F64 block
     */
    public FloatBuffer floats() {
        throw new IllegalStateException("not a float32 block");
    }

    /**
     * @return the block's own typed JavaCPP pointer ({@link DoublePointer} or {@link FloatPointer}),
     *         positioned at element (0, 0); shared, not a copy (a copy per BLAS call would allocate
     *         a deallocator per call), so callers must not change its position, limit or capacity
     */
    public abstract Pointer pointer();

    /**
     * @param r0 first row
     * @param r1 one past the last row
     * @return a view of rows [r0, r1)
     */
    public abstract HostMatrix rowBlock(int r0, int r1);

    /**
     * @param c0 first column
     * @param c1 one past the last column
     * @return a view of columns [c0, c1) of every row (same leading dimension)
     */
    public abstract HostMatrix columnBlock(int c0, int c1);

    /**
     * Copies a row-major array in (modifies this block).
     *
     * @param values rows * cols values, row after row
     * @return this
     */
    public final HostMatrix copyFrom(double[] values) {
        if (values.length != rows * cols) {
            throw new IllegalArgumentException("expected " + rows * cols + " values, got " + values.length);
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                set(r * ld + c, values[r * cols + c]);
            }
        }
        return this;
    }

    /**
     * Copies another block of the same shape into this one (modifies this block).
     *
     * @param src the source (not modified)
     * @return this
     */
    public final HostMatrix copyFrom(HostMatrix src) {
        if (src.rows != rows || src.cols != cols) {
            throw new IllegalArgumentException("cannot copy [" + src.rows + ", " + src.cols + "] into [" + rows + ", "
                    + cols + "]");
        }
        // one loop per pair of precisions on the raw buffers: this copy converts the samples of every
        // layer to the Fisher's precision, and a virtual call per element would double its cost
        for (int r = 0; r < rows; r++) {
            int a = r * ld;
            int b = r * src.ld;
            if (this instanceof F64 d && src instanceof F64 s) {
                d.buf.put(a, s.buf, b, cols);
            } else if (this instanceof F32 d && src instanceof F32 s) {
                d.buf.put(a, s.buf, b, cols);
            } else if (this instanceof F32 d && src instanceof F64 s) {
                for (int c = 0; c < cols; c++) {
                    d.buf.put(a + c, (float) s.buf.get(b + c));
                }
            } else {
                DoubleBuffer d = ((F64) this).buf;
                FloatBuffer f = ((F32) src).buf;
                for (int c = 0; c < cols; c++) {
                    d.put(a + c, f.get(b + c));
                }
            }
        }
        return this;
    }

    /** @return the elements as a new row-major double array */
    public final double[] toArray() {
        double[] out = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = get(r * ld + c);
            }
        }
        return out;
    }

    /** @return a new contiguous copy in native memory */
    public final HostMatrix copy() {
        return allocate(precision(), rows, cols).copyFrom(this);
    }

    /**
     * Sets every element (modifies this block).
     *
     * @param v the value
     * @return this
     */
    public final HostMatrix fill(double v) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                set(r * ld + c, v);
            }
        }
        return this;
    }

    /** Double-precision block. */
    static final class F64 extends HostMatrix {
        private final DoublePointer base;
        private final DoubleBuffer buf;

        F64(DoublePointer base, Object owner, int rows, int cols, int ld, long length) {
            super(owner, rows, cols, ld);
            this.base = new DoublePointer(base).limit(base.position() + length);
            this.buf = this.base.asBuffer();
        }

        @Override
        public Precision precision() {
            return Precision.F64;
        }

        @Override
        public DoubleBuffer doubles() {
            return buf;
        }

        @Override
        public void getRow(int r, double[] dst) {
            buf.get(r * ld, dst, 0, cols);
        }

        @Override
        public void setRow(int r, double[] src) {
            buf.put(r * ld, src, 0, cols);
        }

        @Override
        public double get(int i) {
            return buf.get(i);
        }

        @Override
        public void set(int i, double v) {
            buf.put(i, v);
        }

        @Override
        public Pointer pointer() {
            return base;
        }

        @Override
        public HostMatrix rowBlock(int r0, int r1) {
            checkRange(r0, r1, rows, "rows");
            return new F64(offset((long) r0 * ld), owner, r1 - r0, cols, ld, length(r1 - r0, cols, ld));
        }

        @Override
        public HostMatrix columnBlock(int c0, int c1) {
            checkRange(c0, c1, cols, "columns");
            return new F64(offset(c0), owner, rows, c1 - c0, ld, length(rows, c1 - c0, ld));
        }

        private DoublePointer offset(long elements) {
            return new DoublePointer(base).position(base.position() + elements);
        }
    }

    /** Single-precision block. */
    static final class F32 extends HostMatrix {
        private final FloatPointer base;
        private final FloatBuffer buf;

        F32(FloatPointer base, Object owner, int rows, int cols, int ld, long length) {
            super(owner, rows, cols, ld);
            this.base = new FloatPointer(base).limit(base.position() + length);
            this.buf = this.base.asBuffer();
        }

        @Override
        public Precision precision() {
            return Precision.F32;
        }

        @Override
        public FloatBuffer floats() {
            return buf;
        }

        @Override
        public void getRow(int r, double[] dst) {
            int base = r * ld;
            for (int c = 0; c < cols; c++) {
                dst[c] = buf.get(base + c);
            }
        }

        @Override
        public void setRow(int r, double[] src) {
            int base = r * ld;
            for (int c = 0; c < cols; c++) {
                buf.put(base + c, (float) src[c]);
            }
        }

        @Override
        public double get(int i) {
            return buf.get(i);
        }

        @Override
        public void set(int i, double v) {
            buf.put(i, (float) v);
        }

        @Override
        public Pointer pointer() {
            return base;
        }

        @Override
        public HostMatrix rowBlock(int r0, int r1) {
            checkRange(r0, r1, rows, "rows");
            return new F32(offset((long) r0 * ld), owner, r1 - r0, cols, ld, length(r1 - r0, cols, ld));
        }

        @Override
        public HostMatrix columnBlock(int c0, int c1) {
            checkRange(c0, c1, cols, "columns");
            return new F32(offset(c0), owner, rows, c1 - c0, ld, length(rows, c1 - c0, ld));
        }

        private FloatPointer offset(long elements) {
            return new FloatPointer(base).position(base.position() + elements);
        }
    }

    private static long length(int rows, int cols, int ld) {
        return rows == 0 ? 1 : (long) (rows - 1) * ld + Math.max(cols, 1);
    }

    private static void checkRange(int a, int b, int n, String what) {
        if (a < 0 || b < a || b > n) {
            throw new IndexOutOfBoundsException(what + " [" + a + ", " + b + ") out of [0, " + n + ")");
        }
    }
}
