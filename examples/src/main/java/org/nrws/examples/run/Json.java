package org.nrws.examples.run;

import java.util.Collection;
import java.util.Map;

/**
 * A minimal JSON writer for the one-line results of the command line: objects, arrays,
 * strings, numbers, booleans and null. Non-finite numbers (NaN, infinity) are written as
 * {@code null}, never masked as a number.
 */
public final class Json {

    private Json() {
    }

    /**
     * @param value a Map (keys in iteration order), Collection, int[], double[], String, Number, Boolean or null
     * @return its JSON text on one line
     */
    public static String write(Object value) {
        StringBuilder s = new StringBuilder();
        append(s, value);
        return s.toString();
    }

    private static void append(StringBuilder s, Object v) {
        if (v == null) {
            s.append("null");
        } else if (v instanceof Map<?, ?> m) {
            s.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    s.append(',');
                }
                first = false;
                string(s, String.valueOf(e.getKey()));
                s.append(':');
                append(s, e.getValue());
            }
            s.append('}');
        } else if (v instanceof Collection<?> c) {
            s.append('[');
            boolean first = true;
            for (Object o : c) {
                if (!first) {
                    s.append(',');
                }
                first = false;
                append(s, o);
            }
            s.append(']');
        } else if (v instanceof int[] a) {
            s.append('[');
            for (int i = 0; i < a.length; i++) {
                s.append(i == 0 ? "" : ",").append(a[i]);
            }
            s.append(']');
        } else if (v instanceof double[] a) {
            s.append('[');
            for (int i = 0; i < a.length; i++) {
                s.append(i == 0 ? "" : ",");
                append(s, a[i]);
            }
            s.append(']');
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            s.append(Double.isFinite(d) ? Double.toString(d) : "null");
        } else if (v instanceof Number || v instanceof Boolean) {
            s.append(v);
        } else {
            string(s, v.toString());
        }
    }

    private static void string(StringBuilder s, String t) {
        s.append('"');
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            switch (c) {
                case '"':
                    s.append("\\\"");
                    break;
                case '\\':
                    s.append("\\\\");
                    break;
                case '\n':
                    s.append("\\n");
                    break;
                case '\r':
                    s.append("\\r");
                    break;
                case '\t':
                    s.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
            }
        }
        s.append('"');
    }
}
