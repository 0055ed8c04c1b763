package org.nrws.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads unsigned-byte IDX files, plain or gzipped (detected from the gzip magic bytes, not the
 * file name), and validates them completely: magic number, element type, number and sizes of
 * dimensions, that the data is complete and that nothing follows it.
 */
public final class IdxReader {

    /** At most this many dimensions are accepted. */
    public static final int MAX_DIMS = 8;

    private IdxReader() {
    }

    /**
     * Reads and validates an IDX file.
     *
     * @param path the file
     * @return its contents
     * @throws IdxFormatException when the file is malformed
     * @throws IOException        when it cannot be read
     */
    public static IdxFile read(Path path) throws IOException {
        return read(path, null);
    }

    /**
     * Reads and validates an IDX file.
     *
     * @param path     the file
     * @param howToFix appended to every error message (e.g. "delete it and run ./nrws fetch-data"), or null
     * @return its contents
     * @throws IdxFormatException when the file is malformed
     * @throws IOException        when it cannot be read
     */
    public static IdxFile read(Path path, String howToFix) throws IOException {
        String fix = howToFix == null || howToFix.isEmpty() ? "" : "; " + howToFix;
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString(), null, "IDX file not found" + fix);
        }
        boolean gzip = isGzip(path);
        try (InputStream raw = Files.newInputStream(path);
             InputStream in = new BufferedInputStream(gzip ? new GZIPInputStream(raw, 1 << 16) : raw, 1 << 16)) {
            return parse(in, path + (gzip ? " (gzipped)" : ""), fix);
        } catch (ZipException | EOFException e) {
            if (gzip) {
                throw new IdxFormatException(path + " is a damaged or truncated gzip file (" + e.getMessage() + ")" + fix, e);
            }
            throw e;
        }
    }

    private static boolean isGzip(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            int b0 = in.read();
            int b1 = in.read();
            return b0 == 0x1f && b1 == 0x8b;
        }
    }

    private static IdxFormatException error(String file, String what, String fix) {
        return new IdxFormatException("IDX file " + file + ": " + what + fix);
    }

    private static IdxFile parse(InputStream in, String file, String fix) throws IOException {
        byte[] header = new byte[4];
        int got = in.readNBytes(header, 0, header.length);
        if (got < 4) {
            throw error(file, "too short to be an IDX file (" + got + " bytes; the header alone has at least 8)", fix);
        }
        if (header[0] != 0 || header[1] != 0) {
            throw error(file, String.format("not an IDX file: the magic number must start with two zero bytes, found "
                    + "0x%02x%02x%02x%02x", header[0], header[1], header[2], header[3]), fix);
        }
        int type = header[2] & 0xFF;
        if (type != IdxFile.TYPE_UNSIGNED_BYTE) {
            throw error(file, String.format("element type 0x%02x (%s) is not supported; only unsigned-byte (0x08) IDX files "
                    + "are read", type, typeName(type)), fix);
        }
        int rank = header[3] & 0xFF;
        if (rank < 1 || rank > MAX_DIMS) {
            throw error(file, "declares " + rank + " dimensions; expected 1 to " + MAX_DIMS, fix);
        }
        byte[] dimBytes = new byte[4 * rank];
        if (in.readNBytes(dimBytes, 0, dimBytes.length) < dimBytes.length) {
            throw error(file, "is truncated inside its header (" + rank + " dimension sizes expected)", fix);
        }
        int[] dims = new int[rank];
        long total = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = ((dimBytes[4 * i] & 0xFF) << 24) | ((dimBytes[4 * i + 1] & 0xFF) << 16)
                    | ((dimBytes[4 * i + 2] & 0xFF) << 8) | (dimBytes[4 * i + 3] & 0xFF);
            if (dims[i] < 1) {
                throw error(file, "dimension " + i + " has size " + Integer.toUnsignedString(dims[i])
                        + "; sizes must be between 1 and " + Integer.MAX_VALUE, fix);
            }
            total *= dims[i];
            if (total > Integer.MAX_VALUE - 8) {
                throw error(file, "declares shape " + Arrays.toString(dims) + ", more than 2^31 elements", fix);
            }
        }
        byte[] data = new byte[(int) total];
        int n = in.readNBytes(data, 0, data.length);
        if (n < data.length) {
            throw error(file, "is truncated: its header declares shape " + shape(dims) + " = " + total
                    + " bytes of data but the file ends after " + n + " of them", fix);
        }
        long extra = 0;
        byte[] skip = new byte[8192];
        for (int r; (r = in.read(skip)) > 0; ) {
            extra += r;
        }
        if (extra > 0) {
            throw error(file, "has " + extra + " bytes after the " + total + " data bytes its header declares (shape "
                    + shape(dims) + "); it is not a valid IDX file", fix);
        }
        return new IdxFile(dims, data);
    }

    private static String shape(int[] dims) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            s.append(i == 0 ? "" : "x").append(dims[i]);
        }
        return s.toString();
    }

    private static String typeName(int type) {
        switch (type) {
            case 0x09:
                return "signed byte";
            case 0x0B:
                return "short";
            case 0x0C:
                return "int";
            case 0x0D:
                return "float";
            case 0x0E:
                return "double";
            default:
                return "unknown type";
        }
    }
}
