package org.nrws.cuda;

/**
 * The per-slice device addresses of a c-order contiguous [m, rows, cols] tensor: slice {@code i}
 * starts at {@code base + i * rows * cols * elementSize}. Batched cuSOLVER/cuBLAS routines take
 * these addresses as a device array of pointers.
 */
public final class SlicePointers {

    private SlicePointers() {
    }

    /**
     * Addresses of the m slices of a c-order [m, n, n] tensor.
     *
     * @param baseAddress the (device) address of element [0, 0, 0]
     * @param m           number of slices (&ge; 0)
     * @param n           slice order (&ge; 1)
     * @param elementSize 4 (float32) or 8 (float64)
     * @return {@code base + i * n * n * elementSize}, i = 0..m-1
     */
    public static long[] offsets(long baseAddress, long m, long n, int elementSize) {
        return offsets(baseAddress, m, n, n, elementSize);
    }

    /**
     * Addresses of the m slices of a c-order [m, rows, cols] tensor.
     *
     * @param baseAddress the (device) address of element [0, 0, 0]; not 0 and aligned to elementSize
     * @param m           number of slices (&ge; 0)
     * @param rows        rows per slice (&ge; 1)
     * @param cols        columns per slice (&ge; 1)
     * @param elementSize 4 (float32) or 8 (float64)
     * @return {@code base + i * rows * cols * elementSize}, i = 0..m-1
     * @throws IllegalArgumentException on bad arguments or when an address would overflow
     */
    public static long[] offsets(long baseAddress, long m, long rows, long cols, int elementSize) {
        if (elementSize != 4 && elementSize != 8) {
            throw new IllegalArgumentException("element size must be 4 or 8 bytes, got " + elementSize);
        }
        if (m < 0 || rows < 1 || cols < 1) {
            throw new IllegalArgumentException("need m >= 0, rows >= 1, cols >= 1, got m=" + m + " rows=" + rows
                    + " cols=" + cols);
        }
        if (m > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("batch of " + m + " slices exceeds the int batch count of cuSOLVER/cuBLAS");
        }
        if (baseAddress == 0) {
            throw new IllegalArgumentException("base address is null");
        }
        if (baseAddress % elementSize != 0) {
            throw new IllegalArgumentException("base address 0x" + Long.toHexString(baseAddress)
                    + " is not aligned to " + elementSize + " bytes");
        }
        try {
            long stride = Math.multiplyExact(Math.multiplyExact(rows, cols), (long) elementSize);
            long[] out = new long[(int) m];
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.addExact(baseAddress, Math.multiplyExact(stride, (long) i));
            }
            return out;
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("slice addresses overflow 64 bits: base 0x" + Long.toHexString(baseAddress)
                    + ", m=" + m + ", slice " + rows + "x" + cols + "x" + elementSize + " bytes", e);
        }
    }
}
