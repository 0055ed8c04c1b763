package org.nrws.app.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.SigmoidLayer;
import org.nrws.model.Units;
import org.nrws.random.RandomSource;

/**
 * Model files against NumPy itself (skipped, with the reason, where {@code python3} with NumPy is
 * not available): {@code numpy.load} reads every array with the documented name, dtype, shape and
 * the engine's bits; the snippet of {@code docs/export.md}, taken from the page, computes the
 * engine's {@code q(h1 | x)}; a file NumPy writes ({@code numpy.savez} plus {@code meta.json}) is
 * read back bit for bit.
 */
class NumpyInteropTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void numpyAvailable() {
        String why;
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            boolean done = p.waitFor(60, TimeUnit.SECONDS);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            why = !done ? "python3 -c 'import numpy' did not return in 60 s" : p.exitValue() != 0
                    ? "python3 has no NumPy (" + out.lines().reduce((a, b) -> b).orElse("") + ")" : null;
        } catch (IOException | InterruptedException e) {
            why = "no python3 on the PATH (" + e.getMessage() + ")";
        }
        assumeTrue(why == null, "skipped: " + why + "; install python3-numpy to run these checks");
    }

    private static String python(Path dir, String script, String... args) throws IOException, InterruptedException {
        Path file = Files.writeString(dir.resolve("script.py"), script);
        List<String> cmd = new ArrayList<>(List.of("python3", file.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.PIPE).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python3 finished");
        assertEquals(0, p.exitValue(), "python3 failed: " + err);
        return out;
    }

    /** The python snippet of docs/export.md (the code block after its NumPy heading). */
    static String docsSnippet() throws IOException {
        Path doc = Path.of("").toAbsolutePath();
        while (!Files.exists(doc.resolve("docs/export.md"))) {
            doc = doc.getParent();
        }
        String text = Files.readString(doc.resolve("docs/export.md"));
        int heading = text.indexOf("## Checking the orientation with NumPy");
        assertTrue(heading >= 0, "docs/export.md has the NumPy section");
        Matcher m = Pattern.compile("```python\\n(.*?)```", Pattern.DOTALL).matcher(text.substring(heading));
        assertTrue(m.find(), "docs/export.md has the python snippet");
        assertTrue(m.group(1).lines().count() <= 12, "a short snippet");
        return m.group(1);
    }

    @ParameterizedTest
    @CsvSource({"01, DOUBLE, 1e-12", "pm1, DOUBLE, 1e-12", "pm1, FLOAT, 1e-6", "01, FLOAT, 1e-6"})
    void theDocsSnippetComputesTheEnginesRecognitionProbabilities(String u, String type, double tolerance) throws Exception {
        HelmholtzMachine m = ModelFileTest.machine(new int[] {7, 3}, 12, Units.parse(u), DataType.valueOf(type), 4);
        Path file = dir.resolve("model.npz");
        ModelFile.write(file, m, ModelFileTest.meta(m));
        INDArray x = ModelFileTest.image(12, m.dataType(), 6);
        StringBuilder image = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            image.append((int) x.getDouble(0, i)).append('\n');
        }
        Path img = Files.writeString(dir.resolve("x.txt"), image);
        String[] printed = python(dir, docsSnippet(), file.toString(), img.toString()).trim().split(" ");
        double[] engine = m.wake(m.workspace(1), x, RandomSource.of(2)).qProbabilities(0).toDoubleVector();
        assertEquals(7, printed.length);
        for (int j = 0; j < 7; j++) {
            assertEquals(engine[j], Double.parseDouble(printed[j]), tolerance, "q(h1_" + j + " | x)");
        }
    }

    @ParameterizedTest
    @CsvSource({"01, DOUBLE", "pm1, FLOAT"})
    void numpyReadsTheEnginesBitsAndWritesFilesTheEngineReads(String u, String type) throws Exception {
        HelmholtzMachine m = ModelFileTest.machine(new int[] {5, 4, 2}, 8, Units.parse(u), DataType.valueOf(type), 9);
        Path file = dir.resolve("model.npz");
        ModelFile.write(file, m, ModelFileTest.meta(m));
        String listing = python(dir, String.join("\n",
                "import json, sys, zipfile",
                "import numpy as np",
                "f = np.load(sys.argv[1])",
                "meta = json.loads(f['meta.json'])",
                "for k in f.files:",
                "    if k != 'meta.json':",
                "        a = f[k]",
                "        print(k, a.dtype, a.shape, a.flags['C_CONTIGUOUS'], ' '.join(repr(float(v)) for v in a.ravel()))",
                "arrays = {k: f[k] for k in f.files if k != 'meta.json'}",
                "np.savez(sys.argv[2], **arrays)",
                "with zipfile.ZipFile(sys.argv[2], 'a') as z:",
                "    z.writestr('meta.json', json.dumps(meta))",
                ""), file.toString(), dir.resolve("numpy.npz").toString());
        Map<String, double[]> expected = new java.util.LinkedHashMap<>();
        int depth = m.depth();
        for (int l = 0; l <= depth; l++) {
            SigmoidLayer p = m.p().layer(l);
            if (l < depth) {
                expected.put("p/W" + l, rows(p, 0, p.nIn()));
                expected.put("p/b" + l, rows(p, p.nIn(), p.nIn() + 1));
            } else {
                expected.put("p/prior_b", rows(p, 0, 1));
            }
        }
        for (int l = 0; l < depth; l++) {
            SigmoidLayer q = m.q().layer(l);
            expected.put("q/W" + l, rows(q, 0, q.nIn()));
            expected.put("q/b" + l, rows(q, q.nIn(), q.nIn() + 1));
        }
        List<String> lines = listing.lines().toList();
        assertEquals(expected.size(), lines.size(), listing);
        String dtype = type.equals("DOUBLE") ? "float64" : "float32";
        int i = 0;
        for (Map.Entry<String, double[]> e : expected.entrySet()) {
            String[] f = lines.get(i++).split(" ", -1);
            assertEquals(e.getKey(), f[0]);
            assertEquals(dtype, f[1], e.getKey());
            String shape = lines.get(i - 1).substring(lines.get(i - 1).indexOf('('), lines.get(i - 1).indexOf(')') + 1);
            assertEquals(NpyArrays.shapeText(ModelLayout.shape(e.getKey(), m.sizes())), shape, e.getKey());
            assertTrue(lines.get(i - 1).contains(") True "), "C-contiguous: " + e.getKey());
            String[] values = lines.get(i - 1).substring(lines.get(i - 1).indexOf(") True ") + 7).split(" ");
            assertEquals(e.getValue().length, values.length, e.getKey());
            for (int k = 0; k < values.length; k++) {
                assertEquals(Double.doubleToRawLongBits(e.getValue()[k]), Double.doubleToRawLongBits(Double.parseDouble(values[k])),
                        e.getKey() + "[" + k + "]");
            }
        }
        ModelFileTest.assertSameParameters(m, ModelFile.read(dir.resolve("numpy.npz")).machine());
    }

    /** Rows r0..r1-1 of a layer's theta, in C order, read element by element. */
    private static double[] rows(SigmoidLayer layer, int r0, int r1) {
        INDArray t = layer.theta();
        double[] v = new double[(int) ((r1 - r0) * t.columns())];
        for (int r = r0; r < r1; r++) {
            for (int c = 0; c < t.columns(); c++) {
                v[(int) ((r - r0) * t.columns() + c)] = t.getDouble(r, c);
            }
        }
        return v;
    }
}
