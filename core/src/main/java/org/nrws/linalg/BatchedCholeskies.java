package org.nrws.linalg;

import org.bytedeco.openblas.global.openblas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * The batched Cholesky of the tensor solver on this machine: {@link LapackBatchedCholesky} where
 * OpenBLAS loads, else {@link PureJavaCholesky} with a logged warning.
 */
public final class BatchedCholeskies {

    private static final Logger LOG = LoggerFactory.getLogger(BatchedCholeskies.class);

    private BatchedCholeskies() {
    }

    /**
     * @return a new {@link LapackBatchedCholesky}, or the slow pure-Java reference when OpenBLAS's
     *     natives do not load
     */
    public static BatchedCholesky best() {
        try {
            openblas.blas_get_num_threads();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            LOG.warn("OpenBLAS does not load ({}); falling back to the slow pure-Java batched Cholesky", e.toString());
            return new PureJavaCholesky();
        }
        return new LapackBatchedCholesky();
    }
}
