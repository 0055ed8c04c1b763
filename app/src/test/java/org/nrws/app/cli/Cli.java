package org.nrws.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.data.LinesToy;
import org.nrws.app.run.Json;
import org.nrws.random.RandomSource;

/** Runs the command line in this JVM for tests, and the tiny data set they train on. */
final class Cli {

    private Cli() {
    }

    /** What a command printed. */
    record Result(int code, String out, String err) {

        /** @return the one JSON line on stdout */
        JsonObject json() {
            List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
            assertEquals(1, lines.size(), "exactly one line on stdout: " + out);
            return Json.parseObject(lines.get(0));
        }

        /** Fails when stderr holds a stack trace. */
        void assertNoStackTrace() {
            assertFalse(err.contains("\tat "), err);
            assertFalse(err.contains("Exception in thread"), err);
        }
    }

    static Result nrws(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Nrws.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * Writes 200 samples of the 3x3 lines toy as a CSV file of 0/1 values.
     *
     * @param dir the folder
     * @return the file
     */
    static Path linesCsv(Path dir) throws IOException {
        INDArray x = LinesToy.sample(200, DataType.DOUBLE, RandomSource.of(99));
        StringBuilder s = new StringBuilder();
        for (double[] row : x.toDoubleMatrix()) {
            for (int j = 0; j < row.length; j++) {
                s.append(j == 0 ? "" : ",").append((int) row[j]);
            }
            s.append('\n');
        }
        return Files.writeString(dir.resolve("lines.csv"), s);
    }
}
