package org.nrws.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** nd4j-cuda-11.6 ships SASS for sm_37..sm_86 and no PTX. */
class ComputeCapabilityTest {

    @Test
    void keplerK80ThroughAmpereAndAdaAreSupported() {
        assertTrue(ComputeCapability.supported(3, 7)); // K80
        assertTrue(ComputeCapability.supported(5, 2));
        assertTrue(ComputeCapability.supported(6, 0)); // P100
        assertTrue(ComputeCapability.supported(7, 0)); // V100
        assertTrue(ComputeCapability.supported(7, 5)); // T4
        assertTrue(ComputeCapability.supported(8, 0)); // A100
        assertTrue(ComputeCapability.supported(8, 6)); // RTX 30xx, A10
        assertTrue(ComputeCapability.supported(8, 9)); // L4, RTX 40xx: sm_86 SASS, expected to run
    }

    @Test
    void olderKeplerAndHopperOrNewerAreNot() {
        assertFalse(ComputeCapability.supported(3, 5)); // K40
        assertFalse(ComputeCapability.supported(9, 0)); // H100
        assertFalse(ComputeCapability.supported(10, 0)); // B200
        assertFalse(ComputeCapability.supported(12, 0));
    }

    @Test
    void reasons() {
        assertNull(ComputeCapability.unsupportedReason("NVIDIA A100", 8, 0));
        assertEquals("NVIDIA H100 is sm_90 (Hopper or newer): nd4j-cuda-11.6 has kernels for sm_37..sm_86 only, "
                + "without PTX; use --backend cpu", ComputeCapability.unsupportedReason("NVIDIA H100", 9, 0));
        assertTrue(ComputeCapability.unsupportedReason("Tesla K40", 3, 5).contains("(too old)"));
    }
}
