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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.model.ParameterLayout;
import org.nrws.train.KeptFisher;

/**
 * The binary form of a {@link Checkpoint}: encoding, and decoding with the checks that detect
 * foreign files (magic), unknown versions, truncation (end marker) and corruption (CRC).
 *
 * <h2>File format, versions 1 and 2</h2>
 * All integers big-endian ({@link DataOutputStream}):
 * <pre>
 *   8 bytes   magic "NRWSCKPT"
 *   int32     format version (1; 2 when the kept Fisher samples follow the optimiser state)
 *   int32     manifest length m, then m bytes: UTF-8 java.util.Properties text, keys sorted
 *   int32     number of arrays a, then a times:
 *               modified-UTF-8 name ("param.p0", ..., "optim.0", ..., and in version 2
                 "fisher.u.p0", "fisher.c.p0", ...: U and C of every layer's last refresh)
 *               int8 type (1 = float32, 2 = float64), int32 rank r, r x int64 shape,
 *               the elements in row-major (c) order, IEEE 754 big-endian bits
 *   int64     CRC-32 of every byte above
 *   8 bytes   end marker "NRWS-END"
 * </pre>
 * Manifest keys: {@code format.version}; {@code model.sizes} (n0,...,nL), {@code model.clip},
 * {@code model.dtype}; {@code trainer.updates}, {@code trainer.epoch},
 * {@code trainer.batchInEpoch}, {@code trainer.wallSeconds}; {@code run.seed};
 * {@code optimizer.name}, {@code optimizer.updates}; in version 2 {@code fisher.update} and
 * {@code fisher.alpha} (the update and damping of the kept factors' refresh); and any caller metadata under
 * {@code config.*} (the full run configuration), {@code provenance.*} (algorithm, data
 * protocol, software version, backend, date, ...) and {@code state.*} (e.g. early stopping).
 * Parameters are stored in the machine's fixed order p0..pL, q0..q(L-1).
 *
 */
final class CheckpointCodec {

    private static final int TYPE_FLOAT = 1;
    private static final int TYPE_DOUBLE = 2;

    private CheckpointCodec() {
    }

    /**
     * @param c the checkpoint
     * @return the encoded file content
     */
    static byte[] encode(Checkpoint c) {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(buf);
            out.write(Checkpoint.MAGIC.getBytes(StandardCharsets.US_ASCII));
            KeptFisher kept = c.keptFisher().orElse(null);
            out.writeInt(kept == null ? Checkpoint.FORMAT_VERSION_PLAIN : Checkpoint.FORMAT_VERSION);
            SortedMap<String, String> manifest = new TreeMap<>(c.manifest());
            if (kept != null) {   // format.version is the capture's, 2 when samples are kept
                manifest.put("fisher.update", Long.toString(kept.update()));
                manifest.put("fisher.alpha", Double.toString(kept.alpha()));
            }
            byte[] man = manifestText(manifest).getBytes(StandardCharsets.UTF_8);
            out.writeInt(man.length);
            out.write(man);
            int keptArrays = kept == null ? 0 : 2 * kept.inputs().size();
            out.writeInt(c.parameters().size() + c.optimizerState().size() + keptArrays);
            List<INDArray> params = c.parameters();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) {
                names.add("param." + layerName(c, i));
            }
            for (int i = 0; i < c.optimizerState().size(); i++) {
                names.add("optim." + i);
            }
            List<INDArray> all = new ArrayList<>(params);
            all.addAll(c.optimizerState());
            for (int i = 0; kept != null && i < kept.inputs().size(); i++) {
                names.add("fisher.u." + layerName(c, i));
                all.add(kept.inputs().get(i));
                names.add("fisher.c." + layerName(c, i));
                all.add(kept.curvatures().get(i));
            }
            for (int i = 0; i < all.size(); i++) {
                writeArray(out, names.get(i), all.get(i));
            }
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(buf.toByteArray());
            out.writeLong(crc.getValue());
            out.write(Checkpoint.END.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return buf.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
    }

    private static String layerName(Checkpoint c, int i) {
        int depth = c.sizes().length - 1;
        return ParameterLayout.isQ(depth, i) ? "q" + (i - ParameterLayout.q(depth, 0)) : "p" + i;
    }

    private static String manifestText(SortedMap<String, String> manifest) {
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
     * Decodes and validates a checkpoint.
     *
     * @param bytes the file content
     * @param name  the file name, for messages
     * @return the checkpoint
     * @throws CheckpointFormatException when the bytes are not a valid checkpoint
     */
    static Checkpoint decode(byte[] bytes, String name) throws CheckpointFormatException {
        byte[] magic = Checkpoint.MAGIC.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length < magic.length || !Arrays.equals(Arrays.copyOf(bytes, magic.length), magic)) {
            throw new CheckpointFormatException(name + " is not an NRWS checkpoint (it does not start with the '" + Checkpoint.MAGIC
                    + "' header); pass a checkpoint written by 'nrws train' (e.g. OUT/checkpoint.nrws)");
        }
        if (bytes.length >= 12) {
            int version = ByteBuffer.wrap(bytes, 8, 4).getInt();
            if (version != Checkpoint.FORMAT_VERSION && version != Checkpoint.FORMAT_VERSION_PLAIN) {
                throw new CheckpointFormatException(name + " has checkpoint format version " + version
                        + " but this build reads versions " + Checkpoint.FORMAT_VERSION_PLAIN + " and " + Checkpoint.FORMAT_VERSION
                        + "; load it with the NRWS version that wrote it");
            }
        }
        byte[] end = Checkpoint.END.getBytes(StandardCharsets.US_ASCII);
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
            List<INDArray> keptU = new ArrayList<>();
            List<INDArray> keptC = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String arrayName = in.readUTF();
                INDArray a = readArray(in, arrayName, name);
                if (arrayName.startsWith("param.")) {
                    params.add(a);
                } else if (arrayName.startsWith("fisher.u.")) {
                    keptU.add(a);
                } else if (arrayName.startsWith("fisher.c.")) {
                    keptC.add(a);
                } else {
                    state.add(a);
                }
            }
            KeptFisher kept = null;
            if (manifest.containsKey("fisher.update")) {
                kept = new KeptFisher(Long.parseLong(manifest.get("fisher.update")),
                        Double.parseDouble(manifest.get("fisher.alpha")), keptU, keptC);
                if (keptU.size() != params.size()) {
                    throw new CheckpointFormatException(name + " holds the kept Fisher of " + keptU.size() + " layers for "
                            + params.size() + " parameter arrays");
                }
            }
            manifest.remove("fisher.update");
            manifest.remove("fisher.alpha");
            Checkpoint c = new Checkpoint(manifest, params, state, kept);
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
}
