package org.nrws.host;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where a training step's time goes, for the bench: nanoseconds per phase, summed over calls.
 * Off by default; when off, {@link #start()} and {@link #stop} cost one volatile read.
 *
 * <p>Serial phases record wall time. The per-neuron phases ({@link Phase#BUILD}, {@link Phase#FACTOR},
 * {@link Phase#SOLVE}) run on several threads at once: they record thread time, and
 * {@link #parallelSection} records the wall time of the whole per-neuron section, so a report can
 * split that wall time in proportion to the thread times.
 */
public final class Phases {

    /** The phases of a step. */
    public enum Phase {
        /** Wake and sleep passes: GEMMs, sigmoid, draws, log-probabilities. */
        FORWARD,
        /** Importance weights and row weights. */
        WEIGHTS,
        /** Deltas and the gradient GEMMs. */
        GRADIENTS,
        /** Fisher build: curvatures, shared products, each neuron's system. */
        BUILD,
        /** Cholesky factorisations. */
        FACTOR,
        /** Triangular solves and the direction GEMMs. */
        SOLVE,
        /** The optimiser and the finite checks. */
        OPTIMISER
    }

    private static volatile boolean enabled;
    private static final LongAdder[] SERIAL = adders();
    private static final LongAdder[] NEURON = adders();
    private static final LongAdder PARALLEL_WALL = new LongAdder();

    private Phases() {
    }

    private static LongAdder[] adders() {
        LongAdder[] a = new LongAdder[Phase.values().length];
        for (int i = 0; i < a.length; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    /**
     * @param on record from now on (true) or stop recording (false)
     */
    public static void enable(boolean on) {
        enabled = on;
    }

    /** Clears every counter. */
    public static void reset() {
        for (int i = 0; i < SERIAL.length; i++) {
            SERIAL[i].reset();
            NEURON[i].reset();
        }
        PARALLEL_WALL.reset();
    }

    /** @return a start time, or 0 when recording is off */
    public static long start() {
        return enabled ? System.nanoTime() : 0;
    }

    /**
     * Records the wall time of a serial part of a phase.
     *
     * @param phase the phase
     * @param start the value {@link #start()} returned
     * @return a new start time (for consecutive phases), or 0 when off
     */
    public static long stop(Phase phase, long start) {
        if (start == 0) {
            return 0;
        }
        long now = System.nanoTime();
        SERIAL[phase.ordinal()].add(now - start);
        return now;
    }

    /**
     * Records the thread time of one neuron's part of a phase inside a per-neuron section.
     *
     * @param phase BUILD, FACTOR or SOLVE
     * @param start the value {@link #start()} returned
     * @return a new start time, or 0 when off
     */
    public static long neuron(Phase phase, long start) {
        if (start == 0) {
            return 0;
        }
        long now = System.nanoTime();
        NEURON[phase.ordinal()].add(now - start);
        return now;
    }

    /**
     * Records the wall time of a per-neuron section.
     *
     * @param start the value {@link #start()} returned before the section
     */
    public static void parallelSection(long start) {
        if (start != 0) {
            PARALLEL_WALL.add(System.nanoTime() - start);
        }
    }

    /**
     * @return milliseconds per phase, in {@link Phase} order: the serial wall time plus the phase's
     *     share (by thread time) of the per-neuron sections' wall time
     */
    public static double[] millis() {
        long thread = 0;
        for (LongAdder a : NEURON) {
            thread += a.sum();
        }
        double scale = thread == 0 ? 0 : (double) PARALLEL_WALL.sum() / thread;
        double[] out = new double[SERIAL.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (SERIAL[i].sum() + NEURON[i].sum() * scale) / 1e6;
        }
        return out;
    }

    /** @return the recorded milliseconds as one line, e.g. for logs */
    public static String describe() {
        double[] ms = millis();
        StringBuilder b = new StringBuilder();
        for (Phase p : Phase.values()) {
            b.append(String.format(Locale.ROOT, "%s=%.2f ", p.name().toLowerCase(Locale.ROOT), ms[p.ordinal()]));
        }
        return b.toString().trim();
    }
}
