package org.nrws.solver;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The memory one layer's damped Fisher system needs, part by part (see {@link MemoryBudget}).
 *
 * @param layer the layer's name, e.g. {@code "q0"}
 * @param path  {@link SolverPath#PRIMAL} or {@link SolverPath#DUAL}
 * @param dtype the Fisher algebra's type, FLOAT or DOUBLE
 * @param m     units of the layer (blocks)
 * @param d     block size n_parents + 1
 * @param n     samples N = B * K
 * @param parts bytes by part, in a stable order (copied, unmodifiable)
 * @param kind  the solver it sizes
 */
public record LayerEstimate(String layer, SolverPath path, DataType dtype, long m, long d, long n,
                            Map<String, Long> parts, SolverKind kind) {

    /**
     * Validates and copies.
     *
     * @param layer the layer's name
     * @param path  PRIMAL or DUAL
     * @param dtype FLOAT or DOUBLE
     * @param m     units
     * @param d     block size
     * @param n     samples N
     * @param parts bytes by part
     * @param kind  the solver
     */
    public LayerEstimate {
        if (path != SolverPath.PRIMAL && path != SolverPath.DUAL) {
            throw new IllegalArgumentException("layer " + layer + ": an estimate needs a concrete path, got " + path);
        }
        parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts));
    }

    /** @return the sum of the parts, in bytes */
    public long totalBytes() {
        long t = 0;
        for (long b : parts.values()) {
            t = Math.addExact(t, b);
        }
        return t;
    }

    /** @return the bytes of the factored tensor alone ([m,d,d] primal, [m,N,N] dual; kept factors of the fused solver) */
    public long factorBytes() {
        return parts.getOrDefault(MemoryBudget.PART_BLOCKS, 0L);
    }

    /** @return e.g. {@code "q0 primal float64: 1.0 GB (blocks [200,785,785] 986.0 MB, ...)"} */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(layer).append(' ').append(kind.id()).append(' ').append(MemoryBudget.pathName(path)).append(' ')
                .append(MemoryBudget.typeName(dtype))
                .append(": ").append(MemoryBudget.humanBytes(totalBytes())).append(" (");
        boolean first = true;
        for (Map.Entry<String, Long> e : parts.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(e.getKey()).append(' ').append(MemoryBudget.humanBytes(e.getValue()));
        }
        return sb.append(')').toString();
    }
}
