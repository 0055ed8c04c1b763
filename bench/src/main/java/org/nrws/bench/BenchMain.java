package org.nrws.bench;

/**
 * The bench entry point that {@code scripts/gpu-check.sh} calls by default
 * ({@code BenchMain --backend cuda --batch B --samples K}); the same as {@link ThroughputMain}.
 */
public final class BenchMain {

    private BenchMain() {
    }

    /**
     * @param args the options of {@link ThroughputMain}
     * @throws Exception when the throughput run fails
     */
    public static void main(String[] args) throws Exception {
        ThroughputMain.main(args);
    }
}
