package org.nrws.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first build of the {@code ./nrws} script, with fake {@code mvn} and {@code java} programs: an
 * offline attempt that only lacks artifacts is not shown (one line says what is downloaded
 * instead), while a real failure shows Maven's own error.
 */
class NrwsScriptTest {

    private static final String OFFLINE_ERROR = "[ERROR] Failed to execute goal on project nrws-core: Could not resolve "
            + "dependencies for project org.nrws:nrws-core:jar:0.1.0-SNAPSHOT: Cannot access central in offline mode";
    private static final String FAKE_MVN = """
            #!/bin/bash
            offline=0
            for a in "$@"; do [[ "$a" == -o ]] && offline=1; done
            echo "mvn offline=$offline" >> "$FAKE_CALLS"
            if [[ $offline == 1 ]]; then
              if [[ "$FAKE_MODE" == compile ]]; then
                echo '[ERROR] COMPILATION ERROR : Broken.java:[3,1] class, interface, enum, or record expected'; exit 1
              fi
              echo '%s'; exit 1
            fi
            if [[ "$FAKE_MODE" == network ]]; then
              echo '[ERROR] Could not transfer artifact org.nd4j:nd4j-api:pom:1.0.0-M2.1 from/to central: Temporary failure in name resolution'
              exit 1
            fi
            mkdir -p app/target examples/target
            echo jar > app/target/nrws-app-0.1.0-SNAPSHOT.jar
            echo jar > examples/target/nrws-examples-0.1.0-SNAPSHOT.jar
            printf '%%s' "$PWD/app/target/nrws-app-0.1.0-SNAPSHOT.jar" > app/target/runtime-classpath.txt
            """.formatted(OFFLINE_ERROR);

    @TempDir
    Path dir;

    private Path home;
    private Path bin;

    /** What the script printed. */
    private record Run(int code, String out, String err, List<String> calls) {
    }

    @BeforeEach
    void fakeCheckout() throws IOException {
        Path script = Path.of(System.getProperty("user.dir")).resolveSibling("nrws");
        assertTrue(Files.isRegularFile(script), "the ./nrws script next to the app module: " + script);
        home = Files.createDirectories(dir.resolve("checkout"));
        Files.copy(script, home.resolve("nrws"), StandardCopyOption.COPY_ATTRIBUTES);
        for (String p : new String[] {"pom.xml", "core/pom.xml", "app/pom.xml", "examples/pom.xml"}) {
            Files.createDirectories(home.resolve(p).getParent());
            Files.writeString(home.resolve(p), "<project/>");
        }
        Files.createDirectories(home.resolve("core/src/main"));
        Files.createDirectories(home.resolve("app/src/main"));
        Files.createDirectories(home.resolve("examples/src/main"));
        bin = Files.createDirectories(dir.resolve("bin"));
        executable(bin.resolve("mvn"), FAKE_MVN);
        executable(bin.resolve("java"), "#!/bin/sh\necho \"java ran\"\n");
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        assertTrue(file.toFile().setExecutable(true));
    }

    private Run nrws(String mode) throws Exception {
        Path calls = dir.resolve("calls-" + mode);
        Files.writeString(calls, "");
        ProcessBuilder pb = new ProcessBuilder("bash", home.resolve("nrws").toString(), "--help");
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("FAKE_MODE", mode);
        pb.environment().put("FAKE_CALLS", calls.toString());
        pb.environment().put("TMPDIR", dir.toString());
        pb.redirectOutput(dir.resolve("out-" + mode).toFile()).redirectError(dir.resolve("err-" + mode).toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the script finishes");
        return new Run(p.exitValue(), Files.readString(dir.resolve("out-" + mode), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err-" + mode), StandardCharsets.UTF_8), Files.readAllLines(calls));
    }

    @Test
    void missingArtifactsGiveOneLineAboutTheDownloadNotTheOfflineErrors() throws Exception {
        Run r = nrws("missing");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("mvn offline=1", "mvn offline=0"), r.calls());
        assertTrue(r.err().contains("downloading the dependencies from Maven Central into ~/.m2 (about 250 MB, once)"),
                r.err());
        assertFalse(r.err().contains("[ERROR]"), r.err());
        assertEquals("java ran\n", r.out());
        try (var left = Files.list(dir)) {
            assertTrue(left.noneMatch(f -> f.getFileName().toString().startsWith("nrws-build.")), "the log is removed");
        }
        Run second = nrws("missing");
        assertEquals(List.of(), second.calls(), "a second call builds nothing");
    }

    @Test
    void aRealOfflineFailureShowsMavensErrorAndDoesNotRetry() throws Exception {
        Run r = nrws("compile");
        assertEquals(1, r.code());
        assertEquals(List.of("mvn offline=1"), r.calls());
        assertTrue(r.err().contains("COMPILATION ERROR : Broken.java:[3,1]"), r.err());
        assertTrue(r.err().contains("nrws: build failed (Maven's output is above)"), r.err());
        assertFalse(r.err().contains("250 MB"), r.err());
    }

    @Test
    void aFailedDownloadShowsTheOnlineErrorOnly() throws Exception {
        Run r = nrws("network");
        assertEquals(1, r.code());
        assertEquals(List.of("mvn offline=1", "mvn offline=0"), r.calls());
        assertTrue(r.err().contains("about 250 MB"), r.err());
        assertTrue(r.err().contains("Temporary failure in name resolution"), r.err());
        assertFalse(r.err().contains("offline mode"), "the offline attempt's output is not shown: " + r.err());
        assertTrue(r.err().contains("nrws: build failed"), r.err());
        assertEquals("", r.out());
    }
}
