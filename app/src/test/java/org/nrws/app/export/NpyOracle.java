package org.nrws.app.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The {@code .npy} format written and read from its specification (NumPy's
 * {@code numpy/lib/format.py}, version 1.0), independently of ND4J and of the code under test:
 * the oracle the tests compare with, and the tool that builds bad files.
 */
final class NpyOracle {

    private NpyOracle() {
    }

    /** One decoded array: its header fields and its elements as doubles (C order). */
    record Array(String descr, boolean fortranOrder, long[] shape, double[] values, int headerBytes) {
    }

    /**
     * Parses an {@code .npy} file strictly as the spec says, asserting the parts every valid
     * version-1.0 file has (magic, version, header length, dict, newline, 64-byte alignment).
     */
    static Array parse(byte[] b) {
        assertEquals(0x93, b[0] & 0xff, "magic byte");
        assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.ISO_8859_1), "magic");
        assertEquals(1, b[6], "major version");
        assertEquals(0, b[7], "minor version");
        int len = ByteBuffer.wrap(b, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
        String dict = new String(b, 10, len, StandardCharsets.ISO_8859_1);
        assertEquals('\n', dict.charAt(dict.length() - 1), "the header ends with a newline");
        assertEquals(0, (10 + len) % 64, "the data starts 64-byte aligned");
        Matcher m = Pattern.compile("^\\{'descr': '([<>|][fiu][0-9]+)', 'fortran_order': (True|False), "
                + "'shape': \\(([0-9, ]*)\\), \\} *\\n$").matcher(dict);
        assertTrue(m.matches(), "header dict as NumPy writes it: " + dict);
        String[] parts = m.group(3).split(",");
        long[] shape = java.util.Arrays.stream(parts).map(String::trim).filter(s -> !s.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        if (shape.length == 1) {
            assertTrue(m.group(3).trim().endsWith(","), "a 1-tuple is written (n,)");
        }
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        int size = Integer.parseInt(m.group(1).substring(2));
        assertEquals(10 + len + n * size, b.length, "data length = elements x item size");
        ByteBuffer data = ByteBuffer.wrap(b, 10 + len, (int) (n * size))
                .order(m.group(1).charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        double[] v = new double[(int) n];
        for (int i = 0; i < n; i++) {
            v[i] = size == 8 ? data.getDouble() : data.getFloat();
        }
        return new Array(m.group(1), m.group(2).equals("True"), shape, v, 10 + len);
    }

    /**
     * Encodes an array as the spec says (header padded with spaces to 64 bytes, ending in a newline).
     *
     * @param descr  e.g. {@code <f8}, {@code >f8}, {@code <f4}, {@code <i8}
     * @param values the elements in storage order
     */
    static byte[] encode(String descr, boolean fortran, long[] shape, double[] values) {
        String s = shape.length == 1 ? "(" + shape[0] + ",)" : java.util.Arrays.stream(shape).mapToObj(Long::toString)
                .collect(java.util.stream.Collectors.joining(", ", "(", ")"));
        StringBuilder dict = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
                + ", 'shape': " + s + ", }");
        while ((10 + dict.length() + 1) % 64 != 0) {
            dict.append(' ');
        }
        dict.append('\n');
        int size = Integer.parseInt(descr.substring(2));
        ByteBuffer buf = ByteBuffer.allocate(10 + dict.length() + values.length * size);
        buf.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.ISO_8859_1)).put((byte) 1).put((byte) 0);
        buf.order(ByteOrder.LITTLE_ENDIAN).putShort((short) dict.length());
        buf.put(dict.toString().getBytes(StandardCharsets.ISO_8859_1));
        buf.order(descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            switch (descr.substring(1)) {
                case "f8" -> buf.putDouble(v);
                case "f4" -> buf.putFloat((float) v);
                case "i8" -> buf.putLong((long) v);
                default -> throw new IllegalArgumentException(descr);
            }
        }
        return buf.array();
    }

    /** Every entry of a zip archive, in order. */
    static Map<String, byte[]> unzip(Path file) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(file.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                try (InputStream in = z.getInputStream(e)) {
                    m.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return m;
    }

    /** Writes entries as a zip archive (stored, as numpy.savez does). */
    static void zip(Path file, Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry ze = new ZipEntry(e.getKey());
                ze.setMethod(ZipEntry.STORED);
                ze.setSize(e.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                ze.setCrc(crc.getValue());
                z.putNextEntry(ze);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        Files.write(file, bytes.toByteArray());
    }
}
