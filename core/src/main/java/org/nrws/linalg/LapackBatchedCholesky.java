package org.nrws.linalg;

import static org.bytedeco.openblas.global.openblas.CblasLeft;
import static org.bytedeco.openblas.global.openblas.CblasLower;
import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasNonUnit;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.LAPACK_COL_MAJOR;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.host.KernelCheck;

/**
 * {@link BatchedCholesky} on the CPU through OpenBLAS's LAPACKE and CBLAS, working in place on the
 * ND4J buffers with no copy.
 *
 * <p>Factor: a c-order symmetric slice read as column-major is its own transpose, so
 * {@code LAPACKE_?potrf(LAPACK_COL_MAJOR, 'U')} factors it as {@code A = U^T U}, which leaves
 * {@code L = U^T} in the lower triangle of the row-major view, as the interface requires. Solve:
 * two {@code cblas_?trsm} calls in row-major layout ({@code L Y = B}, then {@code L^T X = Y}) on
 * each [n, r] right-hand side.
 *
 * <p>Parallelism: the slices are shared among a fixed number of threads (the caller plus a pool
 * of {@code threads - 1} daemon threads), and OpenBLAS is set to one thread for the duration of a
 * batch of more than one slice and restored afterwards. A batch of a single matrix keeps
 * OpenBLAS's own threads. Batches of all instances are serialised by one lock, since the OpenBLAS
 * thread count is global.
 *
 * <p>Failures are never silent: a leading minor that is not positive raises
 * {@link NotPositiveDefiniteException} naming the lowest failing slice; NaN in a block's lower
 * triangle is caught by LAPACKE's NaN check and reported as such; an infinite pivot and a
 * non-finite solution (NaN or infinite right-hand side, or an overflow) are caught by cheap
 * per-slice scans of the diagonal and of the solution.
 */
public final class LapackBatchedCholesky implements BatchedCholesky, AutoCloseable {

    private static final Object BLAS_THREADS_LOCK = new Object();
    private static final AtomicInteger POOL_COUNTER = new AtomicInteger();

    /** LAPACKE's argument-error code when its NaN check finds NaN in argument 4, the matrix. */
    private static final int LAPACKE_NAN_IN_MATRIX = -4;

    private final int threads;
    private ExecutorService pool;

    /** Uses as many threads as there are available processors. */
    public LapackBatchedCholesky() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param threads the number of threads sharing a batch (&ge; 1), the caller included
     * @throws UnsatisfiedLinkError when the OpenBLAS natives cannot be loaded
     * @throws IllegalStateException when OpenBLAS's triangular kernels are wrong on this CPU
     *                               ({@link KernelCheck})
     */
    public LapackBatchedCholesky(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        openblas.blas_get_num_threads(); // loads the natives now, so a missing library fails here
        KernelCheck.verify(); // fails fast where OpenBLAS's ?trsm / ?potrf are wrong on this CPU
        this.threads = threads;
    }

