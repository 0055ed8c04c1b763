package org.nrws.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.SigmoidBeliefNetwork;
import org.nrws.model.SigmoidLayer;
import org.nrws.model.Units;
import org.nrws.optim.Optimizer;
import org.nrws.random.RandomSource;
import org.nrws.train.Trainer;

/**
 * Everything needed to continue a training run bit-identically, plus the run's configuration
 * and provenance, in one file.
 *
 * <p>Since all randomness of a run is a function of (seed, counters) (see
 * {@link RandomSource}), the state of a run is: the parameters, the optimiser's
 * state and update count, the trainer's counters (updates, epoch, batch within the epoch,
 * training seconds) and the seed. {@link #capture} takes them from a {@link Trainer},
 * {@link #restore} puts them back into a fresh one built with the same configuration.
 *
 * <h2>File format, version 1</h2>
 * All integers big-endian ({@link DataOutputStream}):
 * <pre>
 *   8 bytes   magic "NRWSCKPT"
 *   int32     format version (1)
 *   int32     manifest length m, then m bytes: UTF-8 java.util.Properties text, keys sorted
 *   int32     number of arrays a, then a times:
 *               modified-UTF-8 name ("param.p0", ..., "optim.0", ...)
 *               int8 type (1 = float32, 2 = float64), int32 rank r, r x int64 shape,
 *               the elements in row-major (c) order, IEEE 754 big-endian bits
 *   int64     CRC-32 of every byte above
 *   8 bytes   end marker "NRWS-END"
 * </pre>
 * Manifest keys: {@code format.version}; {@code model.sizes} (n0,...,nL), {@code model.clip},
 * {@code model.dtype}; {@code trainer.updates}, {@code trainer.epoch},
 * {@code trainer.batchInEpoch}, {@code trainer.wallSeconds}; {@code run.seed};
 * {@code optimizer.name}, {@code optimizer.updates}; and any caller metadata under
 * {@code config.*} (the full run configuration), {@code provenance.*} (algorithm, data
 * protocol, software version, backend, date, ...) and {@code state.*} (e.g. early stopping).
 * Parameters are stored in the machine's fixed order p0..pL, q0..q(L-1).
 *
 * <p>Files are written atomically ({@link AtomicFiles}); reading detects foreign files (magic),
 * unknown versions, truncation (end marker) and corruption (CRC).
 */
public final class Checkpoint {

    /** The magic header. */
    public static final String MAGIC = "NRWSCKPT";
    /** The end marker. */
    public static final String END = "NRWS-END";
    /** The format version this class writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** The prefixes a caller may use for metadata keys. */
    public static final List<String> METADATA_PREFIXES = List.of("config.", "provenance.", "state.");

    private static final int TYPE_FLOAT = 1;
    private static final int TYPE_DOUBLE = 2;

    private final SortedMap<String, String> manifest;
    private final List<INDArray> parameters;
    private final List<INDArray> optimizerState;

    private Checkpoint(SortedMap<String, String> manifest, List<INDArray> parameters, List<INDArray> optimizerState) {
        this.manifest = Collections.unmodifiableSortedMap(new TreeMap<>(manifest));
        this.parameters = List.copyOf(parameters);
        this.optimizerState = List.copyOf(optimizerState);
    }

