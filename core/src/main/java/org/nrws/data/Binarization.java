package org.nrws.data;

import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.random.RandomSource;

/**
 * The binarisation protocols of docs/math.md section 6. Results obtained under different protocols
 * differ by 1-2 nats and must never be compared as equals, so the protocol and its seed are
 * recorded with every result (see {@link #describe(long)}).
 */
public enum Binarization {
    /** Bernoulli(pixel / 255) drawn once, for every split, from a stated seed. */
    FIXED,
    /** Training images re-drawn every epoch from the epoch's stream; validation and test as {@link #FIXED}. */
    DYNAMIC,
    /** pixel / 255 &gt; 0.5. */
    THRESHOLD;

    /** @return the lower-case name used on the command line */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param id fixed, dynamic or threshold (case-insensitive)
     * @return the protocol
     * @throws IllegalArgumentException listing the valid names
     */
    public static Binarization parse(String id) {
        for (Binarization b : values()) {
            if (b.id().equalsIgnoreCase(id)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown binarization '" + id + "' (expected fixed, dynamic or threshold)");
    }

    /**
     * @param seed the binarisation seed
     * @return a description for provenance, e.g. {@code "fixed(seed=1234)"}
     */
    public String describe(long seed) {
        switch (this) {
            case FIXED:
                return "fixed(seed=" + seed + ")";
            case DYNAMIC:
                return "dynamic(train re-drawn per epoch; valid/test fixed seed=" + seed + ")";
            default:
                return "threshold(0.5)";
        }
    }

    /**
     * The binarisation of an evaluation split (and of the training split under {@link #FIXED}
     * and {@link #THRESHOLD}): the same images and seed always give the same bits.
     *
     * @param images  the gray images
     * @param seed    the binarisation seed
     * @param fileId  which source file the images come from (e.g. 0 = training file, 1 = test
     *                file), so that different files use independent streams
     * @param dtype   FLOAT or DOUBLE
     * @return a new binary matrix
     */
    public INDArray fixedBits(GrayImages images, long seed, long fileId, DataType dtype) {
        if (this == THRESHOLD) {
            return images.threshold(dtype);
        }
        return images.bernoulli(RandomSource.of(seed).stream(RandomSource.DOMAIN_DATA, fileId), dtype);
    }
}
