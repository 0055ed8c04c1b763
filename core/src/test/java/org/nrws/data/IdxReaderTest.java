package org.nrws.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IDX reader on good, gzipped, truncated and malformed files generated here. */
class IdxReaderTest {

    @TempDir
    Path dir;

    private static IdxFile sample() {
        byte[] data = new byte[4 * 3 * 2];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 11);  // includes values above 127 (unsigned)
        }
        return new IdxFile(new int[] {4, 3, 2}, data);
    }

    @Test
    void readsPlainAndGzippedFiles() throws IOException {
        IdxFile f = sample();
        for (boolean gzip : new boolean[] {false, true}) {
            Path p = dir.resolve("a" + gzip);
            f.write(p, gzip);
            IdxFile g = IdxReader.read(p);
            assertArrayEquals(new int[] {4, 3, 2}, g.dims());
            assertArrayEquals(f.data(), g.data());
            assertEquals(4, g.count());
            assertEquals(6, g.itemSize());
            assertEquals(253, g.unsigned(23));
            GrayImages im = g.images();
            assertEquals(4, im.rows());
            assertEquals(6, im.columns());
            assertEquals(253, im.pixel(3, 5));
        }
    }

    @Test
    void readsLabelFiles() throws IOException {
        Path p = dir.resolve("labels");
        new IdxFile(new int[] {5}, new byte[] {0, 1, 2, 3, 9}).write(p, false);
        IdxFile g = IdxReader.read(p);
        assertEquals(5, g.count());
        assertEquals(1, g.itemSize());
        assertThrows(IllegalArgumentException.class, g::images);
    }

    @Test
    void truncatedFileIsReportedWithSizesAndHint() throws IOException {
        Path p = dir.resolve("t");
        sample().write(p, false);
        byte[] all = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(all, all.length - 5));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(p, "delete it and refetch"));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("4x3x2 = 24 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("after 19"), e.getMessage());
        assertTrue(e.getMessage().endsWith("; delete it and refetch"), e.getMessage());
    }

    @Test
    void truncatedGzipIsReported() throws IOException {
        Path p = dir.resolve("tg");
        byte[] big = new byte[20000];
        new java.util.Random(1).nextBytes(big);
        new IdxFile(new int[] {20, 1000}, big).write(p, true);
        byte[] all = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(all, all.length / 2));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(p));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void truncatedHeaderIsReported() throws IOException {
        Path p = dir.resolve("h");
        Files.write(p, new byte[] {0, 0, 8, 3, 0, 0, 0, 4, 0});
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(p));
        assertTrue(e.getMessage().contains("inside its header"), e.getMessage());
        Files.write(p, new byte[] {0, 0});
        e = assertThrows(IdxFormatException.class, () -> IdxReader.read(p));
        assertTrue(e.getMessage().contains("too short"), e.getMessage());
    }

    @Test
    void wrongMagicIsReported() throws IOException {
        Path p = dir.resolve("m");
        Files.writeString(p, "hello, this is not an IDX file");
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(p));
        assertTrue(e.getMessage().contains("not an IDX file"), e.getMessage());
        assertTrue(e.getMessage().contains("0x68656c6c"), e.getMessage());
    }

    @Test
    void unsupportedTypeIsReported() throws IOException {
        Path p = dir.resolve("f");
        Files.write(p, new byte[] {0, 0, 0x0D, 1, 0, 0, 0, 1, 1, 2, 3, 4});
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(p));
        assertTrue(e.getMessage().contains("0x0d (float)"), e.getMessage());
    }

    @Test
    void badDimensionsAreReported() throws IOException {
        Path p = dir.resolve("d");
        Files.write(p, new byte[] {0, 0, 8, 0});
        assertTrue(assertThrows(IdxFormatException.class, () -> IdxReader.read(p)).getMessage().contains("0 dimensions"));
        Files.write(p, new byte[] {0, 0, 8, 2, 0, 0, 0, 0, 0, 0, 0, 1});
        assertTrue(assertThrows(IdxFormatException.class, () -> IdxReader.read(p)).getMessage().contains("size 0"));
        Files.write(p, new byte[] {0, 0, 8, 2, 0x7f, 0, 0, 0, 0x7f, 0, 0, 0});
        assertTrue(assertThrows(IdxFormatException.class, () -> IdxReader.read(p)).getMessage().contains("2^31"));
    }

    @Test
    void trailingBytesAreReported() throws IOException {
        Path p = dir.resolve("x");
        sample().write(p, false);
        try (OutputStream o = Files.newOutputStream(p, java.nio.file.StandardOpenOption.APPEND)) {
            o.write(new byte[] {1, 2, 3});
        }
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(p));
        assertTrue(e.getMessage().contains("3 bytes after"), e.getMessage());
    }

    @Test
    void gzippedGarbageIsReported() throws IOException {
        Path p = dir.resolve("g");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p))) {
            o.write("not idx".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(p));
        assertTrue(e.getMessage().contains("(gzipped)") && e.getMessage().contains("not an IDX file"), e.getMessage());
    }

    @Test
    void missingFileNamesTheHint() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> IdxReader.read(dir.resolve("absent"), "run ./nrws fetch-data"));
        assertTrue(e.getMessage().contains("run ./nrws fetch-data"), e.getMessage());
    }
}
