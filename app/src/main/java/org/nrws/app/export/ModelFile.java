package org.nrws.app.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.codec.digest.DigestUtils;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.checkpoint.AtomicFiles;
import org.nrws.model.HelmholtzMachine;

/**
 * A Helmholtz machine as a NumPy {@code .npz} file: the arrays of {@link ModelLayout}, each an
 * {@code .npy} entry {@code <name>.npy} of the machine's type (float64 or float32), and
 * {@code meta.json} ({@link ModelMeta}). The layout is documented in {@code docs/export.md}.
 *
 * <p>{@link #write} refuses non-finite parameters and writes atomically (a temporary file renamed
 * over the target: nothing is left behind on failure). {@link #read} checks, with one-line errors
 * naming the file and the array: that the file is a complete zip archive, that it has
 * {@code meta.json} with the required fields, that every array the sizes call for is there and
 * nothing else, and each array's type (the {@code dtype} of {@code meta.json}), order, shape and
 * finiteness.
 */
public final class ModelFile {

    /** The name of the metadata entry. */
    public static final String META = "meta.json";
    /** The suffix of the array entries. */
    public static final String NPY = ".npy";

    private ModelFile() {
    }

    /**
     * A model file read back.
     *
     * @param file    the file
     * @param sha256  its SHA-256 (64 lower-case hex digits)
     * @param meta    its metadata
     * @param machine the machine its arrays define
     */
    public record Loaded(Path file, String sha256, ModelMeta meta, HelmholtzMachine machine) {
    }

    /**
     * Writes a machine and its metadata.
     *
     * @param target the {@code .npz} file (created or replaced atomically)
     * @param m      the machine
     * @param meta   its metadata (sizes, units, clip and type must be the machine's)
     * @throws ModelFileException       when a parameter is not finite (nothing is written)
     * @throws IllegalArgumentException when the metadata does not describe the machine
     * @throws IOException              on a write error (the target is then unchanged)
     */
    public static void write(Path target, HelmholtzMachine m, ModelMeta meta) throws IOException {
        if (!Arrays.equals(meta.sizes(), m.sizes()) || meta.units() != m.units() || meta.clip() != m.clip()
                || meta.dataType() != m.dataType()) {
            throw new IllegalArgumentException("the metadata does not describe the machine");
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> a : ModelLayout.arrays(m).entrySet()) {
            checkFinite(target + ": cannot export: ", a.getKey(), a.getValue());
            entries.put(a.getKey() + NPY, NpyArrays.encode(a.getValue()));
        }
        entries.put(META, meta.toJson());
        AtomicFiles.write(target, out -> NpzArchive.write(out, entries));
    }

    /**
     * Reads and checks a model file.
     *
     * @param file the {@code .npz} file
     * @return the machine, its metadata and the file's digest
     * @throws java.nio.file.NoSuchFileException when the file does not exist
     * @throws ModelFileException                 naming the cause (and the array) when it is not a valid model file
     * @throws IOException                        on a read error
     */
    public static Loaded read(Path file) throws IOException {
        Map<String, byte[]> entries = NpzArchive.read(file);
        byte[] json = entries.get(META);
        if (json == null) {
            throw new ModelFileException(file + ": no " + META + " entry: not an NRWS model file (a foreign .npz? see "
                    + "docs/export.md); entries: " + String.join(", ", entries.keySet()));
        }
        ModelMeta meta = ModelMeta.parse(json, file.toString());
        int[] sizes = meta.sizes();
        List<String> names = ModelLayout.names(sizes.length - 1);
        for (String entry : entries.keySet()) {
            if (!entry.equals(META) && !(entry.endsWith(NPY) && names.contains(entry.substring(0, entry.length() - NPY.length())))) {
                throw new ModelFileException(file + ": unexpected entry " + entry + " for layer sizes " + text(sizes)
                        + " (expected " + String.join(", ", names) + " and " + META + ")");
            }
        }
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        for (String name : names) {
            byte[] b = entries.get(name + NPY);
            if (b == null) {
                throw new ModelFileException(file + ": missing array " + name + " (layer sizes " + text(sizes) + " call for "
                        + String.join(", ", names) + ")");
            }
            INDArray a;
            try {
                a = NpyArrays.decode(name, b);
            } catch (ModelFileException e) {
                throw new ModelFileException(file + ": " + e.getMessage(), e);
            }
            if (a.dataType() != meta.dataType()) {
                throw new ModelFileException(file + ": array " + name + " is " + NpyArrays.numpyName(a.dataType()) + " but "
                        + META + " says dtype " + NpyArrays.numpyName(meta.dataType()));
            }
            long[] want = ModelLayout.shape(name, sizes);
            if (!Arrays.equals(a.shape(), want)) {
                throw new ModelFileException(file + ": array " + name + " has shape " + NpyArrays.shapeText(a.shape())
                        + ", expected " + NpyArrays.shapeText(want) + " = " + ModelLayout.symbolicShape(name, sizes)
                        + " for layer sizes " + text(sizes));
            }
            checkFinite(file + ": ", name, a);
            arrays.put(name, a);
        }
        HelmholtzMachine m = ModelLayout.machine(sizes, meta.dataType(), meta.units(), meta.clip(), arrays);
        String sha;
        try (var in = Files.newInputStream(file)) {
            sha = DigestUtils.sha256Hex(in);
        }
        return new Loaded(file, sha, meta, m);
    }

    private static String text(int[] sizes) {
        return Arrays.stream(sizes).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    private static void checkFinite(String prefix, String name, INDArray a) throws ModelFileException {
        double[] v = a.dup('c').data().asDouble();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                long[] at = a.rank() == 2 ? new long[] {i / a.columns(), i % a.columns()} : new long[] {i};
                throw new ModelFileException(prefix + "array " + name + " holds " + v[i] + " at index "
                        + NpyArrays.shapeText(at).replace(",)", ")"));
            }
        }
    }
}
