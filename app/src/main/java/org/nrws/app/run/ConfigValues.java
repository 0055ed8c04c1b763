package org.nrws.app.run;

import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Typed reads of {@link RunConfig} entries, each failing with a message that names the option
 * ({@code --k must be an integer >= 1, got 0}), and the text each typed value is saved as.
 * Used only while a configuration is parsed (once, by {@link RunConfig}).
 */
final class ConfigValues {

    private final Map<String, String> entries;

    /** @param entries the configuration's entries */
    ConfigValues(Map<String, String> entries) {
        this.entries = entries;
    }

    /**
     * @param key an entry
     * @return its value as given
     */
    String get(String key) {
        String v = entries.get(key);
        if (v == null) {
            throw new IllegalArgumentException("unknown configuration entry '" + key + "'");
        }
        return v;
    }

    DataType floatType(String key) {
        switch (get(key).toLowerCase(Locale.ROOT)) {
            case "float64":
            case "double":
                return DataType.DOUBLE;
            case "float32":
            case "float":
                return DataType.FLOAT;
            default:
                throw new IllegalArgumentException("--" + key + " must be " + ("fisher-dtype".equals(key)
                        ? "float64, float32 or mixed" : "float64 or float32") + ", got '" + get(key) + "'");
        }
    }

    double number(String key) {
        try {
            return Double.parseDouble(get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a number, got '" + get(key) + "'");
        }
    }

    double positiveFinite(String key) {
        double v = number(key);
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("--" + key + " must be a finite number > 0, got " + get(key));
        }
        return v;
    }

    long longValue(String key) {
        try {
            return Long.parseLong(get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be an integer, got '" + get(key) + "'");
        }
    }

    long nonNegativeLong(String key) {
        long v = longValue(key);
        if (v < 0) {
            throw new IllegalArgumentException("--" + key + " must be >= 0, got " + get(key));
        }
        return v;
    }

    int intValue(String key) {
        long v = longValue(key);
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw new IllegalArgumentException("--" + key + " is too large: " + get(key));
        }
        return (int) v;
    }

    int positiveInt(String key) {
        int v = intValue(key);
        if (v < 1) {
            throw new IllegalArgumentException("--" + key + " must be an integer >= 1, got " + get(key));
        }
        return v;
    }

    /**
     * The text a number is saved as: an integral value without a fraction ({@code 20}, {@code 1}),
     * any other as {@link Double#toString} ({@code 0.01}); both parse back to the same double.
     *
     * @param v a finite number
     * @return its text
     */
    static String text(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    int nonNegativeInt(String key) {
        int v = intValue(key);
        if (v < 0) {
            throw new IllegalArgumentException("--" + key + " must be an integer >= 0, got " + get(key));
        }
        return v;
    }
}