    /**
     * Captures the state of a trainer (copies of its arrays) and metadata.
     *
     * @param trainer     the trainer (not modified)
     * @param wallSeconds the training seconds to record (the trainer's clock, or a clock that
     *                    excludes evaluation time)
     * @param metadata    keys starting with {@code config.}, {@code provenance.} or {@code state.}
     * @return the checkpoint
     * @throws IllegalArgumentException for a metadata key outside those prefixes
     */
    public static Checkpoint capture(Trainer trainer, double wallSeconds, Map<String, String> metadata) {
        HelmholtzMachine m = trainer.machine();
        SortedMap<String, String> man = new TreeMap<>();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (METADATA_PREFIXES.stream().noneMatch(e.getKey()::startsWith)) {
                throw new IllegalArgumentException("checkpoint metadata key '" + e.getKey() + "' must start with one of "
                        + METADATA_PREFIXES);
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("checkpoint metadata key '" + e.getKey() + "' has no value");
            }
            man.put(e.getKey(), e.getValue());
        }
        man.put("format.version", Integer.toString(FORMAT_VERSION));
        man.put("model.sizes", join(m.sizes()));
        man.put("model.clip", Double.toString(m.clip()));
        man.put("model.units", m.units().id());
        man.put("model.dtype", m.dataType().name());
        man.put("trainer.updates", Long.toString(trainer.updates()));
        man.put("trainer.epoch", Integer.toString(trainer.epoch()));
        man.put("trainer.batchInEpoch", Integer.toString(trainer.batchInEpoch()));
        man.put("trainer.wallSeconds", Double.toString(wallSeconds));
        man.put("run.seed", Long.toString(trainer.seed()));
        Optimizer opt = trainer.optimizer();
        man.put("optimizer.name", opt.name());
        man.put("optimizer.updates", Long.toString(opt.updates()));
        List<INDArray> params = new ArrayList<>();
        for (INDArray p : m.parameters()) {
            params.add(p.dup('c'));
        }
        List<INDArray> state = new ArrayList<>();
        for (INDArray s : opt.state()) {
            state.add(s.dup('c'));
        }
        return new Checkpoint(man, params, state);
    }

    /**
     * Puts this checkpoint's state into a trainer built with the same configuration: parameters
     * (copied into the live arrays), optimiser state and update count, and the trainer's counters.
     *
     * @param trainer a trainer whose machine has the same sizes and data type, whose optimiser
     *                has the same name and whose seed is the same
     * @throws IllegalArgumentException naming the first mismatch
     */
    public void restore(Trainer trainer) {
        HelmholtzMachine m = trainer.machine();
        if (!Arrays.equals(m.sizes(), sizes())) {
            throw new IllegalArgumentException("checkpoint model has layer sizes " + join(sizes()) + " but the trainer's has "
                    + join(m.sizes()));
        }
        if (m.dataType() != dataType()) {
            throw new IllegalArgumentException("checkpoint parameters are " + dataType() + " but the trainer's model is "
                    + m.dataType());
        }
        if (m.units() != units()) {
            throw new IllegalArgumentException("checkpoint model has units " + units().id() + " but the trainer's has "
                    + m.units().id());
        }
        if (!trainer.optimizer().name().equals(optimizerName())) {
            throw new IllegalArgumentException("checkpoint was trained with optimizer " + optimizerName()
                    + " but the trainer uses " + trainer.optimizer().name());
        }
        if (trainer.seed() != seed()) {
            throw new IllegalArgumentException("checkpoint seed is " + seed() + " but the trainer's is " + trainer.seed()
                    + "; a resumed run must use the checkpoint's seed");
        }
        List<INDArray> live = m.parameters();
        for (int i = 0; i < live.size(); i++) {
            live.get(i).assign(parameters.get(i));
        }
        trainer.optimizer().restore(optimizerState, optimizerUpdates());
        trainer.restore(updates(), epoch(), batchInEpoch(), wallSeconds());
    }

    /** @return a new machine holding copies of the saved parameters */
    public HelmholtzMachine machine() {
        int[] sizes = sizes();
        int layersP = sizes.length;
        List<SigmoidLayer> p = new ArrayList<>();
        for (int l = 0; l < layersP; l++) {
            p.add(new SigmoidLayer("p" + l, parameters.get(l).dup('c')));
        }
        List<SigmoidLayer> q = new ArrayList<>();
        for (int l = 0; l < layersP - 1; l++) {
            q.add(new SigmoidLayer("q" + l, parameters.get(layersP + l).dup('c')));
        }
        return new HelmholtzMachine(sizes, new SigmoidBeliefNetwork(SigmoidBeliefNetwork.Direction.GENERATIVE, p),
                new SigmoidBeliefNetwork(SigmoidBeliefNetwork.Direction.RECOGNITION, q), clip(), units());
    }

    /** @return the whole manifest (sorted, unmodifiable) */
    public SortedMap<String, String> manifest() {
        return manifest;
    }

    /**
     * @param key a manifest key
     * @return its value
     * @throws IllegalStateException when the key is absent
     */
    public String get(String key) {
        String v = manifest.get(key);
        if (v == null) {
            throw new IllegalStateException("checkpoint has no '" + key + "' entry");
        }
        return v;
    }

    /**
     * @param prefix e.g. {@code "config."}
     * @return the entries under that prefix, with the prefix removed
     */
    public SortedMap<String, String> section(String prefix) {
        SortedMap<String, String> out = new TreeMap<>();
        manifest.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** @return the saved parameters, in the fixed order (do not modify) */
    public List<INDArray> parameters() {
        return parameters;
    }

    /** @return the saved optimiser state arrays (do not modify) */
    public List<INDArray> optimizerState() {
        return optimizerState;
    }

    /** @return the layer sizes n0..nL */
    public int[] sizes() {
        return Arrays.stream(get("model.sizes").split(",")).mapToInt(Integer::parseInt).toArray();
    }

    /** @return the units' values ({0,1} for checkpoints written before the option existed) */
    public Units units() {
        String u = manifest.get("model.units");
        return u == null ? Units.ZERO_ONE : Units.parse(u);
    }

    /** @return the probability clipping */
    public double clip() {
        return Double.parseDouble(get("model.clip"));
    }

    /** @return the parameters' data type */
    public DataType dataType() {
        return DataType.valueOf(get("model.dtype"));
    }

    /** @return updates done */
    public long updates() {
        return Long.parseLong(get("trainer.updates"));
    }

    /** @return completed epochs */
    public int epoch() {
        return Integer.parseInt(get("trainer.epoch"));
    }

    /** @return batches done in the current epoch */
    public int batchInEpoch() {
        return Integer.parseInt(get("trainer.batchInEpoch"));
    }

    /** @return training seconds spent */
    public double wallSeconds() {
        return Double.parseDouble(get("trainer.wallSeconds"));
    }

    /** @return the run seed */
    public long seed() {
        return Long.parseLong(get("run.seed"));
    }

    /** @return the optimiser's name */
    public String optimizerName() {
        return get("optimizer.name");
    }

    /** @return the optimiser's update count */
    public long optimizerUpdates() {
        return Long.parseLong(get("optimizer.updates"));
    }

    /**
     * Writes this checkpoint atomically (see {@link AtomicFiles}).
     *
     * @param path the file
     * @throws IOException on a write error (an existing file at {@code path} is then unchanged)
     */
    public void save(Path path) throws IOException {
        save(path, null);
    }

    /**
     * As {@link #save(Path)}, with a hook run between the write and the rename (for tests).
     *
     * @param path         the file
     * @param beforeRename the hook, or null
     * @throws IOException on a write error or when the hook throws
     */
    public void save(Path path, AtomicFiles.Hook beforeRename) throws IOException {
        byte[] bytes = toBytes();
        AtomicFiles.write(path, out -> out.write(bytes), beforeRename);
    }

    /** @return the encoded file content */
    public byte[] toBytes() {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(buf);
            out.write(MAGIC.getBytes(StandardCharsets.US_ASCII));
            out.writeInt(FORMAT_VERSION);
            byte[] man = manifestText().getBytes(StandardCharsets.UTF_8);
            out.writeInt(man.length);
            out.write(man);
            out.writeInt(parameters.size() + optimizerState.size());
            List<INDArray> params = parameters;
            List<String> names = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) {
                names.add("param." + layerName(i));
            }
            for (int i = 0; i < optimizerState.size(); i++) {
                names.add("optim." + i);
            }
            List<INDArray> all = new ArrayList<>(params);
            all.addAll(optimizerState);
            for (int i = 0; i < all.size(); i++) {
                writeArray(out, names.get(i), all.get(i));
            }
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(buf.toByteArray());
            out.writeLong(crc.getValue());
            out.write(END.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return buf.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
    }

    private String layerName(int i) {
        int pLayers = sizes().length;
        return i < pLayers ? "p" + i : "q" + (i - pLayers);
    }

    private String manifestText() {
        StringBuilder s = new StringBuilder("# NRWS checkpoint manifest\n");
        for (Map.Entry<String, String> e : manifest.entrySet()) {
            s.append(escape(e.getKey(), true)).append('=').append(escape(e.getValue(), false)).append('\n');
        }
        return s.toString();
    }

    private static String escape(String s, boolean key) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                case '=':
                case ':':
                case '#':
                case '!':
                    out.append('\\').append(c);
                    break;
                case ' ':
                    out.append(key || i == 0 ? "\\ " : " ");
                    break;
                default:
                    out.append(c);
            }
        }
        return out.toString();
    }

    private static void writeArray(DataOutputStream out, String name, INDArray a) throws IOException {
        out.writeUTF(name);
        DataType t = a.dataType();
        if (t != DataType.FLOAT && t != DataType.DOUBLE) {
            throw new IllegalArgumentException("array " + name + " has type " + t + "; only FLOAT and DOUBLE are stored");
        }
        out.writeByte(t == DataType.FLOAT ? TYPE_FLOAT : TYPE_DOUBLE);
        long[] shape = a.shape();
        out.writeInt(shape.length);
        for (long s : shape) {
            out.writeLong(s);
        }
        INDArray flat = Nd4j.toFlattened('c', a);
        if (t == DataType.DOUBLE) {
            double[] v = flat.toDoubleVector();
            ByteBuffer bb = ByteBuffer.allocate(8 * v.length);
            bb.asDoubleBuffer().put(v);
            out.write(bb.array());
        } else {
            float[] v = flat.toFloatVector();
            ByteBuffer bb = ByteBuffer.allocate(4 * v.length);
            bb.asFloatBuffer().put(v);
            out.write(bb.array());
        }
    }

    /**
     * Reads and validates a checkpoint file.
     *
     * @param path the file
     * @return the checkpoint
     * @throws CheckpointFormatException when the file is foreign, truncated, corrupt or of an unknown version
     * @throws IOException               when it cannot be read
     */
    public static Checkpoint load(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString(), null, "checkpoint file not found");
        }
        return fromBytes(Files.readAllBytes(path), path.toString());
    }

    /**
     * Decodes a checkpoint.
     *
     * @param bytes the file content
     * @param name  the file name, for messages
     * @return the checkpoint
     * @throws CheckpointFormatException when the bytes are not a valid checkpoint
     */
    public static Checkpoint fromBytes(byte[] bytes, String name) throws CheckpointFormatException {
        byte[] magic = MAGIC.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length < magic.length || !Arrays.equals(Arrays.copyOf(bytes, magic.length), magic)) {
            throw new CheckpointFormatException(name + " is not an NRWS checkpoint (it does not start with the '" + MAGIC
                    + "' header); pass a checkpoint written by 'nrws train' (e.g. OUT/checkpoint.nrws)");
        }
        if (bytes.length >= 12) {
            int version = ByteBuffer.wrap(bytes, 8, 4).getInt();
            if (version != FORMAT_VERSION) {
                throw new CheckpointFormatException(name + " has checkpoint format version " + version
                        + " but this build reads version " + FORMAT_VERSION + "; load it with the NRWS version that wrote it");
            }
        }
        byte[] end = END.getBytes(StandardCharsets.US_ASCII);
        int tail = 8 + end.length;
        if (bytes.length < 12 + tail
                || !Arrays.equals(Arrays.copyOfRange(bytes, bytes.length - end.length, bytes.length), end)) {
            throw new CheckpointFormatException(name + " is truncated (" + bytes.length + " bytes, the end marker is missing):"
                    + " it was not completely written; use an earlier checkpoint or train again");
        }
        int bodyLength = bytes.length - tail;
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bodyLength);
        long stored = ByteBuffer.wrap(bytes, bodyLength, 8).getLong();
        if (stored != crc.getValue()) {
            throw new CheckpointFormatException(name + " is corrupt (CRC-32 mismatch: stored " + Long.toHexString(stored)
                    + ", computed " + Long.toHexString(crc.getValue()) + "); use an earlier checkpoint or train again");
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 12, bodyLength - 12));
            byte[] man = new byte[in.readInt()];
            in.readFully(man);
            Properties props = new Properties();
            props.load(new StringReader(new String(man, StandardCharsets.UTF_8)));
            SortedMap<String, String> manifest = new TreeMap<>();
            for (String k : props.stringPropertyNames()) {
                manifest.put(k, props.getProperty(k));
            }
            int count = in.readInt();
            List<INDArray> params = new ArrayList<>();
            List<INDArray> state = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String arrayName = in.readUTF();
                INDArray a = readArray(in, arrayName, name);
                if (arrayName.startsWith("param.")) {
                    params.add(a);
                } else {
                    state.add(a);
                }
            }
            Checkpoint c = new Checkpoint(manifest, params, state);
            c.validate(name);
            return c;
        } catch (CheckpointFormatException e) {
            throw e;
        } catch (EOFException e) {
            throw new CheckpointFormatException(name + " is inconsistent: its arrays end before their declared size");
        } catch (IOException | RuntimeException e) {
            throw new CheckpointFormatException(name + " is not a valid checkpoint: " + e.getMessage());
        }
    }

    private static INDArray readArray(DataInputStream in, String arrayName, String file) throws IOException {
        int type = in.readByte();
        if (type != TYPE_FLOAT && type != TYPE_DOUBLE) {
            throw new IOException("array " + arrayName + " has unknown type code " + type);
        }
        int rank = in.readInt();
        if (rank < 0 || rank > 8) {
            throw new IOException("array " + arrayName + " has rank " + rank);
        }
        long[] shape = new long[rank];
        long n = 1;
        for (int r = 0; r < rank; r++) {
            shape[r] = in.readLong();
            if (shape[r] < 0) {
                throw new IOException("array " + arrayName + " has a negative dimension");
            }
            n *= shape[r];
        }
        int width = type == TYPE_DOUBLE ? 8 : 4;
        if (n * width > in.available()) {
            throw new EOFException();
        }
        byte[] raw = new byte[(int) (n * width)];
        in.readFully(raw);
        ByteBuffer bb = ByteBuffer.wrap(raw);
        if (type == TYPE_DOUBLE) {
            double[] v = new double[(int) n];
            bb.asDoubleBuffer().get(v);
            return Nd4j.createFromArray(v).reshape('c', shape);
        }
        float[] v = new float[(int) n];
        bb.asFloatBuffer().get(v);
        return Nd4j.createFromArray(v).reshape('c', shape);
    }

    private void validate(String name) throws CheckpointFormatException {
        for (String key : List.of("model.sizes", "model.clip", "model.dtype", "trainer.updates", "trainer.epoch",
                "trainer.batchInEpoch", "trainer.wallSeconds", "run.seed", "optimizer.name", "optimizer.updates")) {
            if (!manifest.containsKey(key)) {
                throw new CheckpointFormatException(name + " lacks the manifest entry '" + key + "'");
            }
        }
        int[] sizes = sizes();
        int expected = 2 * sizes.length - 1;
        if (parameters.size() != expected) {
            throw new CheckpointFormatException(name + " holds " + parameters.size() + " parameter arrays; a model with sizes "
                    + join(sizes) + " needs " + expected);
        }
        DataType dt = dataType();
        for (int i = 0; i < parameters.size(); i++) {
            if (parameters.get(i).dataType() != dt) {
                throw new CheckpointFormatException(name + ": parameter " + i + " is " + parameters.get(i).dataType()
                        + " but model.dtype is " + dt);
            }
        }
        // Shapes are checked by building the machine once.
        machine();
    }

    private static String join(int[] a) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            s.append(i == 0 ? "" : ",").append(a[i]);
        }
        return s.toString();
    }
}
