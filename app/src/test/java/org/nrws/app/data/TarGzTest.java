package org.nrws.app.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extraction from .tgz archives: one written here in ustar format by hand, like an npm tarball,
 * one with a GNU long name, and malformed or hostile ones.
 */
class TarGzTest {

    @TempDir
    Path dir;

    @Test
    void extractsWantedFilesOnly() throws IOException {
        byte[] a = new byte[1300];
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) i;
        }
        byte[] b = "hello".getBytes(StandardCharsets.US_ASCII);
        Path tgz = dir.resolve("p.tgz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tgz))) {
            entry(out, "package/package.json", "{}".getBytes(StandardCharsets.US_ASCII));
            entry(out, "package/data/a", a);
            entry(out, "package/data/b", b);
            out.write(new byte[1024]);
        }
        Path target = Files.createDirectory(dir.resolve("t"));
        Set<String> found = TarGz.extract(tgz, "package/data/", List.of("a", "missing"), target);
        assertEquals(Set.of("a"), found);
        assertArrayEquals(a, Files.readAllBytes(target.resolve("a")));
        try (Stream<Path> s = Files.list(target)) {
            assertEquals(List.of(target.resolve("a")), s.toList(), "only the wanted file is written");
        }
    }

    @Test
    void readsGnuLongNames() throws IOException {
        String folder = "package/" + "d".repeat(120) + "/";
        byte[] content = "long".getBytes(StandardCharsets.US_ASCII);
        Path tgz = dir.resolve("long.tgz");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(tgz)))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            TarArchiveEntry e = new TarArchiveEntry(folder + "x");
            e.setSize(content.length);
            tar.putArchiveEntry(e);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        Path target = Files.createDirectory(dir.resolve("t"));
        assertEquals(Set.of("x"), TarGz.extract(tgz, folder, List.of("x"), target));
        assertArrayEquals(content, Files.readAllBytes(target.resolve("x")));
    }

    @Test
    void refusesEntriesAndNamesOutsideTheFolder() throws IOException {
        Path tgz = dir.resolve("evil.tgz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tgz))) {
            entry(out, "package/data/../../../evil", "x".getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[1024]);
        }
        Path target = Files.createDirectories(dir.resolve("a").resolve("t"));
        IOException e = assertThrows(IOException.class, () -> TarGz.extract(tgz, "package/data/", List.of("evil"), target));
        assertTrue(e.getMessage().contains("points outside its folder"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("evil")));
        e = assertThrows(IOException.class, () -> TarGz.extract(tgz, "package/data/", List.of("../../evil"), target));
        assertTrue(e.getMessage().contains("'../../evil' points outside its folder"), e.getMessage());
    }

    @Test
    void truncatedOrForeignFilesFail() throws IOException {
        byte[] big = new byte[5000];
        Path tgz = dir.resolve("cut.tgz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tgz))) {
            entry(out, "package/data/a", big);
        }
        Path cut = dir.resolve("cut2.tgz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(cut))) {
            // header and 1,000 of the 5,000 bytes
            out.write(ungzip(tgz), 0, 512 + 1000);
        }
        Path target = Files.createDirectory(dir.resolve("t"));
        assertThrows(IOException.class, () -> TarGz.extract(cut, "package/data/", List.of("a"), target));
        Path text = Files.writeString(dir.resolve("not.tgz"), "not an archive");
        assertThrows(IOException.class, () -> TarGz.extract(text, "package/data/", List.of("a"), target));
    }

    private static byte[] ungzip(Path tgz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz))) {
            return in.readAllBytes();
        }
    }

    private static void entry(OutputStream out, String name, byte[] content) throws IOException {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, h, 0, n.length);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", content.length));
        put(h, 136, "00000000000");
        h[156] = '0';
        put(h, 257, "ustar");
        put(h, 263, "00");
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte x : h) {
            sum += x & 0xFF;
        }
        put(h, 148, String.format("%06o", sum));
        out.write(h);
        out.write(content);
        out.write(new byte[(512 - content.length % 512) % 512]);
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }
}
