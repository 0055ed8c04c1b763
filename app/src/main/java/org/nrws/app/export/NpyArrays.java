package org.nrws.app.export;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One array in the NumPy {@code .npy} format (version 1.0: the magic {@code \x93NUMPY}, a
 * little-endian 16-bit header length, a Python dict literal with {@code descr},
 * {@code fortran_order} and {@code shape}, padded to a multiple of 64 bytes, then the elements).
 *
 * <p>Encoding and decoding use ND4J's own writer and reader ({@link Nd4j#toNpyByteArray},
 * {@link Nd4j#createNpyFromByteArray}), guarded where they are wrong in ND4J 1.0.0-M2.1: the
 * writer copies the array's whole underlying buffer in buffer order, so a view or a transposed
 * array comes out with extra or permuted elements (it is given a fresh C-ordered copy); the reader
 * ignores {@code fortran_order}, reads past the end of truncated data, and aborts the JVM on a
 * big-endian {@code descr} (the header is checked here first: only C-ordered little-endian float32
 * and float64 arrays whose data has exactly the size the shape asks for reach it).
 */
public final class NpyArrays {

    /** The magic string at the start of every {@code .npy} file (after the byte 0x93). */
    public static final String MAGIC = "NUMPY";

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyArrays() {
    }

    /**
     * What the header of one {@code .npy} array says.
     *
     * @param descr        the NumPy type string, e.g. {@code <f8}
     * @param fortranOrder whether the elements are stored column-major
     * @param shape        the dimensions
     * @param dataOffset   where the elements start
     */
    public record Header(String descr, boolean fortranOrder, long[] shape, int dataOffset) {

        /** @return the number of elements (1 for a scalar) */
        public long elements() {
            long n = 1;
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        }

        /** @return the shape as Python writes a tuple: {@code (2, 3)}, {@code (3,)}, {@code ()} */
        public String shapeText() {
            return NpyArrays.shapeText(shape);
        }
    }

    /**
     * @param shape dimensions
     * @return the shape as Python writes a tuple: {@code (2, 3)}, {@code (3,)}, {@code ()}
     */
    public static String shapeText(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
    }

    /**
     * @param type FLOAT or DOUBLE
     * @return NumPy's name of the type: {@code float32} or {@code float64}
     */
    public static String numpyName(DataType type) {
        return switch (type) {
            case FLOAT -> "float32";
            case DOUBLE -> "float64";
            default -> throw new IllegalArgumentException("only float32 and float64 arrays are exported, got " + type);
        };
    }

    /**
     * Encodes an array with ND4J's writer, from a fresh C-ordered copy (see the class comment).
     *
     * @param a a float32 or float64 array of any order (views included)
     * @return the {@code .npy} bytes
     */
    public static byte[] encode(INDArray a) {
        numpyName(a.dataType());
        return Nd4j.toNpyByteArray(a.dup('c'));
    }

    /**
     * Reads and checks the header of an {@code .npy} array.
     *
     * @param name  the array's name, for messages
     * @param bytes the whole {@code .npy} content
     * @return the header
     * @throws ModelFileException for a foreign, unsupported or malformed header, naming the array
     */
    public static Header header(String name, byte[] bytes) throws ModelFileException {
        if (bytes.length < 10 || (bytes[0] & 0xff) != 0x93
                || !new String(bytes, 1, 5, StandardCharsets.ISO_8859_1).equals(MAGIC)) {
            throw new ModelFileException("array " + name + " is not in the .npy format (no \\x93NUMPY magic)");
        }
        if (bytes[6] != 1) {
            throw new ModelFileException("array " + name + " uses .npy format version " + bytes[6] + "." + bytes[7]
                    + "; only 1.0 is read (NumPy writes it for every header below 64 KiB)");
        }
        int length = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        if (10 + length > bytes.length) {
            throw new ModelFileException("array " + name + " is truncated inside its .npy header");
        }
        String dict = new String(bytes, 10, length, StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(dict);
        Matcher fortran = FORTRAN.matcher(dict);
        Matcher shape = SHAPE.matcher(dict);
        if (!descr.find() || !fortran.find() || !shape.find()) {
            throw new ModelFileException("array " + name + " has a malformed .npy header: " + dict.trim());
        }
        long[] dims;
        try {
            dims = Arrays.stream(shape.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .mapToLong(Long::parseLong).toArray();
        } catch (NumberFormatException e) {
            throw new ModelFileException("array " + name + " has a malformed shape in its .npy header: (" + shape.group(1) + ")");
        }
        if (Arrays.stream(dims).anyMatch(d -> d < 0)) {
            throw new ModelFileException("array " + name + " has a negative dimension: " + shapeText(dims));
        }
        return new Header(descr.group(1), fortran.group(1).equals("True"), dims, 10 + length);
    }

    /**
     * Decodes a float32 or float64 array with ND4J's reader after checking its header (see the
     * class comment).
     *
     * @param name  the array's name, for messages
     * @param bytes the whole {@code .npy} content
     * @return the array (C order, owning its memory)
     * @throws ModelFileException for another type, Fortran order, an empty array, or data shorter
     *                            or longer than the shape asks for, naming the array
     */
    public static INDArray decode(String name, byte[] bytes) throws ModelFileException {
        Header h = header(name, bytes);
        int size;
        switch (h.descr()) {
            case "<f8" -> size = 8;
            case "<f4" -> size = 4;
            default -> throw new ModelFileException("array " + name + " has dtype '" + h.descr() + "'; expected little-endian "
                    + "float64 ('<f8') or float32 ('<f4')");
        }
        if (h.fortranOrder()) {
            throw new ModelFileException("array " + name + " is stored in Fortran order; save it C-ordered "
                    + "(numpy.ascontiguousarray)");
        }
        if (h.shape().length == 0 || h.elements() == 0) {
            throw new ModelFileException("array " + name + " is empty or a scalar: shape " + h.shapeText());
        }
        long need = h.elements() * size;
        long have = bytes.length - (long) h.dataOffset();
        if (have != need) {
            throw new ModelFileException(String.format(Locale.ROOT, "array %s is %s: shape %s of %s needs %d data bytes, the "
                    + "entry has %d", name, have < need ? "truncated" : "followed by stray bytes", h.shapeText(),
                    size == 8 ? "float64" : "float32", need, have));
        }
        return Nd4j.createNpyFromByteArray(bytes).dup('c');
    }
}
