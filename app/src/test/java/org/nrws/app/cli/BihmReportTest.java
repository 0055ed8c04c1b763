package org.nrws.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nrws.checkpoint.Checkpoint;
import org.nrws.eval.ExactEnumeration;
import org.nrws.model.HelmholtzMachine;

/**
 * The BiHM figures of {@code ./nrws train}'s result ({@code bihm_log_ptilde}, {@code bihm_2logz},
 * {@code bihm_log_pstar}) against the exact enumeration of the trained tiny machine on the run's own
 * test split (the last 10 % of the CSV rows): log p*(x) = log p~*(x) - 2 log Z.
 */
class BihmReportTest {

    @Test
    void bihmLogPStarPTildeAndTwoLogZMatchTheExactEnumeration(@TempDir Path dir) throws IOException {
        Path csv = Cli.linesCsv(dir);
        Path out = dir.resolve("bihm");
        Cli.Result r = Cli.nrws("train", "--algo", "bihm", "--layers", "4,2", "--max-updates", "3", "--init", "argo",
                "--eval-k", "40000", "--logz-pairs", "400000", "--data", csv.toString(), "--out", out.toString(), "--seed", "5",
                "--data-dir", dir.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        JsonObject j = r.json();
        double pTilde = j.get("bihm_log_ptilde").getAsDouble();
        double twoLogZ = j.get("bihm_2logz").getAsDouble();
        double pStar = j.get("bihm_log_pstar").getAsDouble();

        HelmholtzMachine m = Checkpoint.load(out.resolve("checkpoint.nrws")).machine();
        ExactEnumeration exact = new ExactEnumeration(m);
        List<String> lines = Files.readAllLines(csv).stream().filter(l -> !l.isBlank()).toList();
        int first = lines.size() * 9 / 10;
        double exactPTilde = 0;
        for (int i = first; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            double[] x = new double[f.length];
            for (int c = 0; c < f.length; c++) {
                x[c] = Double.parseDouble(f[c].strip());
            }
            exactPTilde += exact.logPTilde(x);
        }
        exactPTilde /= lines.size() - first;
        double exactTwoLogZ = exact.twoLogZ();

        assertTrue(exactTwoLogZ < -0.2, "a machine whose 2 log Z is not negligible: " + exactTwoLogZ);
        assertEquals(exactPTilde, pTilde, 0.02, "log p~*: importance sampled, K = 40000");
        assertEquals(exactTwoLogZ, twoLogZ, 0.02, "2 log Z: 400,000 pairs");
        assertEquals(exactPTilde - exactTwoLogZ, pStar, 0.04, "log p* = log p~* - 2 log Z");
        assertEquals(pTilde - twoLogZ, pStar, 1e-12);
    }
}
