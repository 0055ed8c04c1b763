package org.nrws.app.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.codec.digest.DigestUtils;

/** SHA-256 digests of files, as lower-case hex (Commons Codec's {@link DigestUtils}). */
public final class Sha256 {

    private Sha256() {
    }

    /**
     * @param file a file
     * @return its SHA-256 as 64 lower-case hex digits
     * @throws IOException when it cannot be read
     */
    public static String of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return DigestUtils.sha256Hex(in);
        }
    }
}
