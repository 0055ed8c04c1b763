package org.nrws.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;

/**
 * The JavaCPP this module's tests run on is the one nd4j-native ships with ({@code javacpp.version}
 * of the root pom, passed by surefire as {@code nrws.javacpp.expected}): the cuda presets' newer
 * JavaCPP is pinned in module cuda-solver (and the -Pcuda profiles of examples and bench) only, and
 * must never leak into the CPU build through the parent's dependency management.
 */
class JavaCppVersionTest {

    @Test
    void theCpuBuildRunsOnNd4jsJavaCpp() throws IOException {
        String expected = System.getProperty("nrws.javacpp.expected");
        assertNotNull(expected, "surefire must pass nrws.javacpp.expected (root pom)");
        String jar = Loader.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        assertTrue(jar.endsWith("/javacpp-" + expected + ".jar"), "Loader loaded from " + jar + ", expected javacpp-"
                + expected + ".jar");
        List<URL> poms = Collections.list(getClass().getClassLoader()
                .getResources("META-INF/maven/org.bytedeco/javacpp/pom.properties"));
        assertFalse(poms.isEmpty());
        for (URL u : poms) {
            Properties p = new Properties();
            try (InputStream in = u.openStream()) {
                p.load(in);
            }
            assertEquals(expected, p.getProperty("version"), u.toString());
        }
    }
}
