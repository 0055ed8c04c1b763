package org.nrws.app.run;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Collection;
import java.util.Map;

/**
 * The one place where the project writes and reads JSON: the one-line results of the command
 * line ({@code result.json}, stdout) and the JSON lines of the benchmarks, written and parsed with
 * Gson. Values are plain Java data: a {@link Map} (keys in iteration order), a {@link Collection}
 * or array, a String, Number or Boolean, or null; anything else is written as its
 * {@code toString()}. Non-finite numbers (NaN, infinity) are written as {@code null}, never
 * masked as a number. The text is always one line.
 */
public final class Json {

    private Json() {
    }

    /**
     * @param value plain Java data (see the class comment)
     * @return its JSON text on one line
     */
    public static String write(Object value) {
        return write(value, 0);
    }

    /**
     * Like {@link #write(Object)}, with every floating-point number rounded to a number of
     * significant digits (the benchmarks' lines use 6).
     *
     * @param value             plain Java data
     * @param significantDigits digits to keep in Double and Float values, or 0 for all of them
     * @return its JSON text on one line
     */
    public static String write(Object value, int significantDigits) {
        if (significantDigits < 0) {
            throw new IllegalArgumentException("significant digits must be >= 0, got " + significantDigits);
        }
        StringWriter text = new StringWriter();
        try (JsonWriter w = new JsonWriter(text)) {
            w.setSerializeNulls(true);
            w.setHtmlSafe(false);
            append(w, value, significantDigits == 0 ? null : new MathContext(significantDigits));
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a StringWriter does not fail
        }
        return text.toString();
    }

    /**
     * Parses one JSON object, e.g. a result line.
     *
     * @param text the JSON text
     * @return the object
     * @throws IllegalArgumentException when the text is not one JSON object
     */
    public static JsonObject parseObject(String text) {
        JsonElement e;
        try {
            e = new JsonParser().parse(text);
        } catch (JsonParseException ex) {
            throw new IllegalArgumentException("not JSON: " + ex.getMessage() + ": " + text, ex);
        }
        if (!e.isJsonObject()) {
            throw new IllegalArgumentException("not a JSON object: " + text);
        }
        return e.getAsJsonObject();
    }

    private static void append(JsonWriter w, Object v, MathContext round) throws IOException {
        if (v == null) {
            w.nullValue();
        } else if (v instanceof Map<?, ?> m) {
            w.beginObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                w.name(String.valueOf(e.getKey()));
                append(w, e.getValue(), round);
            }
            w.endObject();
        } else if (v instanceof Collection<?> c) {
            w.beginArray();
            for (Object o : c) {
                append(w, o, round);
            }
            w.endArray();
        } else if (v.getClass().isArray()) {
            w.beginArray();
            for (int i = 0; i < Array.getLength(v); i++) {
                append(w, Array.get(v, i), round);
            }
            w.endArray();
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) {
                w.nullValue();
            } else if (round != null && d != 0) {
                w.value(new BigDecimal(d).round(round).doubleValue());
            } else {
                w.value((Number) v);
            }
        } else if (v instanceof Number n) {
            w.value(n);
        } else if (v instanceof Boolean b) {
            w.value(b);
        } else {
            w.value(v.toString());
        }
    }
}
