package org.nrws.bench;

import org.nrws.app.run.Json;
import org.nrws.host.ThreadPlan;

/**
 * Prints the machine's DGEMM rate now, as one JSON line: the best of five 1024^3 float64 GEMMs
 * into a preallocated output, rows split over a pool of {@code --threads} threads (default: all
 * processors), with the load average. The science scripts call it before every run so that each
 * timing sits beside the rate and load of the moment it was taken.
 */
public final class DgemmMain {

    private DgemmMain() {
    }

    /**
     * @param args {@code [--threads T]}
     */
    public static void main(String[] args) {
        int threads = Runtime.getRuntime().availableProcessors();
        if (args.length == 2 && args[0].equals("--threads")) {
            threads = Integer.parseInt(args[1]);
        } else if (args.length != 0) {
            System.err.println("DgemmMain: usage: DgemmMain [--threads T]");
            System.exit(2);
        }
        ThreadPlan plan = ThreadPlan.forThreads(threads);
        ThroughputMain.dgemm(plan); // warm-up: first-touch pages and OpenBLAS' buffers
        System.out.println(Json.write(ThroughputMain.dgemm(plan), 4));
        System.exit(0);
    }
}
