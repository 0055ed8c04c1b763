package org.nrws.app.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.SigmoidBeliefNetwork;
import org.nrws.model.SigmoidLayer;
import org.nrws.model.Units;

/**
 * The names and shapes of a Helmholtz machine's parameters in a model file (see
 * {@code docs/export.md}), for layer sizes n0 (visible), n1, ..., nL (top):
 * <ul>
 *   <li>{@code p/W<l>} [n_{l+1}, n_l] and {@code p/b<l>} [n_l], l = 0..L-1:
 *       {@code p(h^l = 1 | h^{l+1}) = sigmoid(h^{l+1} @ p/W<l> + p/b<l>)};</li>
 *   <li>{@code p/prior_b} [n_L]: {@code p(h^L = 1) = sigmoid(p/prior_b)};</li>
 *   <li>{@code q/W<l>} [n_l, n_{l+1}] and {@code q/b<l>} [n_{l+1}], l = 0..L-1:
 *       {@code q(h^{l+1} = 1 | h^l) = sigmoid(h^l @ q/W<l> + q/b<l>)}.</li>
 * </ul>
 * Rows of a weight matrix are the parent units, columns the child units; h is the stored state
 * (0/1 or -1/+1, see {@link Units}). A layer's {@link SigmoidLayer#theta() theta} is exactly
 * {@code [W; b]} (the weight rows, then the bias row), so the arrays are copies of its rows, bit for
 * bit.
 */
public final class ModelLayout {

    /** The prefix of the generative network's arrays. */
    public static final String P = "p/";
    /** The prefix of the recognition network's arrays. */
    public static final String Q = "q/";
    /** The name of the top prior's biases. */
    public static final String PRIOR = P + "prior_b";

    private ModelLayout() {
    }

    /**
     * @param depth the number of latent layers L
     * @return every array's name, in file order: p/W0, p/b0, ..., p/prior_b, q/W0, q/b0, ...
     */
    public static List<String> names(int depth) {
        List<String> n = new ArrayList<>();
        for (int l = 0; l < depth; l++) {
            n.add(P + "W" + l);
            n.add(P + "b" + l);
        }
        n.add(PRIOR);
        for (int l = 0; l < depth; l++) {
            n.add(Q + "W" + l);
            n.add(Q + "b" + l);
        }
        return n;
    }

    /**
     * @param name  an array's name (one of {@link #names})
     * @param sizes the layer sizes n0..nL
     * @return its shape
     */
    public static long[] shape(String name, int[] sizes) {
        if (name.equals(PRIOR)) {
            return new long[] {sizes[sizes.length - 1]};
        }
        int l = Integer.parseInt(name.substring(3));
        boolean p = name.startsWith(P);
        boolean w = name.charAt(2) == 'W';
        int parent = p ? sizes[l + 1] : sizes[l];
        int child = p ? sizes[l] : sizes[l + 1];
        return w ? new long[] {parent, child} : new long[] {child};
    }

    /**
     * @param name  an array's name
     * @param sizes the layer sizes
     * @return its shape in terms of the sizes, for messages, e.g. {@code (n1, n0)}
     */
    public static String symbolicShape(String name, int[] sizes) {
        if (name.equals(PRIOR)) {
            return "(n" + (sizes.length - 1) + ",)";
        }
        int l = Integer.parseInt(name.substring(3));
        boolean p = name.startsWith(P);
        int parent = p ? l + 1 : l;
        int child = p ? l : l + 1;
        return name.charAt(2) == 'W' ? "(n" + parent + ", n" + child + ")" : "(n" + child + ",)";
    }

    /**
     * @param m a machine
     * @return its parameters under their names, in file order (copies)
     */
    public static Map<String, INDArray> arrays(HelmholtzMachine m) {
        Map<String, INDArray> a = new LinkedHashMap<>();
        int depth = m.depth();
        for (int l = 0; l < depth; l++) {
            put(a, P, l, m.p().layer(l));
        }
        SigmoidLayer prior = m.p().layer(depth);
        a.put(PRIOR, bias(prior));
        for (int l = 0; l < depth; l++) {
            put(a, Q, l, m.q().layer(l));
        }
        return a;
    }

    private static void put(Map<String, INDArray> a, String prefix, int l, SigmoidLayer layer) {
        a.put(prefix + "W" + l, layer.theta().get(NDArrayIndex.interval(0, layer.nIn()), NDArrayIndex.all()).dup('c'));
        a.put(prefix + "b" + l, bias(layer));
    }

    private static INDArray bias(SigmoidLayer layer) {
        return layer.theta().get(NDArrayIndex.interval(layer.nIn(), layer.nIn() + 1), NDArrayIndex.all()).dup('c')
                .reshape('c', new long[] {layer.nOut()});
    }

    /**
     * Builds a machine from named arrays whose shapes and types were checked.
     *
     * @param sizes  the layer sizes n0..nL
     * @param type   the parameters' type
     * @param units  the unit convention
     * @param clip   the probability clipping
     * @param arrays the arrays under {@link #names} with {@link #shape}s
     * @return the machine (its parameters are copies)
     */
    public static HelmholtzMachine machine(int[] sizes, DataType type, Units units, double clip, Map<String, INDArray> arrays) {
        int depth = sizes.length - 1;
        List<SigmoidLayer> p = new ArrayList<>();
        for (int l = 0; l < depth; l++) {
            p.add(new SigmoidLayer("p" + l, theta(arrays.get(P + "W" + l), arrays.get(P + "b" + l), type)));
        }
        p.add(new SigmoidLayer("p" + depth, theta(null, arrays.get(PRIOR), type)));
        List<SigmoidLayer> q = new ArrayList<>();
        for (int l = 0; l < depth; l++) {
            q.add(new SigmoidLayer("q" + l, theta(arrays.get(Q + "W" + l), arrays.get(Q + "b" + l), type)));
        }
        return new HelmholtzMachine(sizes.clone(), new SigmoidBeliefNetwork(SigmoidBeliefNetwork.Direction.GENERATIVE, p),
                new SigmoidBeliefNetwork(SigmoidBeliefNetwork.Direction.RECOGNITION, q), clip, units);
    }

    private static INDArray theta(INDArray w, INDArray b, DataType type) {
        INDArray row = b.castTo(type).reshape('c', new long[] {1, b.length()});
        INDArray t = w == null ? row : Nd4j.vstack(w.castTo(type), row);
        return t.dup('c');
    }
}
