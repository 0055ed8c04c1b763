package org.nrws.app.run;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.nrws.app.data.Splits;
import org.nrws.train.Trainer;

/**
 * The configuration and provenance entries a {@link TrainingRun} writes into each checkpoint:
 * {@code config.*} (the whole {@link RunConfig}), the run id, and {@code provenance.*} (algorithm,
 * preconditioner, data, seed, software version, backend, Java, training seconds, updates, date).
 */
final class RunProvenance {

    private RunProvenance() {
    }

    /**
     * @param config       the run's configuration
     * @param runId        the run's id
     * @param t            the trainer
     * @param splits       the run's data
     * @param backend      the backend in use
     * @param trainSeconds training seconds so far
     * @return the entries (a mutable sorted map)
     */
    static Map<String, String> entries(RunConfig config, String runId, Trainer t, Splits splits, String backend,
                                       double trainSeconds) {
        Map<String, String> m = new TreeMap<>();
        config.entries().forEach((k, v) -> m.put("config." + k, v));
        m.put(RunFolder.RUN_ID, runId);
        m.put("provenance.algorithm", config.algorithm().id());
        m.put("provenance.preconditioner", t.preconditioner().name());
        splits.provenance().forEach((k, v) -> m.put("provenance." + k, v));
        m.put("provenance.seed", Long.toString(config.seed()));
        m.put("provenance.version", Version.get());
        m.put("provenance.backend", backend);
        m.put("provenance.backend-detail", Backends.detail());
        m.put("provenance.java", System.getProperty("java.version"));
        m.put("provenance.training-seconds", Double.toString(trainSeconds));
        m.put("provenance.updates", Long.toString(t.updates()));
        m.put("provenance.date", Instant.now().toString());
        return m;
    }
}
