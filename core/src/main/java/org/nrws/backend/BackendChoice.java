package org.nrws.backend;

import java.util.Locale;

/** The backend a user asks for: {@code --backend cpu|cuda|auto} or {@code NRWS_BACKEND}. */
public enum BackendChoice {
    /** The ND4J CPU backend with a CPU batched Cholesky (LAPACK). */
    CPU,
    /** The ND4J CUDA backend with the cuSOLVER batched Cholesky of {@code nrws-cuda-backend}. */
    CUDA,
    /** Whatever ND4J is running: CUDA when its CUDA backend loaded, the CPU otherwise. */
    AUTO;

    /** @return the lower-case name used on the command line: {@code cpu}, {@code cuda} or {@code auto} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param value {@code cpu}, {@code cuda} or {@code auto}, case-insensitive, surrounding blanks ignored
     * @param where where the value came from, for the message (e.g. {@code "--backend"})
     * @return the choice
     * @throws IllegalArgumentException naming {@code where} and listing the valid values
     */
    public static BackendChoice parse(String value, String where) {
        if (value != null) {
            String v = value.trim();
            for (BackendChoice c : values()) {
                if (c.id().equalsIgnoreCase(v)) {
                    return c;
                }
            }
        }
        throw new IllegalArgumentException(where + ": unknown backend '" + value + "' (expected cpu, cuda or auto)");
    }
}
