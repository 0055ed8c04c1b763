package org.nrws.model;

import java.util.List;

/**
 * A stack of {@link SigmoidLayer}s, either the generative network p (top-down, with a bias-only
 * top prior) or the recognition network q (bottom-up).
 *
 * <p>Indexing follows docs/math.md section 1. For p, {@code layer(l)} generates h^l from h^{l+1} for
 * {@code l = 0..L-1} and {@code layer(L)} is the top prior of h^L. For q, {@code layer(l)}
 * generates h^{l+1} from h^l for {@code l = 0..L-1}.
 */
public final class SigmoidBeliefNetwork {

    /** Which of the two networks of a Helmholtz machine this is. */
    public enum Direction {
        /** The generative network p, sampled top-down. */
        GENERATIVE,
        /** The recognition network q, sampled bottom-up. */
        RECOGNITION
    }

    private final Direction direction;
    private final List<SigmoidLayer> layers;

    /**
     * @param direction generative or recognition
     * @param layers    the layers in the order described in the class comment
     */
    public SigmoidBeliefNetwork(Direction direction, List<SigmoidLayer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a sigmoid belief network needs at least one layer");
        }
        if (direction == Direction.GENERATIVE && layers.get(layers.size() - 1).nIn() != 0) {
            throw new IllegalArgumentException("the top layer of a generative network must be a bias-only prior");
        }
        this.direction = direction;
        this.layers = List.copyOf(layers);
    }

    /** @return generative or recognition */
    public Direction direction() {
        return direction;
    }

    /** @return the number of layers (L + 1 for p, L for q) */
    public int size() {
        return layers.size();
    }

    /**
     * @param l layer index
     * @return the layer
     */
    public SigmoidLayer layer(int l) {
        return layers.get(l);
    }

    /** @return all layers, unmodifiable */
    public List<SigmoidLayer> layers() {
        return layers;
    }
}
