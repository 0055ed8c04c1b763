package org.nrws.app.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a run writes and what it runs on: {@code --out}, {@code --backend} and {@code --threads}.
 * The backend and threads describe the machine rather than the run: a resumed run takes them from
 * its own command line.
 *
 * @param out     the output folder
 * @param backend cpu, cuda or auto: the natural-gradient solver's backend (see {@link Backends#select})
 * @param threads the size of the thread plan's pool, or 0 when {@code --threads} is not given (all processors)
 */
public record OutputSettings(Path out, String backend, int threads) {

    static OutputSettings read(ConfigValues v) {
        String b = v.get("backend").toLowerCase(Locale.ROOT);
        if (!List.of("cpu", "cuda", "auto").contains(b)) {
            throw new IllegalArgumentException("--backend must be cpu, cuda or auto, got '" + v.get("backend") + "'");
        }
        int n = 0;
        if (!v.get("threads").equals(RunConfig.THREADS_NOT_GIVEN)) {
            try {
                n = v.intValue("threads");
            } catch (IllegalArgumentException notAnInt) {
                n = 0;
            }
            if (n < 1) {
                throw new IllegalArgumentException("--threads must be >= 1 (leave it out to use all "
                        + Runtime.getRuntime().availableProcessors() + " available processors), got '" + v.get("threads") + "'");
            }
        }
        return new OutputSettings(Path.of(v.get("out")), b, n);
    }

    void write(Map<String, String> m) {
        m.put("out", out.toString());
        m.put("backend", backend);
        m.put("threads", threads == 0 ? RunConfig.THREADS_NOT_GIVEN : Integer.toString(threads));
    }
}
