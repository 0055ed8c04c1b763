package org.nrws.host;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads that share the work of a training step: the caller plus {@code threads - 1} daemon
 * workers. A job runs one task per thread ({@link #runOnAll}); {@link #forRange} (a fixed split
 * of an index range, for row-parallel loops and GEMMs) and {@link #forEach} (indices handed out
 * one by one, for per-neuron factorisations of uneven cost) are built on it.
 *
 * <p>Jobs of one pool run one at a time; a job started from inside a job (or from a second
 * thread while one runs) runs on the calling thread alone, so nesting never deadlocks. Workers
 * spin for a few microseconds after a job before they park, because a step starts its parallel
 * sections a few hundred microseconds apart. An exception in any task is rethrown by the caller
 * after every task has finished. Results never depend on which thread ran which index: each
 * index's work is a fixed sequence of operations.
 */
public final class WorkerPool implements AutoCloseable {

    /** Spin iterations of an idle worker before it parks (about 20-50 microseconds). */
    static final int SPINS = Integer.getInteger("nrws.spins", 1 << 14);

    /** {@link #forRange} gives each thread at least this many indices (smaller ranges run on the caller). */
    public static final int MIN_RANGE = 16;

    /** The task of one thread within a job. */
    @FunctionalInterface
    public interface ThreadTask {
        /** @param thread the thread's index in [0, threads), 0 being the caller */
        void run(int thread);
    }

    /** A body over an index range. */
    @FunctionalInterface
    public interface RangeBody {
        /**
         * @param from   first index
         * @param to     one past the last index
         * @param thread the thread's index, for thread-local scratch
         */
        void run(int from, int to, int thread);
    }

    /** A body over one index. */
    @FunctionalInterface
    public interface IndexBody {
        /**
         * @param index  the index
         * @param thread the thread's index, for thread-local scratch
         */
        void run(int index, int thread);
    }

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int threads;
    private final Thread[] workers;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile ThreadTask job;
    private volatile long epoch;
    private volatile boolean closed;
    private volatile Thread caller;
    private boolean running;

    /**
     * @param threads the number of threads sharing a job, the caller included (&ge; 1)
     */
    public WorkerPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a worker pool needs at least 1 thread, got " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        int id = POOLS.incrementAndGet();
        for (int t = 1; t < threads; t++) {
            int index = t;
            Thread w = new Thread(() -> work(index), "nrws-worker-" + id + "-" + t);
            w.setDaemon(true);
            workers[t - 1] = w;
            w.start();
        }
    }

    /** @return the number of threads sharing a job */
    public int threads() {
        return threads;
    }

    /**
     * Runs {@code task} once on every thread and waits for all of them.
     *
     * @param task the task; thread 0 is the caller
     */
    public void runOnAll(ThreadTask task) {
        if (!enter()) {
            for (int t = 0; t < threads; t++) {
                task.run(t);      // nested or concurrent use: the caller does every part itself
            }
            return;
        }
        try {
            failure.set(null);
            pending.set(threads - 1);
            caller = Thread.currentThread();
            job = task;
            epoch++;
            for (Thread w : workers) {
                LockSupport.unpark(w);
            }
            try {
                task.run(0);
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
            }
            int spins = 0;
            while (pending.get() > 0) {
                if (++spins < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            job = null;
            Throwable e = failure.get();
            if (e instanceof RuntimeException re) {
                throw re;
            }
            if (e instanceof Error err) {
                throw err;
            }
        } finally {
            exit();
        }
    }

    /**
     * Splits [0, n) into at most {@link #threads()} contiguous ranges of nearly equal size and at
     * least {@link #MIN_RANGE} indices (the same split for the same n) and runs the body on each.
     *
     * @param n    the size of the range
     * @param body the body
     */
    public void forRange(int n, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int parts = Math.min(threads, Math.max(1, n / MIN_RANGE));
        if (parts == 1) {
            body.run(0, n, 0);
            return;
        }
        runOnAll(t -> {
            if (t < parts) {
                body.run(split(n, parts, t), split(n, parts, t + 1), t);
            }
        });
    }

    /**
     * Runs the body for every index in [0, n), handing the indices out in increasing order to
     * whichever thread is free.
     *
     * @param n    the number of indices
     * @param body the body
     */
    public void forEach(int n, IndexBody body) {
        if (n <= 0) {
            return;
        }
        if (threads == 1 || n == 1) {
            for (int i = 0; i < n; i++) {
                body.run(i, 0);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        runOnAll(t -> {
            for (int i; (i = next.getAndIncrement()) < n; ) {
                body.run(i, t);
            }
        });
    }

    /**
     * @param n     the size of the range
     * @param parts the number of parts
     * @param p     a part index in [0, parts]
     * @return the start of part p (n for p = parts)
     */
    public static int split(int n, int parts, int p) {
        return (int) ((long) n * p / parts);
    }

    private synchronized boolean enter() {
        if (running || closed || threads == 1) {
            return false;
        }
        running = true;
        return true;
    }

    private synchronized void exit() {
        running = false;
    }

    private void work(int index) {
        long seen = 0;
        while (!closed) {
            int spins = 0;
            while (epoch == seen && !closed) {
                if (++spins < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            if (closed) {
                return;
            }
            seen = epoch;
            ThreadTask task = job;
            try {
                if (task != null) {
                    task.run(index);
                }
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
            } finally {
                if (pending.decrementAndGet() == 0) {
                    LockSupport.unpark(caller);
                }
            }
        }
    }

    /** Stops the workers (they are daemons, so this is optional). */
    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
    }
}
