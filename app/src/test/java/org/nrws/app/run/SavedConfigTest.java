package org.nrws.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Saved configurations of older versions keep their meaning when a default changes. */
class SavedConfigTest {

    @Test
    void aConfigurationWithoutFisherRowsWasTrainedOnAllRows() {
        // What a checkpoint of a version before --fisher-rows holds: every other entry, as then written.
        Map<String, String> old = new TreeMap<>(RunConfig.defaults().entries());
        old.remove("fisher-rows");
        old.put("lr", "0.01");
        old.put("alpha", "0.01");
        old.put("refresh", "1");
        RunConfig c = SavedConfig.fromEntries(old, Map.of());
        assertEquals(0, c.naturalGradientOptions().fisherRows(), "all rows, as that version did");
        assertEquals(0.01, c.learningRate());
        assertEquals(1, c.naturalGradientOptions().refreshInterval());
    }

    @Test
    void aSavedCountIsKept() {
        Map<String, String> saved = new TreeMap<>(RunConfig.defaults().entries());
        saved.put("fisher-rows", "16");
        assertEquals(16, SavedConfig.fromEntries(saved, Map.of()).naturalGradientOptions().fisherRows());
        assertEquals(32, SavedConfig.fromEntries(RunConfig.defaults().entries(), Map.of()).naturalGradientOptions()
                .fisherRows(), "today's default, saved as the count B");
    }
}
