package org.nrws.data;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/**
 * The contents of an unsigned-byte IDX file (the format of the MNIST and Fashion-MNIST
 * distributions): a shape and the elements in row-major order.
 *
 * <p>The format: two zero bytes, a type byte ({@code 0x08} = unsigned byte, the only type read
 * here), a byte holding the number of dimensions r, then r big-endian 32-bit sizes, then the
 * elements. Files may be gzipped.
 */
public final class IdxFile {

    /** The IDX type code of unsigned bytes. */
    public static final int TYPE_UNSIGNED_BYTE = 0x08;

    private final int[] dims;
    private final byte[] data;

    /**
     * @param dims the sizes of the dimensions, each &ge; 1
     * @param data the elements, row-major, {@code product(dims)} of them (kept by reference)
     */
    public IdxFile(int[] dims, byte[] data) {
        if (dims == null || dims.length < 1) {
            throw new IllegalArgumentException("an IDX array needs at least one dimension");
        }
        long n = 1;
        for (int d : dims) {
            if (d < 1) {
                throw new IllegalArgumentException("IDX dimensions must be >= 1, got " + Arrays.toString(dims));
            }
            n *= d;
        }
        if (data.length != n) {
            throw new IllegalArgumentException("IDX shape " + Arrays.toString(dims) + " needs " + n + " elements, got "
                    + data.length);
        }
        this.dims = dims.clone();
        this.data = data;
    }

    /** @return the sizes of the dimensions (a copy) */
    public int[] dims() {
        return dims.clone();
    }

    /** @return the size of the first dimension (the number of images or labels) */
    public int count() {
        return dims[0];
    }

    /** @return the number of elements of one item (product of the dimensions after the first) */
    public int itemSize() {
        int s = 1;
        for (int i = 1; i < dims.length; i++) {
            s *= dims[i];
        }
        return s;
    }

    /** @return the raw elements, row-major (the live array; elements are unsigned: use {@code & 0xFF}) */
    public byte[] data() {
        return data;
    }

    /**
     * @param i element index
     * @return the element as an int in 0..255
     */
    public int unsigned(int i) {
        return data[i] & 0xFF;
    }

    /**
     * Views an images file ([n, rows, cols]) as n rows of {@code rows*cols} pixels.
     *
     * @return gray images sharing this file's data
     * @throws IllegalArgumentException when the file does not have three dimensions
     */
    public GrayImages images() {
        if (dims.length != 3) {
            throw new IllegalArgumentException("expected an images IDX file with 3 dimensions [n, rows, cols], got "
                    + Arrays.toString(dims));
        }
        return new GrayImages(data, dims[0], dims[1] * dims[2]);
    }

    /**
     * Writes this array as an IDX file (used by tests and by tools that export data).
     *
     * @param path where to write (replaced if present)
     * @param gzip whether to gzip the file
     * @throws IOException on a write error
     */
    public void write(Path path, boolean gzip) throws IOException {
        try (OutputStream raw = Files.newOutputStream(path);
             OutputStream z = gzip ? new GZIPOutputStream(raw) : raw;
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(z))) {
            out.writeShort(0);
            out.writeByte(TYPE_UNSIGNED_BYTE);
            out.writeByte(dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        }
    }
}
