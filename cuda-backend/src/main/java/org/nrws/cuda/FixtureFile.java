package org.nrws.cuda;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixture format of the device check: a small binary file (big-endian, {@link DataOutputStream}).
 * <pre>
 * file   := MAGIC version:int count:int case*
 * case   := name:UTF layer:UTF path:UTF alpha:double n:int d:int m:int negated:int
 *           generated:boolean seed:long
 *           [if !generated: bits:byte[ceil(N d / 8)] probs:byte[N m] gradient:float[d m]]
 *           kind:byte  (0: a direction follows, 1: an error follows)
 *           kind 0: cpuF32Error:double expected:double[d m]
 *           kind 1: context:UTF neuron:int message:UTF
 * </pre>
 * Generated inputs are rebuilt from the seed by {@link FixtureInputs#generate} when read, which keeps
 * the large-batch fixtures small.
 */
public final class FixtureFile {

    /** The first 8 bytes of a fixture file. */
    public static final long MAGIC = 0x4e52575346495831L;   // "NRWSFIX1"
    /** The format version. */
    public static final int VERSION = 1;

    private FixtureFile() {
    }

    /**
     * @param file  the file to write (replaced)
     * @param cases the cases
     * @throws IOException when it cannot be written
     */
    public static void write(Path file, List<FixtureCase> cases) throws IOException {
        try (OutputStream os = Files.newOutputStream(file)) {
            write(os, cases);
        }
    }

    /**
     * @param os    the stream (not closed)
     * @param cases the cases
     * @throws IOException when it cannot be written
     */
    public static void write(OutputStream os, List<FixtureCase> cases) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 16));
        out.writeLong(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(cases.size());
        for (FixtureCase c : cases) {
            FixtureInputs in = c.inputs();
            out.writeUTF(c.name());
            out.writeUTF(c.layer());
            out.writeUTF(c.path());
            out.writeDouble(c.alpha());
            out.writeInt(in.n());
            out.writeInt(in.d());
            out.writeInt(in.m());
            out.writeInt(in.negated());
            out.writeBoolean(c.generated());
            out.writeLong(c.seed());
            if (!c.generated()) {
                out.write(in.bits());
                out.write(in.probs());
                for (float g : in.gradient()) {
                    out.writeFloat(g);
                }
            }
            if (c.expectsError()) {
                out.writeByte(1);
                out.writeUTF(c.errorContext());
                out.writeInt(c.errorNeuron());
                out.writeUTF(c.errorMessage());
            } else {
                out.writeByte(0);
                out.writeDouble(c.cpuF32Error());
                for (double e : c.expected()) {
                    out.writeDouble(e);
                }
            }
        }
        out.flush();
    }

    /**
     * @param file a fixture file
     * @return its cases
     * @throws IOException when it cannot be read or is not a fixture file of this version
     */
    public static List<FixtureCase> read(Path file) throws IOException {
        try (InputStream is = Files.newInputStream(file)) {
            return read(is, file.toString());
        }
    }

    /**
     * @param is    the stream (not closed)
     * @param where its name, for messages
     * @return the cases
     * @throws IOException when it is not a fixture file of this version, or truncated
     */
    public static List<FixtureCase> read(InputStream is, String where) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(is, 1 << 16));
        if (in.readLong() != MAGIC) {
            throw new IOException(where + ": not an NRWS fixture file (bad magic)");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException(where + ": fixture format version " + version + ", this reader knows " + VERSION);
        }
        int count = in.readInt();
        List<FixtureCase> cases = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            String name = in.readUTF();
            String layer = in.readUTF();
            String path = in.readUTF();
            double alpha = in.readDouble();
            int n = in.readInt();
            int d = in.readInt();
            int m = in.readInt();
            int negated = in.readInt();
            boolean generated = in.readBoolean();
            long seed = in.readLong();
            FixtureInputs inputs;
            if (generated) {
                inputs = FixtureInputs.generate(seed, n, d, m, FixtureCase.DENSITY, negated);
            } else {
                byte[] bits = new byte[FixtureInputs.bitBytes(n, d)];
                in.readFully(bits);
                byte[] probs = new byte[n * m];
                in.readFully(probs);
                float[] g = new float[d * m];
                for (int j = 0; j < g.length; j++) {
                    g[j] = in.readFloat();
                }
                inputs = new FixtureInputs(n, d, m, bits, probs, g, negated);
            }
            int kind = in.readByte();
            if (kind == 1) {
                String context = in.readUTF();
                int neuron = in.readInt();
                String message = in.readUTF();
                cases.add(new FixtureCase(name, layer, path, alpha, seed, generated, inputs, null, Double.NaN, context,
                        neuron, message));
            } else if (kind == 0) {
                double f32 = in.readDouble();
                double[] e = new double[d * m];
                for (int j = 0; j < e.length; j++) {
                    e[j] = in.readDouble();
                }
                cases.add(new FixtureCase(name, layer, path, alpha, seed, generated, inputs, e, f32, null, -1, null));
            } else {
                throw new IOException(where + ": case " + name + " has unknown kind " + kind);
            }
        }
        return cases;
    }
}
