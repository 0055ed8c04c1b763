package org.nrws.linalg;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the {@link BatchedCholesky} to use through the {@link BatchedCholeskyProvider} service
 * interface.
 */
public final class BatchedCholeskies {

    private static final Logger LOG = LoggerFactory.getLogger(BatchedCholeskies.class);

    private BatchedCholeskies() {
    }

    /**
     * The best available implementation: among the providers on the class path that report
     * {@link BatchedCholeskyProvider#isAvailable()} (which includes "the active ND4J backend is
     * mine"), the one with the highest priority; if there is none, {@link PureJavaCholesky} with a
     * logged warning. Each call creates a new instance.
     *
     * @return a new implementation
     */
    public static BatchedCholesky best() {
        BatchedCholeskyProvider chosen = availableProviders().stream()
                .max(Comparator.comparingInt(BatchedCholeskyProvider::priority)).orElse(null);
        if (chosen == null) {
            LOG.warn("no native batched Cholesky provider is available for this ND4J backend; falling back to the slow"
                    + " pure-Java reference implementation");
            return new PureJavaCholesky();
        }
        return chosen.create();
    }

    /**
     * @return the providers on the class path that are available in this JVM, in ServiceLoader order
     */
    public static List<BatchedCholeskyProvider> availableProviders() {
        List<BatchedCholeskyProvider> out = new ArrayList<>();
        for (BatchedCholeskyProvider p : ServiceLoader.load(BatchedCholeskyProvider.class)) {
            boolean available;
            try {
                available = p.isAvailable();
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("batched Cholesky provider {} failed its availability check: {}", p.getClass().getName(), e.toString());
                available = false;
            }
            if (available) {
                out.add(p);
            }
        }
        return out;
    }
}
