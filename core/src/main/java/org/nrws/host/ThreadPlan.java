package org.nrws.host;

import org.bytedeco.openblas.global.openblas;

/**
 * How a process shares its cores between OpenBLAS and the engine's own threads, set once at
 * start-up from {@code --threads}.
 *
 * <p>The chosen plan ({@link #forThreads}): OpenBLAS runs single-threaded, and one
 * {@link WorkerPool} of {@code threads} threads (the caller included) does all parallel work of a
 * step: it splits the rows of every GEMM, the element-wise passes and the per-neuron
 * factorisations. Measured on the 2-core machine (bench/RESULTS.md, "thread plan"): letting
 * OpenBLAS run its own threads for the GEMMs, next to a Java pool for the rest, was slower, because
 * OpenBLAS's idle threads spin on the cores the pool needs right after each product. ND4J's own
 * OpenMP threads are left alone; the step issues no ND4J operation.
 */
public final class ThreadPlan implements AutoCloseable {

    /** How GEMMs use the cores. */
    public enum Mode {
        /** The chosen plan: OpenBLAS single-threaded, the pool splits every GEMM's rows. */
        SPLIT,
        /**
         * The alternative that was measured against it: OpenBLAS runs its own threads inside each GEMM
         * (not split by the pool), and is set to one thread around the per-neuron sections.
         */
        BLAS
    }

    /** The system property that selects the mode for measurement: {@code split} (default) or {@code blas}. */
    public static final String MODE_PROPERTY = "nrws.plan";

    private static ThreadPlan shared;

    private final int threads;
    private final WorkerPool pool;
    private final Mode mode;

    private ThreadPlan(int threads, Mode mode) {
        this.threads = threads;
        this.mode = mode;
        this.pool = new WorkerPool(threads);
    }

    /**
     * Sets OpenBLAS to one thread and creates the pool.
     *
     * @param threads the threads of the pool, the caller included (&ge; 1)
     * @return the plan; close it to stop its workers
     */
    public static ThreadPlan forThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        }
        initialiseNd4j();
        Mode mode = Mode.valueOf(System.getProperty(MODE_PROPERTY, "split").toUpperCase(java.util.Locale.ROOT));
        openblas.blas_set_num_threads(mode == Mode.SPLIT ? 1 : threads);
        Blas.splitGemms(mode == Mode.SPLIT);
        return new ThreadPlan(threads, mode);
    }

    /** @return the mode */
    public Mode mode() {
        return mode;
    }

    /**
     * Runs a per-neuron section: under {@link Mode#BLAS}, with OpenBLAS set to one thread for its
     * duration (each neuron's LAPACK call runs on one pool thread); under {@link Mode#SPLIT}, as is.
     *
     * @param section the section
     */
    public static void perNeuron(Runnable section) {
        ThreadPlan p = shared;
        if (p == null || p.mode == Mode.SPLIT) {
            section.run();
            return;
        }
        synchronized (ThreadPlan.class) {
            openblas.blas_set_num_threads(1);
            try {
                section.run();
            } finally {
                openblas.blas_set_num_threads(p.threads);
            }
        }
    }

    /**
     * The plan of this process: created on first use with the available processors (or the
     * {@code nrws.threads} system property), unless {@link #setShared} was called first.
     *
     * @return the shared plan
     */
    public static synchronized ThreadPlan shared() {
        if (shared == null) {
            String p = System.getProperty("nrws.threads");
            int t = p != null && !p.isBlank() ? Integer.parseInt(p.trim()) : Runtime.getRuntime().availableProcessors();
            shared = forThreads(t);
        }
        return shared;
    }

    /**
     * Replaces the shared plan (the CLI calls this with {@code --threads} before anything runs).
     *
     * @param threads the pool's threads (&ge; 1)
     * @return the new shared plan
     */
    public static synchronized ThreadPlan setShared(int threads) {
        ThreadPlan old = shared;
        shared = forThreads(threads);
        if (old != null) {
            old.close();
        }
        return shared;
    }

    /**
     * ND4J sets OpenBLAS's thread count when its backend loads; load it first (when ND4J is on the class
     * path, through reflection so that this package needs no ND4J), so that the plan's setting wins.
     */
    private static void initialiseNd4j() {
        try {
            Class.forName("org.nd4j.linalg.factory.Nd4j").getMethod("getBackend").invoke(null);
        } catch (ClassNotFoundException e) {
            // no ND4J here (the GPU bundle): nothing to override
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("ND4J did not load: " + e, e);
        }
    }

    /** @return the number of threads of the pool */
    public int threads() {
        return threads;
    }

    /** @return the pool */
    public WorkerPool pool() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return mode == Mode.SPLIT ? "threads=" + threads + " (OpenBLAS 1 thread, GEMMs split over a " + threads
                + "-thread pool)" : "threads=" + threads + " (OpenBLAS " + threads + " threads per GEMM, " + threads
                + "-thread pool for the rest)";
    }
}
