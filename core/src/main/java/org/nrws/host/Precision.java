package org.nrws.host;

import java.util.Locale;

/** The floating-point type of a block of host memory or of an algebra. */
public enum Precision {
    /** IEEE binary64 ({@code double}). */
    F64(8),
    /** IEEE binary32 ({@code float}). */
    F32(4);

    private final int bytes;

    Precision(int bytes) {
        this.bytes = bytes;
    }

    /** @return the size of one element in bytes */
    public int bytes() {
        return bytes;
    }

    /** @return the name used on command lines and in results: {@code float64} or {@code float32} */
    public String id() {
        return this == F64 ? "float64" : "float32";
    }

    /**
     * @param id {@code float64}/{@code double}/{@code f64} or {@code float32}/{@code float}/{@code f32}
     * @return the precision
     * @throws IllegalArgumentException naming the valid values
     */
    public static Precision parse(String id) {
        switch (id.toLowerCase(Locale.ROOT)) {
            case "float64": case "double": case "f64":
                return F64;
            case "float32": case "float": case "f32":
                return F32;
            default:
                throw new IllegalArgumentException("unknown precision '" + id + "' (expected float64 or float32)");
        }
    }
}
