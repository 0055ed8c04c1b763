package org.nrws.solver;

import org.nd4j.linalg.api.buffer.DataType;

/** The one-line message of {@link MemoryBudget#check}: what does not fit, and what would. */
final class MemoryMessage {

    private MemoryMessage() {
    }

    /**
     * @param estimate   the layer's estimate
     * @param freeBytes  free bytes
     * @param memoryName what was measured
     * @return the message of {@link MemoryBudget#check}
     */
    static String of(LayerEstimate estimate, long freeBytes, String memoryName) {
        long m = estimate.m();
        long d = estimate.d();
        long n = estimate.n();
        long scratch = estimate.parts().getOrDefault(MemoryBudget.PART_SCRATCH, 0L);
        StringBuilder sb = new StringBuilder();
        sb.append("layer ").append(estimate.layer()).append(' ').append(MemoryBudget.pathName(estimate.path()))
                .append(" Fisher needs ").append(MemoryBudget.humanBytes(estimate.totalBytes())).append(" of ")
                .append(MemoryBudget.typeName(estimate.dtype())).append(", ").append(memoryName).append(" has ")
                .append(MemoryBudget.humanBytes(freeBytes)).append(" free (")
                .append(Math.round(MemoryBudget.DEFAULT_HEADROOM * 100)).append("% usable); lower the batch (N = B*K = ").append(n).append(')');
        if (estimate.kind() == SolverKind.FUSED) {
            return sb.append(", use --fisher-dtype float32 or refresh every update [").append(estimate.describe())
                    .append(']').toString();
        }
        if (estimate.dtype() == DataType.DOUBLE) {
            LayerEstimate f = estimate.path() == SolverPath.PRIMAL
                    ? MemoryBudget.primal("", m, d, n, DataType.FLOAT, scratch / 2)
                    : MemoryBudget.dual("", m, d, n, DataType.FLOAT, scratch / 2);
            sb.append(", use --fisher-dtype float32 (").append(MemoryBudget.humanBytes(f.totalBytes())).append(')');
        }
        SolverPath other = estimate.path() == SolverPath.PRIMAL ? SolverPath.DUAL : SolverPath.PRIMAL;
        LayerEstimate o = MemoryBudget.estimate(estimate.layer(), other, m, d, n, estimate.dtype(), 0);
        if (o.totalBytes() < estimate.totalBytes()) {
            sb.append(" or the ").append(MemoryBudget.pathName(other)).append(" path (")
                    .append(MemoryBudget.humanBytes(o.totalBytes())).append(')');
        }
        sb.append(" [").append(estimate.describe()).append(']');
        return sb.toString();
    }
}
