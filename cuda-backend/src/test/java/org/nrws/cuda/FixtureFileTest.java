package org.nrws.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fixture format round trip, generated inputs, and corrupt files. */
class FixtureFileTest {

    private static FixtureCase direction(String name, boolean generated) {
        FixtureInputs in = FixtureInputs.generate(42, 9, 5, 3, FixtureCase.DENSITY, -1);
        double[] e = new double[15];
        for (int k = 0; k < e.length; k++) {
            e[k] = Math.sin(k) * 1e-3;
        }
        return new FixtureCase(name, "q1", "primal", 0.01, 42, generated, in, e, 2.5e-5, null, -1, null);
    }

    @Test
    void roundTripKeepsEveryField() throws IOException {
        FixtureInputs bad = FixtureInputs.generate(7, 4, 6, 3, FixtureCase.DENSITY, 1);
        FixtureCase err = new FixtureCase("nonspd", "p1", "dual", 0.01, 7, false, bad, null, Double.NaN, "layer p1 (dual)", 1,
                "layer p1 (dual): block of neuron 1 is not symmetric positive definite (x)");
        List<FixtureCase> cases = List.of(direction("stored", false), direction("generated", true), err);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FixtureFile.write(bytes, cases);
        List<FixtureCase> back = FixtureFile.read(new ByteArrayInputStream(bytes.toByteArray()), "test");
        assertEquals(3, back.size());
        for (int k = 0; k < 2; k++) {
            FixtureCase a = cases.get(k);
            FixtureCase b = back.get(k);
            assertEquals(a.name(), b.name());
            assertEquals(a.layer(), b.layer());
            assertEquals(a.path(), b.path());
            assertEquals(a.alpha(), b.alpha());
            assertEquals(a.cpuF32Error(), b.cpuF32Error());
            assertArrayEquals(a.expected(), b.expected());
            assertArrayEquals(a.inputs().inputs(), b.inputs().inputs());
            assertArrayEquals(a.inputs().curvatures(), b.inputs().curvatures());
            assertArrayEquals(a.inputs().gradients(), b.inputs().gradients());
        }
        FixtureCase e = back.get(2);
        assertTrue(e.expectsError());
        assertNull(e.expected());
        assertEquals("layer p1 (dual)", e.errorContext());
        assertEquals(1, e.errorNeuron());
        assertEquals(err.errorMessage(), e.errorMessage());
        assertEquals(1, e.inputs().negated());
        assertTrue(e.inputs().curvatures()[1] < 0 && e.inputs().curvatures()[0] > 0);
    }

    @Test
    void generatedCasesStoreOnlyTheSeed() throws IOException {
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        ByteArrayOutputStream generated = new ByteArrayOutputStream();
        FixtureFile.write(stored, List.of(direction("s", false)));
        FixtureFile.write(generated, List.of(direction("g", true)));
        int inputBytes = FixtureInputs.bitBytes(9, 5) + 9 * 3 + 4 * 15;
        assertEquals(inputBytes, stored.size() - generated.size());
    }

    @Test
    void inputsAreBinaryWithABiasColumnAndWeightedCurvatures() {
        FixtureInputs in = FixtureInputs.generate(3, 50, 8, 4, 0.3, -1);
        double[] u = in.inputs();
        for (int a = 0; a < 50; a++) {
            assertEquals(1.0, u[a * 8 + 7]);
            for (int j = 0; j < 8; j++) {
                assertTrue(u[a * 8 + j] == 0 || u[a * 8 + j] == 1);
            }
        }
        for (double c : in.curvatures()) {
            assertTrue(c > 0 && c <= 0.25 / 50, "c = " + c);
        }
        assertArrayEquals(in.inputs(), FixtureInputs.generate(3, 50, 8, 4, 0.3, -1).inputs());
    }

    @Test
    void corruptFilesAreRejectedWithTheirName() throws IOException {
        IOException magic = assertThrows(IOException.class,
                () -> FixtureFile.read(new ByteArrayInputStream(new byte[16]), "x.fix"));
        assertEquals("x.fix: not an NRWS fixture file (bad magic)", magic.getMessage());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FixtureFile.write(bytes, List.of(direction("s", false)));
        byte[] b = bytes.toByteArray();
        b[11] = 9;                                                     // version 9
        IOException version = assertThrows(IOException.class, () -> FixtureFile.read(new ByteArrayInputStream(b), "y.fix"));
        assertTrue(version.getMessage().startsWith("y.fix: fixture format version 9"), version.getMessage());
        byte[] cut = java.util.Arrays.copyOf(bytes.toByteArray(), bytes.size() - 8);
        assertThrows(java.io.EOFException.class, () -> FixtureFile.read(new ByteArrayInputStream(cut), "z.fix"));
    }

    @Test
    void relativeErrorIsFrobeniusAndNaNForNonFinite() {
        assertEquals(0.5, FixtureCase.relativeError(new double[] {3, 0}, new double[] {2, 0}));
        assertTrue(Double.isNaN(FixtureCase.relativeError(new double[] {Double.NaN, 0}, new double[] {2, 0})));
        assertThrows(IllegalArgumentException.class, () -> FixtureCase.relativeError(new double[1], new double[2]));
    }
}
