package org.nrws.app.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code metrics.csv}: one row per evaluation, appended and flushed as soon as it is computed so
 * that a failure later never loses it. Columns:
 * <pre>
 *   updates,epoch,wall_s,train_ll,valid_ll,test_ll,test_ll_se,eval_k,eval_n,kind
 * </pre>
 * {@code wall_s} is training time (evaluation excluded). Rows of kind {@code monitor} are the
 * evaluations during training (on the first {@code --monitor-size} rows of each split with
 * {@code --monitor-k} samples); the row of kind {@code final} is the full test set at
 * {@code --eval-k} (train and valid empty). Empty cells mean "not evaluated"; a NaN is written as NaN.
 */
public final class MetricsCsv {

    /** The header line. */
    public static final String HEADER = "updates,epoch,wall_s,train_ll,valid_ll,test_ll,test_ll_se,eval_k,eval_n,kind";

    /**
     * One evaluation.
     *
     * @param updates  updates done
     * @param epoch    completed epochs
     * @param wallS    training seconds
     * @param trainLl  training LL (null when not evaluated)
     * @param validLl  validation LL (null when not evaluated)
     * @param testLl   test LL (null when not evaluated)
     * @param testSe   standard error of the test LL (null when not evaluated)
     * @param evalK    K of the evaluation
     * @param evalN    rows per split evaluated
     * @param kind     monitor or final
     */
    public record Row(long updates, int epoch, double wallS, Double trainLl, Double validLl, Double testLl, Double testSe,
                      int evalK, int evalN, String kind) {

        String format() {
            return updates + "," + epoch + "," + String.format(Locale.ROOT, "%.3f", wallS) + "," + cell(trainLl) + ","
                    + cell(validLl) + "," + cell(testLl) + "," + cell(testSe) + "," + evalK + "," + evalN + "," + kind;
        }

        static Row parse(String line) {
            String[] f = line.split(",", -1);
            if (f.length != 10) {
                throw new IllegalArgumentException("metrics row has " + f.length + " fields, expected 10: " + line);
            }
            return new Row(Long.parseLong(f[0]), Integer.parseInt(f[1]), Double.parseDouble(f[2]), value(f[3]), value(f[4]),
                    value(f[5]), value(f[6]), Integer.parseInt(f[7]), Integer.parseInt(f[8]), f[9]);
        }

        private static String cell(Double v) {
            return v == null ? "" : Double.toString(v);
        }

        private static Double value(String s) {
            return s.isEmpty() ? null : Double.valueOf(s);
        }
    }

    private final Path file;

    /**
     * Opens the file, writing the header when it is new or empty.
     *
     * @param file the csv file
     * @throws IOException on a write error
     */
    public MetricsCsv(Path file) throws IOException {
        this.file = file;
        if (!Files.exists(file) || Files.size(file) == 0) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, HEADER + "\n", StandardCharsets.UTF_8);
        }
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    /**
     * Appends a row and forces it to disk.
     *
     * @param row the row
     * @throws IOException on a write error
     */
    public void append(Row row) throws IOException {
        Files.writeString(file, row.format() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND,
                StandardOpenOption.SYNC);
    }

    /**
     * @return every row of the file
     * @throws IOException on a read error or a malformed row
     */
    public List<Row> rows() throws IOException {
        return read(file);
    }

    /**
     * Drops the rows of a previous session that a resumed run will recompute: every row after
     * {@code updates}, and every final row.
     *
     * @param updates the resumed checkpoint's update count
     * @throws IOException on an I/O error
     */
    public void keepMonitorRowsUpTo(long updates) throws IOException {
        StringBuilder s = new StringBuilder(HEADER).append('\n');
        for (Row r : rows()) {
            if (r.updates() <= updates && r.kind().equals("monitor")) {
                s.append(r.format()).append('\n');
            }
        }
        Files.writeString(file, s.toString(), StandardCharsets.UTF_8);
    }

    /**
     * @param file a metrics.csv file
     * @return its rows
     * @throws IOException on a read error or when the header is wrong
     */
    public static List<Row> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + " is not a metrics.csv file (expected the header " + HEADER + ")");
        }
        List<Row> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            if (!l.isBlank()) {
                rows.add(Row.parse(l));
            }
        }
        return rows;
    }
}
