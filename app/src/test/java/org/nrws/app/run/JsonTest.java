package org.nrws.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON facade: the exact one-line format of the result lines, rounding for the benchmarks, and reading back. */
class JsonTest {

    @Test
    void writesPlainDataOnOneLineInKeyOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("algo", "nrws");
        m.put("updates", 30L);
        m.put("wall_s", 1.25);
        m.put("nan", Double.NaN);
        m.put("inf", Double.NEGATIVE_INFINITY);
        m.put("none", null);
        m.put("layers", new int[] {4, 2});
        m.put("lls", new double[] {-1.5, Double.NaN});
        m.put("list", List.of(1, "a"));
        m.put("nested", Map.of("ok", true));
        m.put("path", Path.of("runs", "x"));
        m.put("text", "tab\tnewline\n<b>&'=\u0001");
        assertEquals("{\"algo\":\"nrws\",\"updates\":30,\"wall_s\":1.25,\"nan\":null,\"inf\":null,\"none\":null,"
                + "\"layers\":[4,2],\"lls\":[-1.5,null],\"list\":[1,\"a\"],\"nested\":{\"ok\":true},\"path\":\"runs/x\","
                + "\"text\":\"tab\\tnewline\\n<b>&'=\\u0001\"}", Json.write(m));
    }

    @Test
    void roundsToSignificantDigitsForTheBenchmarks() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 0.19140012345);
        m.put("b", 123456789.0);
        m.put("c", 0.0);
        m.put("d", 7L);
        m.put("e", Double.NaN);
        assertEquals("{\"a\":0.1914,\"b\":1.23457E8,\"c\":0.0,\"d\":7,\"e\":null}", Json.write(m, 6));
        assertThrows(IllegalArgumentException.class, () -> Json.write(m, -1));
    }

    @Test
    void readsBackWhatItWrites() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("test_ll", -12.5);
        m.put("test_ess", null);
        m.put("layers", new int[] {200, 200, 10});
        JsonObject j = Json.parseObject(Json.write(m));
        assertEquals(-12.5, j.get("test_ll").getAsDouble());
        assertTrue(j.get("test_ess").isJsonNull());
        assertEquals(10, j.getAsJsonArray("layers").get(2).getAsInt());
        assertFalse(j.has("absent"));
        assertThrows(IllegalArgumentException.class, () -> Json.parseObject("[1,2]"));
        assertThrows(IllegalArgumentException.class, () -> Json.parseObject("{\"a\":"));
    }
}
