package org.nrws.app.run;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nrws.model.Initialization;
import org.nrws.model.Units;

/**
 * The Helmholtz machine of a run: {@code --layers}, {@code --dtype}, {@code --init-std},
 * {@code --units} and {@code --init}.
 *
 * @param layers         the latent sizes n1..nL, bottom to top
 * @param dataType       the type of the parameters and data
 * @param initStd        the standard deviation of the initial weights
 * @param units          the units' values (01 or pm1)
 * @param initialization the initialisation (small or argo)
 */
public record ModelSettings(List<Integer> layers, DataType dataType, double initStd, Units units,
                            Initialization initialization) {

    /** Copies the layer list. */
    public ModelSettings {
        layers = List.copyOf(layers);
    }

    static ModelSettings read(ConfigValues v) {
        String s = v.get("layers");
        int[] l;
        try {
            l = Arrays.stream(s.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            if (l.length == 0 || Arrays.stream(l).anyMatch(x -> x < 1)) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--layers must be a comma-separated list of positive latent layer sizes, bottom "
                    + "to top (e.g. 200,200,10), got '" + s + "'");
        }
        Units units;
        try {
            units = Units.parse(v.get("units"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--units must be 01 or pm1, got '" + v.get("units") + "'");
        }
        Initialization init;
        try {
            init = Initialization.parse(v.get("init"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--init must be small or argo, got '" + v.get("init") + "'");
        }
        return new ModelSettings(Arrays.stream(l).boxed().toList(), v.floatType("dtype"), v.positiveFinite("init-std"),
                units, init);
    }

    /** @return the latent sizes as an array (a copy) */
    public int[] layerArray() {
        return layers.stream().mapToInt(Integer::intValue).toArray();
    }

    void write(Map<String, String> m) {
        m.put("layers", layers.stream().map(String::valueOf).collect(Collectors.joining(",")));
        m.put("dtype", dataType == DataType.FLOAT ? "float32" : "float64");
        m.put("init-std", ConfigValues.text(initStd));
        m.put("units", units.id());
        m.put("init", initialization.id());
    }
}
