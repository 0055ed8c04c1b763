package org.nrws.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A natural-gradient {@code ./nrws train}, and a {@code ./nrws compare} that trains two natural
 * algorithms in one JVM, on the emulated CUDA solver ({@link EmulatedCudaProvider}): the layers'
 * solvers hold device memory during a run, and every byte is freed when the run ends.
 */
class DeviceMemoryTest {

    @TempDir
    static Path dir;

    @Test
    void trainAndCompareFreeTheDeviceMemoryOfTheirSolvers() throws IOException {
        Path csv = Cli.linesCsv(dir);
        System.setProperty(EmulatedCudaProvider.ENABLE, "true");
        try {
            int before = EmulatedCudaProvider.MEMORY.allocations();
            Cli.Result r = Cli.nrws("train", "--algo", "nrws", "--backend", "cuda", "--layers", "4,2", "--max-updates", "3",
                    "--eval-k", "2", "--data", csv.toString(), "--out", dir.resolve("train").toString());
            assertEquals(0, r.code(), r.err());
            int afterTrain = EmulatedCudaProvider.MEMORY.allocations();
            assertTrue(afterTrain > before, "the run did not use the emulated device: " + r.err());
            assertEquals(0, EmulatedCudaProvider.MEMORY.live(), "bytes left on the device after train");

            r = Cli.nrws("compare", "--algo", "nws,nbihm", "--backend", "cuda", "--layers", "4,2", "--max-updates", "3",
                    "--eval-k", "2", "--data", csv.toString(), "--out", dir.resolve("compare").toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(EmulatedCudaProvider.MEMORY.allocations() > afterTrain);
            assertEquals(0, EmulatedCudaProvider.MEMORY.live(), "bytes left on the device after compare");
        } finally {
            System.clearProperty(EmulatedCudaProvider.ENABLE);
        }
    }
}
