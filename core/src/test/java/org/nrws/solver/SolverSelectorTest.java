package org.nrws.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nrws.backend.BackendChoice;
import org.nrws.backend.BackendUnavailableException;
import org.nrws.backend.MemoryProbe;

/** cpu|cuda|auto over solver providers, by command line, NRWS_BACKEND and default. */
class SolverSelectorTest {

    private static final SolverFactory DEVICE = new SolverFactory() {
        @Override
        public NaturalGradientSolver create(String layer, SolverOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String name() {
            return "fake-cuda";
        }
    };

    private static SolverProvider provider(String reason, int priority) {
        return new SolverProvider() {
            @Override
            public String backend() {
                return "cuda";
            }

            @Override
            public String unavailableReason() {
                return reason;
            }

            @Override
            public int priority() {
                return priority;
            }

            @Override
            public SolverFactory create() {
                return DEVICE;
            }

            @Override
            public MemoryProbe memory() {
                return new MemoryProbe() {
                    @Override
                    public long freeBytes() {
                        return 123;
                    }

                    @Override
                    public String memoryName() {
                        return "fake device";
                    }
                };
            }
        };
    }

    @Test
    void autoTakesAnAvailableDevice() {
        SolverSelection s = new SolverSelector(List.of(provider(null, 1)), Map.of()).select(null);
        assertEquals("cuda", s.backend());
        assertSame(DEVICE, s.factory());
        assertEquals(123, s.memory().freeBytes());
        assertNull(s.note());
        assertEquals("solvers cuda [fake-cuda] (requested auto by default)", s.describe());
    }

    @Test
    void autoFallsBackToTheCpuAndSaysWhy() {
        SolverSelection s = new SolverSelector(List.of(provider("no CUDA device: cudaErrorNoDevice (100)", 1)), Map.of())
                .select(" ");
        assertEquals("cpu", s.backend());
        assertFalse(s.onDevice());
        assertEquals("CUDA not used: no CUDA device found (no CUDA device: cudaErrorNoDevice (100))", s.note());
    }

    @Test
    void autoWithoutAnyCudaSolverIsSilent() {
        SolverSelection s = new SolverSelector(List.of(), Map.of()).select(null);
        assertEquals("cpu", s.backend());
        assertNull(s.note());
    }

    @Test
    void cudaFailsClearlyWithoutModuleOrDevice() {
        BackendUnavailableException none = assertThrows(BackendUnavailableException.class,
                () -> new SolverSelector(List.of(), Map.of()).select("cuda"));
        assertEquals("--backend cuda: no CUDA backend on the classpath; rebuild with -Pcuda (it adds the CUDA solver, nrws-cuda-solver)",
                none.getMessage());
        BackendUnavailableException dev = assertThrows(BackendUnavailableException.class,
                () -> new SolverSelector(List.of(provider("no CUDA device: x", 1)), Map.of("NRWS_BACKEND", "cuda"))
                        .select(null));
        assertEquals("NRWS_BACKEND=cuda: no CUDA device found (no CUDA device: x)", dev.getMessage());
    }

    @Test
    void cpuWinsWhenAskedEvenWithADevice() {
        SolverSelection s = new SolverSelector(List.of(provider(null, 1)), Map.of("NRWS_BACKEND", "cuda")).select("cpu");
        assertEquals("cpu", s.backend());
        assertEquals(BackendChoice.CPU, s.requested());
        assertEquals("--backend", s.source());
        SolverSelection env = new SolverSelector(List.of(provider(null, 1)), Map.of("NRWS_BACKEND", "cpu")).select(null);
        assertEquals("cpu", env.backend());
        assertEquals("NRWS_BACKEND", env.source());
    }

    @Test
    void theHighestPriorityAvailableProviderWinsAndBadValuesAreRejected() {
        SolverProvider broken = new SolverProvider() {
            @Override
            public String backend() {
                return "cuda";
            }

            @Override
            public String unavailableReason() {
                throw new UnsatisfiedLinkError("libcudart.so.13");
            }

            @Override
            public int priority() {
                return 1000;
            }

            @Override
            public SolverFactory create() {
                throw new AssertionError();
            }

            @Override
            public MemoryProbe memory() {
                return null;
            }
        };
        SolverSelection s = new SolverSelector(List.of(broken, provider(null, 5)), Map.of()).select("cuda");
        assertSame(DEVICE, s.factory());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SolverSelector(List.of(), Map.of()).select("gpu"));
        assertTrue(e.getMessage().contains("cpu, cuda or auto"), e.getMessage());
    }
}
