package org.nrws.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.SigmoidBeliefNetwork;
import org.nrws.model.SigmoidLayer;
import org.nrws.model.Units;

/**
 * A Helmholtz machine as plain Java values, for broadcasts and closures: layer sizes, precision,
 * clipping, units and every layer's parameters as a row-major {@code double[]} (p0..pL, q0..q(L-1),
 * each [d, m] with the bias as the last row), never an INDArray.
 */
public final class MachineState implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int[] sizes;
    private final String dataType;
    private final double clip;
    private final String units;
    private final String[] names;
    private final double[][] parameters;

    private MachineState(int[] sizes, String dataType, double clip, String units, String[] names, double[][] parameters) {
        this.sizes = sizes;
        this.dataType = dataType;
        this.clip = clip;
        this.units = units;
        this.names = names;
        this.parameters = parameters;
    }

    /**
     * @param machine the machine (not modified)
     * @return its state (a copy of the parameters)
     */
    public static MachineState of(HelmholtzMachine machine) {
        List<SigmoidLayer> layers = machine.layers();
        String[] names = new String[layers.size()];
        double[][] params = new double[layers.size()][];
        for (int i = 0; i < layers.size(); i++) {
            names[i] = layers.get(i).name();
            params[i] = layers.get(i).theta().castTo(DataType.DOUBLE).dup('c').data().asDouble();
        }
        return new MachineState(machine.sizes(), machine.dataType().name(), machine.clip(), machine.units().name(), names,
                params);
    }

    /** @return a new machine with these parameters (on the calling JVM's ND4J backend) */
    public HelmholtzMachine toMachine() {
        DataType t = DataType.valueOf(dataType);
        int depth = sizes.length - 1;
        List<SigmoidLayer> p = new ArrayList<>();
        for (int l = 0; l <= depth; l++) {
            int nIn = l == depth ? 0 : sizes[l + 1];
            p.add(new SigmoidLayer(names[l], matrix(parameters[l], nIn + 1, sizes[l], t)));
        }
        List<SigmoidLayer> q = new ArrayList<>();
        for (int l = 0; l < depth; l++) {
            q.add(new SigmoidLayer(names[depth + 1 + l], matrix(parameters[depth + 1 + l], sizes[l] + 1, sizes[l + 1], t)));
        }
        return new HelmholtzMachine(sizes, new SigmoidBeliefNetwork(SigmoidBeliefNetwork.Direction.GENERATIVE, p),
                new SigmoidBeliefNetwork(SigmoidBeliefNetwork.Direction.RECOGNITION, q), clip, Units.valueOf(units));
    }

    private static INDArray matrix(double[] values, int rows, int cols, DataType t) {
        if (values.length != (long) rows * cols) {
            throw new IllegalArgumentException("a layer of [" + rows + ", " + cols + "] needs " + rows * cols
                    + " parameters, got " + values.length);
        }
        return Nd4j.createFromArray(values).reshape('c', rows, cols).castTo(t).dup('c');
    }

    /** @return the layer sizes n0..nL (a copy) */
    public int[] sizes() {
        return sizes.clone();
    }

    /** @return the number of parameter arrays (2L + 1) */
    public int layers() {
        return parameters.length;
    }

    /**
     * @param i a layer in parameter order
     * @return its parameters, row-major (the live array: do not modify)
     */
    public double[] parameters(int i) {
        return parameters[i];
    }

    /** @return the number of bytes of the parameters */
    public long bytes() {
        long n = 0;
        for (double[] p : parameters) {
            n += 8L * p.length;
        }
        return n;
    }
}
