package org.nrws.app.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The software version, from the build (resource {@code nrws-version.properties}). */
public final class Version {

    private Version() {
    }

    /** @return e.g. {@code "nrws 0.1.0-SNAPSHOT"}, or {@code "nrws (unknown version)"} outside a Maven build */
    public static String get() {
        try (InputStream in = Version.class.getResourceAsStream("/nrws-version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isEmpty() && !v.startsWith("$")) {
                    return "nrws " + v;
                }
            }
        } catch (IOException ignored) {
            // fall through
        }
        return "nrws (unknown version)";
    }
}
