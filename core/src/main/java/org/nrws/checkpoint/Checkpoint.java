package org.nrws.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.ParameterLayout;
import org.nrws.model.SigmoidBeliefNetwork;
import org.nrws.model.SigmoidLayer;
import org.nrws.model.Units;
import org.nrws.optim.Optimizer;
import org.nrws.random.RandomSource;
import org.nrws.train.KeptFisher;
import org.nrws.train.Trainer;

/**
 * Everything needed to continue a training run bit-identically, plus the run's configuration
 * and provenance, in one file.
 *
 * <p>Since all randomness of a run is a function of (seed, counters) (see
 * {@link RandomSource}), the state of a run is: the parameters, the optimiser's
 * state and update count, the trainer's counters (updates, epoch, batch within the epoch,
 * training seconds), the seed, and for a natural-gradient run with factor reuse the Fisher samples
 * of its last refresh ({@link KeptFisher}). {@link #capture} takes them from a {@link Trainer},
 * {@link #restore} puts them back into a fresh one built with the same configuration.
 *
 * The binary file format is {@link CheckpointCodec}'s.
 *
 * <p>Files are written atomically ({@link AtomicFiles}); reading detects foreign files (magic),
 * unknown versions, truncation (end marker) and corruption (CRC).
 */
public final class Checkpoint {

    /** The magic header. */
    public static final String MAGIC = "NRWSCKPT";
    /** The end marker. */
    public static final String END = "NRWS-END";
    /**
     * The newest format version this class writes and reads: 2 adds the kept Fisher samples
     * ({@link KeptFisher}); a checkpoint without them is written as version 1, which older builds read.
     */
    public static final int FORMAT_VERSION = 2;
    /** The format version of checkpoints without kept Fisher samples. */
    public static final int FORMAT_VERSION_PLAIN = 1;
    /** The prefixes a caller may use for metadata keys. */
    public static final List<String> METADATA_PREFIXES = List.of("config.", "provenance.", "state.");

    private final SortedMap<String, String> manifest;
    private final List<INDArray> parameters;
    private final List<INDArray> optimizerState;
    private final KeptFisher keptFisher;

    Checkpoint(SortedMap<String, String> manifest, List<INDArray> parameters, List<INDArray> optimizerState,
               KeptFisher keptFisher) {
        this.manifest = Collections.unmodifiableSortedMap(new TreeMap<>(manifest));
        this.parameters = List.copyOf(parameters);
        this.optimizerState = List.copyOf(optimizerState);
        this.keptFisher = keptFisher;
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
        KeptFisher kept = trainer.preconditioner().keptFisher().orElse(null);
        man.put("format.version", Integer.toString(kept == null ? FORMAT_VERSION_PLAIN : FORMAT_VERSION));
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
        return new Checkpoint(man, params, state, kept);
    }

    /**
     * Puts this checkpoint's state into a trainer built with the same configuration: parameters
     * (copied into the live arrays), optimiser state and update count, the trainer's counters, and
     * the kept Fisher factors, rebuilt by the trainer's preconditioner from the saved samples.
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
        if (keptFisher != null) {
            trainer.preconditioner().restoreKeptFisher(m, keptFisher);
        }
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
            q.add(new SigmoidLayer("q" + l, parameters.get(ParameterLayout.q(layersP - 1, l)).dup('c')));
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

    /** @return the Fisher samples behind the kept factors of a run with {@code --refresh} &gt; 1, if any */
    public Optional<KeptFisher> keptFisher() {
        return Optional.ofNullable(keptFisher);
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

    /** @return the encoded file content ({@link CheckpointCodec}) */
    public byte[] toBytes() {
        return CheckpointCodec.encode(this);
    }

    /**
     * Decodes a checkpoint ({@link CheckpointCodec}).
     *
     * @param bytes the file content
     * @param name  the file name, for messages
     * @return the checkpoint
     * @throws CheckpointFormatException when the bytes are not a valid checkpoint
     */
    public static Checkpoint fromBytes(byte[] bytes, String name) throws CheckpointFormatException {
        return CheckpointCodec.decode(bytes, name);
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

    void validate(String name) throws CheckpointFormatException {
        for (String key : List.of("model.sizes", "model.clip", "model.dtype", "trainer.updates", "trainer.epoch",
                "trainer.batchInEpoch", "trainer.wallSeconds", "run.seed", "optimizer.name", "optimizer.updates")) {
            if (!manifest.containsKey(key)) {
                throw new CheckpointFormatException(name + " lacks the manifest entry '" + key + "'");
            }
        }
        int[] sizes = sizes();
        int expected = ParameterLayout.count(sizes.length - 1);
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
