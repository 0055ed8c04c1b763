package org.nrws.spark;

import org.nd4j.linalg.factory.Nd4j;
import org.nrws.host.ThreadPlan;
import org.nrws.host.WorkerPool;

/**
 * What every Spark task does before it touches ND4J: one engine thread and one OpenBLAS/OpenMP
 * thread per task (Spark runs one task per core, so more would oversubscribe the cores). Tasks run
 * their passes and solves on the serial pool returned here, never on the process's shared
 * {@link ThreadPlan}, so in local mode (where the driver is the same JVM) the driver's own plan is
 * left as it is.
 */
public final class Executors {

    /** The engine threads per task: the system property {@code nrws.task.threads} (default 1; OpenBLAS stays at 1). */
    public static final String THREADS_PROPERTY = "nrws.task.threads";

    private static volatile boolean ready;
    private static WorkerPool serial;

    private Executors() {
    }

    /**
     * Sets OpenBLAS and ND4J to one thread (idempotent).
     *
     * @return the pool a task uses for its parallel sections
     */
    public static synchronized WorkerPool prepare() {
        if (!ready) {
            int t = Integer.getInteger(THREADS_PROPERTY, 1);
            Nd4j.getBackend();
            org.bytedeco.openblas.global.openblas.blas_set_num_threads(1);
            Nd4j.getEnvironment().setMaxThreads(1);
            Nd4j.getEnvironment().setMaxMasterThreads(1);
            serial = new WorkerPool(t);
            ready = true;
        }
        return serial;
    }
}
