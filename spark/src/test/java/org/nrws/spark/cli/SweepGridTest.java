package org.nrws.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The grid file: cartesian product merged into base, explicit runs, clear errors. */
class SweepGridTest {

    @Test
    void expandsTheProductAndTheExplicitRuns() {
        List<Map<String, String>> runs = SweepCommand.expand("{\"base\": {\"layers\": \"4\", \"k\": 3},"
                + " \"grid\": {\"seed\": [1, 2, 3], \"algo\": [\"rws\", \"nrws\"]}, \"runs\": [{\"algo\": \"ws\", \"k\": 1}]}",
                Path.of("out"));
        assertEquals(7, runs.size());
        assertEquals("rws", runs.get(0).get("algo"));
        assertEquals("nrws", runs.get(1).get("algo"));
        assertEquals("3", runs.get(5).get("seed"));
        assertEquals("4", runs.get(5).get("layers"));
        assertEquals("1", runs.get(6).get("k"));
        assertEquals(Path.of("out", "run-006").toString(), runs.get(6).get("out"));
        assertEquals(7, runs.stream().map(r -> r.get("out")).distinct().count(), "every run has its own folder");
    }

    @Test
    void badGridFilesGetOneLineErrors() {
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
                () -> SweepCommand.expand("{\"bases\": {}}", Path.of("o")));
        assertTrue(a.getMessage().contains("unknown key 'bases'"), a.getMessage());
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
                () -> SweepCommand.expand("{\"grid\": {\"seed\": []}}", Path.of("o")));
        assertTrue(b.getMessage().contains("non-empty list"), b.getMessage());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                () -> SweepCommand.expand("{\"base\": {\"k\": 2}}", Path.of("o")));
        assertTrue(c.getMessage().contains("defines no run"), c.getMessage());
    }
}
