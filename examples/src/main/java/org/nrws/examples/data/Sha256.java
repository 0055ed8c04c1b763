package org.nrws.examples.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 digests of files, as lower-case hex. */
public final class Sha256 {

    private Sha256() {
    }

    /**
     * @param file a file
     * @return its SHA-256 as 64 lower-case hex digits
     * @throws IOException when it cannot be read
     */
    public static String of(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int r; (r = in.read(buf)) > 0; ) {
                md.update(buf, 0, r);
            }
        }
        StringBuilder s = new StringBuilder();
        for (byte b : md.digest()) {
            s.append(String.format("%02x", b));
        }
        return s.toString();
    }
}
