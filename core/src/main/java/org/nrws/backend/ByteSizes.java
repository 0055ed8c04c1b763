package org.nrws.backend;

import java.util.Locale;

/** Byte counts for messages, in decimal units (1 GB = 10^9 bytes). */
public final class ByteSizes {

    private ByteSizes() {
    }

    /**
     * @param bytes a byte count
     * @return e.g. {@code "3.9 GB"}, {@code "512 B"}; decimal units; {@code "unknown"} when negative
     */
    public static String human(long bytes) {
        if (bytes < 0) {
            return "unknown";
        }
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB", "EB"};
        double v = bytes;
        int u = -1;
        while (v >= 999.95 && u < units.length - 1) {
            v /= 1000.0;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
