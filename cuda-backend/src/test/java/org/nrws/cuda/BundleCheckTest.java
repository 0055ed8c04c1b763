package org.nrws.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundle's required contents and its size limit. */
class BundleCheckTest {

    static void complete(Path dir) throws IOException {
        for (String f : List.of("lib/common/nrws-core-0.1.0-SNAPSHOT.jar", "lib/common/nrws-cuda-backend-0.1.0-SNAPSHOT.jar",
                "lib/common/nrws-cuda-solver-0.1.0-SNAPSHOT.jar", "lib/cuda13/javacpp-1.5.13.jar",
                "lib/cuda13/cuda-13.1-9.19-1.5.13.jar", "lib/cuda13/cuda-13.1-9.19-1.5.13-linux-x86_64.jar",
                "fixtures/reference.fix", "fixtures/large.fix", "find-cuda-libs.sh", "run.sh", "jre/bin/java")) {
            Path p = dir.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "x");
        }
        dir.resolve("run.sh").toFile().setExecutable(true);
        dir.resolve("jre/bin/java").toFile().setExecutable(true);
    }

    @Test
    void aCompleteBundlePasses(@TempDir Path dir) throws IOException {
        complete(dir);
        assertEquals(List.of(), BundleCheck.problems(dir));
    }

    @Test
    void missingPiecesAreNamed(@TempDir Path dir) throws IOException {
        complete(dir);
        Files.delete(dir.resolve("lib/cuda13/cuda-13.1-9.19-1.5.13-linux-x86_64.jar"));
        Files.delete(dir.resolve("fixtures/large.fix"));
        dir.resolve("run.sh").toFile().setExecutable(false);
        List<String> p = BundleCheck.problems(dir);
        assertTrue(p.contains("run.sh is missing or not executable"), p.toString());
        assertTrue(p.contains("fixtures/large.fix is missing"), p.toString());
        assertTrue(p.contains("lib/ has no cuda-*-linux-x86_64.jar (the presets' JNI libraries)"), p.toString());
        assertEquals(3, p.size(), p.toString());
    }

    @Test
    void redistAndNd4jJarsAndOversizeAreRejected(@TempDir Path dir) throws IOException {
        complete(dir);
        Files.writeString(dir.resolve("lib/cuda13/cuda-13.1-9.19-1.5.13-linux-x86_64-redist.jar"), "x");
        Files.writeString(dir.resolve("lib/common/nd4j-native-1.0.0-M2.1.jar"), "x");
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("fixtures/big.bin").toFile(), "rw")) {
            f.setLength(BundleCheck.MAX_BYTES);                         // sparse: cheap to make
        }
        List<String> p = BundleCheck.problems(dir);
        assertEquals(3, p.size(), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.contains("-redist.jar is a redist jar")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.startsWith("lib/nd4j-native-1.0.0-M2.1.jar does not belong")), p.toString());
        assertTrue(p.get(2).endsWith("over the limit of 60 MiB"), p.toString());
    }
}
