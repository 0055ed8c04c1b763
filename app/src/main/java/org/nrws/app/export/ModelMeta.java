package org.nrws.app.export;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nrws.model.Units;

/**
 * The {@code meta.json} entry of a model file (see {@code docs/export.md}). Required: {@code format}
 * ({@value #FORMAT}), {@code format_version} ({@value #VERSION}), {@code sizes} (n0, ..., nL),
 * {@code units} ({@code 01} or {@code pm1}), {@code clip} and {@code dtype} ({@code float32} or
 * {@code float64}). Optional (null or empty when unknown, e.g. in a file written outside the
 * engine): {@code algorithm}, {@code data} (the data protocol), {@code engine} (the version that
 * wrote the file), {@code trained_with} (the version that trained it), {@code seed},
 * {@code updates} and {@code config} (the run's full configuration, as its checkpoint saved it).
 *
 * @param sizes       the layer sizes n0 (visible) .. nL (top)
 * @param units       the unit convention
 * @param clip        the probability clipping before logarithms
 * @param dataType    FLOAT or DOUBLE
 * @param algorithm   the training algorithm (e.g. {@code nrws}), or null
 * @param data        the data protocol (data set, binarisation, seeds, split), possibly empty
 * @param engine      the engine version that wrote the file, or null
 * @param trainedWith the engine version that trained the model, or null
 * @param seed        the training run's seed, or null
 * @param updates     the number of parameter updates the model had, or null
 * @param config      the training run's configuration (option to value), possibly empty
 */
public record ModelMeta(int[] sizes, Units units, double clip, DataType dataType, String algorithm,
                        Map<String, String> data, String engine, String trainedWith, Long seed, Long updates,
                        Map<String, String> config) {

    /** The value of {@code format}. */
    public static final String FORMAT = "nrws-model";
    /** The value of {@code format_version} this engine writes and reads. */
    public static final int VERSION = 1;

    /** Copies the arrays and maps. */
    public ModelMeta {
        sizes = sizes.clone();
        data = data == null ? Map.of() : Map.copyOf(new TreeMap<>(data));
        config = config == null ? Map.of() : Map.copyOf(new TreeMap<>(config));
    }

    /** @return the layer sizes (a copy) */
    @Override
    public int[] sizes() {
        return sizes.clone();
    }

    /** @return the latent layer sizes n1..nL (a copy) */
    public int[] latents() {
        return Arrays.copyOfRange(sizes, 1, sizes.length);
    }

    /** @return the JSON text, UTF-8 */
    public byte[] toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("format_version", VERSION);
        JsonArray s = new JsonArray();
        Arrays.stream(sizes).forEach(s::add);
        o.add("sizes", s);
        o.addProperty("units", units.id());
        o.addProperty("clip", clip);
        o.addProperty("dtype", NpyArrays.numpyName(dataType));
        o.addProperty("algorithm", algorithm);
        o.add("data", map(data));
        o.addProperty("engine", engine);
        o.addProperty("trained_with", trainedWith);
        o.addProperty("seed", seed);
        o.addProperty("updates", updates);
        o.add("config", map(config));
        return (new GsonBuilder().serializeNulls().disableHtmlEscaping().setPrettyPrinting().create().toJson(o) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static JsonObject map(Map<String, String> m) {
        JsonObject o = new JsonObject();
        new TreeMap<>(m).forEach(o::addProperty);
        return o;
    }

    /**
     * Parses and checks {@code meta.json}.
     *
     * @param json the entry's bytes
     * @param file the model file, for messages
     * @return the metadata
     * @throws ModelFileException naming the file and the missing or invalid field
     */
    public static ModelMeta parse(byte[] json, String file) throws ModelFileException {
        JsonObject o;
        try {
            JsonElement e = new JsonParser().parse(new String(json, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new ModelFileException(file + ": meta.json is not a JSON object");
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new ModelFileException(file + ": meta.json is not valid JSON: " + e.getMessage(), e);
        }
        String where = file + ": meta.json ";
        String format = text(o, "format", where, true);
        if (!FORMAT.equals(format)) {
            throw new ModelFileException(where + "format is '" + format + "', expected '" + FORMAT + "'");
        }
        long version = number(o, "format_version", where, true).longValue();
        if (version != VERSION) {
            throw new ModelFileException(where + "format_version is " + version + "; this engine reads " + VERSION);
        }
        int[] sizes;
        try {
            JsonArray a = o.getAsJsonArray("sizes");
            sizes = new int[a.size()];
            for (int i = 0; i < sizes.length; i++) {
                sizes[i] = a.get(i).getAsInt();
            }
        } catch (RuntimeException e) {
            throw new ModelFileException(where + "sizes must be a list of integers n0, n1, ..., nL");
        }
        if (sizes.length < 2 || Arrays.stream(sizes).anyMatch(n -> n < 1)) {
            throw new ModelFileException(where + "sizes must hold the visible and at least one latent size, all >= 1, got "
                    + Arrays.toString(sizes));
        }
        String u = text(o, "units", where, true);
        Units units;
        try {
            units = Units.parse(u);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(where + "units is '" + u + "'; expected 01 or pm1");
        }
        double clip = number(o, "clip", where, true).doubleValue();
        if (!(clip >= 0 && clip < 0.5)) {
            throw new ModelFileException(where + "clip is " + clip + "; expected a value in [0, 0.5)");
        }
        String d = text(o, "dtype", where, true);
        DataType type = switch (d) {
            case "float64" -> DataType.DOUBLE;
            case "float32" -> DataType.FLOAT;
            default -> throw new ModelFileException(where + "dtype is '" + d + "'; expected float64 or float32");
        };
        Number seed = number(o, "seed", where, false);
        Number updates = number(o, "updates", where, false);
        return new ModelMeta(sizes, units, clip, type, text(o, "algorithm", where, false), strings(o, "data", where),
                text(o, "engine", where, false), text(o, "trained_with", where, false), seed == null ? null : seed.longValue(),
                updates == null ? null : updates.longValue(), strings(o, "config", where));
    }

    private static String text(JsonObject o, String key, String where, boolean required) throws ModelFileException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            if (required) {
                throw new ModelFileException(where + "lacks the field '" + key + "'");
            }
            return null;
        }
        if (!e.isJsonPrimitive()) {
            throw new ModelFileException(where + "field '" + key + "' must be a string");
        }
        return e.getAsString();
    }

    private static Number number(JsonObject o, String key, String where, boolean required) throws ModelFileException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            if (required) {
                throw new ModelFileException(where + "lacks the field '" + key + "'");
            }
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new ModelFileException(where + "field '" + key + "' must be a number, got " + e);
        }
        return e.getAsNumber();
    }

    private static Map<String, String> strings(JsonObject o, String key, String where) throws ModelFileException {
        JsonElement e = o.get(key);
        Map<String, String> m = new TreeMap<>();
        if (e == null || e.isJsonNull()) {
            return m;
        }
        if (!e.isJsonObject()) {
            throw new ModelFileException(where + "field '" + key + "' must be an object of strings");
        }
        for (Map.Entry<String, JsonElement> x : e.getAsJsonObject().entrySet()) {
            if (!x.getValue().isJsonPrimitive()) {
                throw new ModelFileException(where + "field '" + key + "." + x.getKey() + "' must be a string");
            }
            m.put(x.getKey(), x.getValue().getAsString());
        }
        return m;
    }
}
