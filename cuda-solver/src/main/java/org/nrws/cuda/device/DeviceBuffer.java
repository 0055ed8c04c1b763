package org.nrws.cuda.device;

import static org.bytedeco.cuda.global.cudart.cudaFree;
import static org.bytedeco.cuda.global.cudart.cudaMalloc;
import static org.bytedeco.cuda.global.cudart.cudaMemcpy;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToDevice;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToHost;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyHostToDevice;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.nrws.cuda.CudaStatus;
import org.nrws.cuda.CudaStatus.Library;

/**
 * A block of device memory of float64 or float32 elements (or 8-byte pointers, or ints), with
 * copies from and to host {@code double[]} (converted to float for float32).
 */
final class DeviceBuffer implements AutoCloseable, org.nrws.cuda.DeviceOps.Buffer {

    /** What a buffer holds. */
    enum Kind {
        /** doubles */
        F64(8),
        /** floats */
        F32(4),
        /** device pointers */
        POINTERS(8),
        /** ints */
        INTS(4);

        final int bytes;

        Kind(int bytes) {
            this.bytes = bytes;
        }
    }

    private static final java.util.concurrent.atomic.AtomicLong LIVE = new java.util.concurrent.atomic.AtomicLong();
    private static final java.util.concurrent.atomic.AtomicLong PEAK = new java.util.concurrent.atomic.AtomicLong();

    private final Pointer memory;
    final Kind kind;
    final long elements;

    private DeviceBuffer(Pointer memory, Kind kind, long elements) {
        this.memory = memory;
        this.kind = kind;
        this.elements = elements;
    }

    /**
     * @param kind     the element type
     * @param elements how many
     * @param context  for the message
     * @return the buffer (contents undefined)
     */
    static DeviceBuffer allocate(Kind kind, long elements, String context) {
        Pointer p = new Pointer();
        int st = cudaMalloc(p, Math.max(1, elements) * kind.bytes);
        if (st != 0) {
            throw new org.nrws.cuda.CudaException(CudaStatus.message(Library.CUDART, st, "cudaMalloc(" + elements * kind.bytes
                    + " bytes)", context, null));
        }
        long bytes = Math.max(1, elements) * kind.bytes;
        long live = LIVE.addAndGet(bytes);
        PEAK.accumulateAndGet(live, Math::max);
        return new DeviceBuffer(p, kind, elements);
    }

    /** @return the bytes of all buffers allocated in this JVM and not yet closed */
    static long liveBytes() {
        return LIVE.get();
    }

    /** @return the most bytes live at once since the last {@link #resetPeak} */
    static long peakBytes() {
        return PEAK.get();
    }

    /** Starts a new peak measurement at the current live bytes. */
    static void resetPeak() {
        PEAK.set(LIVE.get());
    }

    @Override
    public long elements() {
        return elements;
    }

    /** @return the device address of element 0 */
    long address() {
        return memory.address();
    }

    /**
     * @param offset elements
     * @return a DoublePointer at that element (F64 only)
     */
    DoublePointer d(long offset) {
        return new DoublePointer(memory).position(offset);
    }

    /**
     * @param offset elements
     * @return a FloatPointer at that element (F32 only)
     */
    FloatPointer f(long offset) {
        return new FloatPointer(memory).position(offset);
    }

    /** @return the buffer as an int array (INTS) */
    IntPointer ints() {
        return new IntPointer(memory);
    }

    /**
     * @param offset elements
     * @return an IntPointer at that element (INTS)
     */
    IntPointer ints(long offset) {
        return new IntPointer(memory).position(offset);
    }

    /** @return the buffer as an array of pointers (POINTERS) */
    PointerPointer<Pointer> pointers() {
        return new PointerPointer<Pointer>(memory);
    }

    /**
     * Copies host values in, converting to float for an F32 buffer.
     *
     * @param src     at most {@link #elements} values
     * @param context for the message
     */
    void upload(double[] src, String context) {
        if (kind == Kind.F64) {
            try (DoublePointer h = new DoublePointer(src)) {
                check(cudaMemcpy(memory, h, 8L * src.length, cudaMemcpyHostToDevice), "cudaMemcpy(host to device)", context);
            }
        } else {
            float[] f = new float[src.length];
            for (int k = 0; k < f.length; k++) {
                f[k] = (float) src[k];
            }
            try (FloatPointer h = new FloatPointer(f)) {
                check(cudaMemcpy(memory, h, 4L * f.length, cudaMemcpyHostToDevice), "cudaMemcpy(host to device)", context);
            }
        }
    }

    /**
     * Copies pointers in (a POINTERS buffer).
     *
     * @param addresses device addresses
     * @param context   for the message
     */
    void uploadAddresses(long[] addresses, String context) {
        try (LongPointer h = new LongPointer(addresses)) {
            check(cudaMemcpy(memory, h, 8L * addresses.length, cudaMemcpyHostToDevice), "cudaMemcpy(pointers)", context);
        }
    }

    /**
     * Copies values out, widening floats.
     *
     * @param dst     at most {@link #elements} values (modified)
     * @param context for the message
     */
    void download(double[] dst, String context) {
        if (kind == Kind.F64) {
            try (DoublePointer h = new DoublePointer(dst.length)) {
                check(cudaMemcpy(h, memory, 8L * dst.length, cudaMemcpyDeviceToHost), "cudaMemcpy(device to host)", context);
                h.get(dst);
            }
        } else {
            try (FloatPointer h = new FloatPointer(dst.length)) {
                check(cudaMemcpy(h, memory, 4L * dst.length, cudaMemcpyDeviceToHost), "cudaMemcpy(device to host)", context);
                float[] f = new float[dst.length];
                h.get(f);
                for (int k = 0; k < f.length; k++) {
                    dst[k] = f[k];
                }
            }
        }
    }

    /**
     * @param count   ints to read (an INTS buffer)
     * @param context for the message
     * @return them
     */
    int[] downloadInts(int count, String context) {
        try (IntPointer h = new IntPointer(count)) {
            check(cudaMemcpy(h, memory, 4L * count, cudaMemcpyDeviceToHost), "cudaMemcpy(info)", context);
            int[] out = new int[count];
            h.get(out);
            return out;
        }
    }

    /**
     * Copies the first {@code count} elements of another buffer of the same kind.
     *
     * @param src     the source
     * @param count   elements
     * @param context for the message
     */
    void copyFrom(DeviceBuffer src, long count, String context) {
        check(cudaMemcpy(memory, src.memory, count * kind.bytes, cudaMemcpyDeviceToDevice), "cudaMemcpy(device to device)",
                context);
    }

    static void check(int status, String call, String context) {
        CudaStatus.check(Library.CUDART, status, call, context);
    }

    @Override
    public void close() {
        if (!memory.isNull()) {
            cudaFree(memory);
            memory.setNull();
            LIVE.addAndGet(-Math.max(1, elements) * kind.bytes);
        }
    }
}