    /** @return the number of threads sharing a batch */
    public int threads() {
        return threads;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Modifies {@code a}: the lower triangle of each slice holds L on return; the strict upper
     * triangle keeps its input values.
     */
    @Override
    public void factor(INDArray a, String context) {
        int n = BatchLayout.checkSquare(a, context);
        long m = a.size(0);
        if (m == 0 || n == 0) {
            return;
        }
        run(m, context, () -> new Kernel(a, null, n, 0)::factor);
        Reference.reachabilityFence(a);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Modifies {@code b} (the solutions); {@code factored} is only read.
     *
     * @throws NotPositiveDefiniteException naming the first slice whose solution is not finite
     */
    @Override
    public void solve(INDArray factored, INDArray b, String context) {
        int r = BatchLayout.checkRhs(factored, b, context);
        int n = (int) factored.size(1);
        long m = factored.size(0);
        if (m == 0 || n == 0 || r == 0) {
            return;
        }
        run(m, context, () -> new Kernel(factored, b, n, r)::solve);
        Reference.reachabilityFence(factored);
        Reference.reachabilityFence(b);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each slice is solved right after it is factored, while the factor is in cache. Modifies
     * {@code a} (factors) and {@code b} (solutions).
     */
    @Override
    public void factorAndSolve(INDArray a, INDArray b, String context) {
        int r = BatchLayout.checkRhs(a, b, context);
        int n = (int) a.size(1);
        long m = a.size(0);
        if (m == 0 || n == 0) {
            return;
        }
        run(m, context, () -> {
            Kernel k = new Kernel(a, b, n, r);
            return i -> {
                String err = k.factor(i);
                return err != null || r == 0 ? err : k.solve(i);
            };
        });
        Reference.reachabilityFence(a);
        Reference.reachabilityFence(b);
    }

    /** The per-slice LAPACK and CBLAS calls of one thread, on pointers into the ND4J buffers. */
    private static final class Kernel {
        private final boolean dbl;
        private final int n;
        private final int r;
        private final long nn;
        private final long nr;
        private final DoublePointer da;
        private final DoublePointer db;
        private final FloatPointer fa;
        private final FloatPointer fb;
        private final double[] dx;
        private final float[] fx;

        Kernel(INDArray a, INDArray b, int n, int r) {
            this.dbl = a.dataType() == DataType.DOUBLE;
            this.n = n;
            this.r = r;
            this.nn = (long) n * n;
            this.nr = (long) n * r;
            Pointer aBase = a.data().addressPointer();
            Pointer bBase = b == null ? null : b.data().addressPointer();
            this.da = dbl ? at(new DoublePointer(aBase)) : null;
            this.fa = dbl ? null : at(new FloatPointer(aBase));
            this.db = dbl && b != null ? at(new DoublePointer(bBase)) : null;
            this.fb = !dbl && b != null ? at(new FloatPointer(bBase)) : null;
            this.dx = dbl && b != null ? new double[(int) nr] : null;
            this.fx = !dbl && b != null ? new float[(int) nr] : null;
        }

        /** Factors slice i; returns null or what failed. */
        String factor(long i) {
            long off = i * nn;
            int info = dbl
                    ? openblas.LAPACKE_dpotrf(LAPACK_COL_MAJOR, (byte) 'U', n, da.position(off), n)
                    : openblas.LAPACKE_spotrf(LAPACK_COL_MAJOR, (byte) 'U', n, fa.position(off), n);
            if (info == LAPACKE_NAN_IN_MATRIX) {
                return "the block holds NaN";
            }
            if (info < 0) {
                throw new IllegalStateException("?potrf rejected argument " + (-info) + " for slice " + i);
            }
            if (info > 0) {
                return "leading minor " + info + " is not positive";
            }
            for (int k = 0; k < n; k++) {
                long diag = off + (long) k * (n + 1);
                double v = dbl ? da.position(0).get(diag) : fa.position(0).get(diag);
                if (!Double.isFinite(v)) {
                    return "pivot " + (k + 1) + " is " + v + " (the block holds an infinity)";
                }
            }
            return null;
        }

        /** Solves slice i against its factor; returns null or what failed. */
        String solve(long i) {
            boolean finite = true;
            if (dbl) {
                da.position(i * nn);
                db.position(i * nr);
                openblas.cblas_dtrsm(CblasRowMajor, CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit, n, r, 1.0, da, n, db, r);
                openblas.cblas_dtrsm(CblasRowMajor, CblasLeft, CblasLower, CblasTrans, CblasNonUnit, n, r, 1.0, da, n, db, r);
                db.get(dx);
                for (double v : dx) {
                    finite &= Double.isFinite(v);
                }
            } else {
                fa.position(i * nn);
                fb.position(i * nr);
                openblas.cblas_strsm(CblasRowMajor, CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit, n, r, 1f, fa, n, fb, r);
                openblas.cblas_strsm(CblasRowMajor, CblasLeft, CblasLower, CblasTrans, CblasNonUnit, n, r, 1f, fa, n, fb, r);
                fb.get(fx);
                for (float v : fx) {
                    finite &= Float.isFinite(v);
                }
            }
            return finite ? null : "the solution is not finite: the right-hand side holds NaN or infinity,"
                    + " or the block is numerically singular";
        }
    }

    private static <P extends Pointer> P at(P p) {
        if (p.position() != 0) {
            throw new IllegalStateException("unexpected pointer position " + p.position());
        }
        return p;
    }

    /** The work on one slice; one instance per thread. */
    private interface SliceWork {
        /**
         * @param i the slice
         * @return null on success, else what failed
         */
        String apply(long i);
    }

    /** Creates one {@link SliceWork} per thread. */
    private interface SliceWorkFactory {
        SliceWork create();
    }

    private void run(long m, String context, SliceWorkFactory factory) {
        AtomicLong next = new AtomicLong();
        AtomicLong firstFailure = new AtomicLong(Long.MAX_VALUE);
        ConcurrentSkipListMap<Long, String> failures = new ConcurrentSkipListMap<>();
        Runnable worker = () -> {
            SliceWork work = factory.create();
            long i;
            // Slices are handed out in increasing order and a worker only stops at a slice above the
            // lowest failure seen, so every slice below the final lowest failure has been processed:
            // the reported slice is the lowest failing one, whatever the scheduling.
            while ((i = next.getAndIncrement()) < m && i < firstFailure.get()) {
                String err = work.apply(i);
                if (err != null) {
                    failures.put(i, err);
                    firstFailure.accumulateAndGet(i, Math::min);
                }
            }
        };
        if (m == 1) {
            worker.run(); // one matrix: let OpenBLAS use its own threads inside potrf
        } else {
            synchronized (BLAS_THREADS_LOCK) {
                int saved = openblas.blas_get_num_threads();
                openblas.blas_set_num_threads(1);
                try {
                    runParallel((int) Math.min(threads, m), worker);
                } finally {
                    openblas.blas_set_num_threads(saved);
                }
            }
        }
        if (!failures.isEmpty()) {
            var first = failures.firstEntry();
            throw new NotPositiveDefiniteException(context, first.getKey(), first.getValue());
        }
    }

    private void runParallel(int tasks, Runnable worker) {
        if (tasks <= 1) {
            worker.run();
            return;
        }
        List<Future<?>> futures = new ArrayList<>(tasks - 1);
        ExecutorService p = pool();
        for (int t = 1; t < tasks; t++) {
            futures.add(p.submit(worker));
        }
        Throwable error = null;
        try {
            worker.run();
        } catch (RuntimeException | Error e) {
            error = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                error = error == null ? e.getCause() : error;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = error == null ? e : error;
            }
        }
        if (error instanceof RuntimeException re) {
            throw re;
        }
        if (error instanceof Error err) {
            throw err;
        }
        if (error != null) {
            throw new IllegalStateException("batched Cholesky worker failed", error);
        }
    }

    private synchronized ExecutorService pool() {
        if (pool == null) {
            int id = POOL_COUNTER.incrementAndGet();
            AtomicInteger thread = new AtomicInteger();
            pool = Executors.newFixedThreadPool(threads - 1, r -> {
                Thread t = new Thread(r, "nrws-cholesky-" + id + "-" + thread.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    /** Stops the worker threads (they are daemons, so this is optional). */
    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.shutdown();
            pool = null;
        }
    }

    @Override
    public String name() {
        return "lapack-parallel(" + threads + ")";
    }
}
