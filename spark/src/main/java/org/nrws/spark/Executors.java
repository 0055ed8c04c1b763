package org.nrws.spark;

import org.nd4j.linalg.factory.Nd4j;
import org.nrws.host.ThreadPlan;
import org.nrws.host.WorkerPool;

/**
 * What every Spark task does before it touches ND4J: one engine thread and one OpenBLAS/OpenMP
 * thread per task (Spark runs one task per core, so more would oversubscribe the cores). Set once
 * per JVM; in local mode the driver is that JVM too.
 */
public final class Executors {

    /** The thread count per task: the system property {@code nrws.task.threads} (default 1). */
    public static final String THREADS_PROPERTY = "nrws.task.threads";

    private static volatile boolean ready;
    private static WorkerPool serial;

    private Executors() {
    }

    /**
     * Sets the thread plan of this JVM for Spark tasks (idempotent).
     *
     * @return the pool a task uses for its parallel sections
     */
    public static synchronized WorkerPool prepare() {
        if (!ready) {
            int t = Integer.getInteger(THREADS_PROPERTY, 1);
            ThreadPlan.setShared(t);
            Nd4j.getEnvironment().setMaxThreads(1);
            Nd4j.getEnvironment().setMaxMasterThreads(1);
            serial = new WorkerPool(1);
            ready = true;
        }
        return serial;
    }
}
