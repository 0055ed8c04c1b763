package org.nrws.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The NVRTC source and launch geometry, and the output lines. */
class KernelsAndJsonTest {

    @Test
    void sourceHoldsBothPrecisionsWithDoubleAlpha() {
        String src = Kernels.source();
        assertTrue(src.contains("extern \"C\" __global__ void nrws_dual_build_f64(const double* __restrict__ gram"), src);
        assertTrue(src.contains("extern \"C\" __global__ void nrws_dual_build_f32(const float* __restrict__ gram"), src);
        assertEquals(2, src.split("int n, double alpha", -1).length - 1);
        assertTrue(src.contains("const int a = (int) (e % n);"), src);   // the format's %% became one %
        assertEquals("nrws_dual_build_f32", Kernels.dualBuild(false));
    }

    @Test
    void gridCoversSmallBlocksAndCapsLargeOnes() {
        assertEquals(1, Kernels.gridX(1));
        assertEquals(100, Kernels.gridX(160));                           // 25600 / 256
        assertEquals(Kernels.MAX_GRID_X, Kernels.gridX(10240));
        assertEquals("--gpu-architecture=sm_90", Kernels.archOption(9, 0));
        assertEquals("--gpu-architecture=sm_100", Kernels.archOption(10, 0));
    }

    @Test
    void jsonLinesQuoteStringsAndNullNonFinite() {
        String s = new JsonLine().put("case", "a\"b\n").put("n", 160).put("err", 1.5e-9).put("nan", Double.NaN)
                .put("ok", true).put("none", null).toString();
        assertEquals("{\"case\":\"a\\\"b\\n\",\"n\":160,\"err\":1.50000e-09,\"nan\":null,\"ok\":true,\"none\":null}", s);
    }
}
