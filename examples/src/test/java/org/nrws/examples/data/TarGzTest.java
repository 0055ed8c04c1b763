package org.nrws.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The minimal tar reader on an archive written here in ustar format, like an npm tarball. */
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
        Path da = dir.resolve("a");
        Set<String> found = TarGz.extract(tgz, Map.of("package/data/a", da, "package/data/missing", dir.resolve("m")));
        assertEquals(Set.of("package/data/a"), found);
        assertArrayEquals(a, Files.readAllBytes(da));
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
