package org.nrws.app.run;

import java.nio.file.Path;
import java.util.Map;
import org.nrws.data.Binarization;

/**
 * Where a run's data comes from: {@code --data}, {@code --binarize}, {@code --binarize-seed} and
 * the folder it is cached in, {@code --data-dir}.
 *
 * @param data         mnist, fashion-mnist or a path, as given
 * @param binarization the binarisation protocol
 * @param binarizeSeed the seed of the fixed binarisation
 * @param dataDir      the data folder
 */
public record DataSettings(String data, Binarization binarization, long binarizeSeed, Path dataDir) {

    static DataSettings read(ConfigValues v) {
        if (v.get("data").isBlank()) {
            throw new IllegalArgumentException("--data must be mnist, fashion-mnist or a path, got ''");
        }
        return new DataSettings(v.get("data"), Binarization.parse(v.get("binarize")), v.longValue("binarize-seed"),
                Path.of(v.get("data-dir")));
    }

    void write(Map<String, String> m) {
        m.put("data", data);
        m.put("binarize", binarization.id());
        m.put("binarize-seed", Long.toString(binarizeSeed));
        m.put("data-dir", dataDir.toString());
    }
}
