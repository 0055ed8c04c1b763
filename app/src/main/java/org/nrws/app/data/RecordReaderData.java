package org.nrws.app.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.datavec.api.records.reader.RecordReader;
import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.FileSplit;
import org.datavec.api.writable.Writable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads binary data through a DataVec {@link RecordReader}: every record is one data point,
 * every value must be 0 or 1. This is how users bring their own data, e.g. a CSV file of 0/1
 * columns without a header ({@link #csv(Path, DataType)}).
 */
public final class RecordReaderData {

    private RecordReaderData() {
    }

    /**
     * Reads all records of an initialised reader.
     *
     * @param reader the reader (consumed)
     * @param dtype  FLOAT or DOUBLE
     * @param source the data's name, for messages (e.g. the file)
     * @return a new [records, columns] binary matrix
     * @throws DataException naming the record and column of the first bad value, or a record of the wrong width
     */
    public static INDArray read(RecordReader reader, DataType dtype, String source) throws DataException {
        List<double[]> rows = new ArrayList<>();
        int width = -1;
        int record = 0;
        while (reader.hasNext()) {
            List<Writable> r = reader.next();
            record++;
            if (width < 0) {
                width = r.size();
                if (width == 0) {
                    throw new DataException(source + ": record 1 is empty");
                }
            } else if (r.size() != width) {
                throw new DataException(source + ": record " + record + " has " + r.size() + " values but record 1 has "
                        + width + "; every record must have the same number of 0/1 values");
            }
            double[] row = new double[width];
            for (int j = 0; j < width; j++) {
                String text = r.get(j).toString().trim();
                double v;
                try {
                    v = Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new DataException(source + ": record " + record + ", column " + (j + 1) + " is '" + text
                            + "', not a number" + (record == 1 ? " (remove any header line)" : "")
                            + "; every value must be 0 or 1");
                }
                if (v != 0.0 && v != 1.0) {
                    throw new DataException(source + ": record " + record + ", column " + (j + 1) + " is " + text
                            + "; every value must be 0 or 1 (binarise the data first)");
                }
                row[j] = v;
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new DataException(source + " holds no records");
        }
        return Nd4j.createFromArray(rows.toArray(new double[0][])).castTo(dtype);
    }

    /**
     * Reads a CSV file of 0/1 values (comma separated, no header) with DataVec's
     * {@link CSVRecordReader}.
     *
     * @param file  the file
     * @param dtype FLOAT or DOUBLE
     * @return a new binary matrix, one row per line
     * @throws DataException when the file is missing or malformed
     * @throws IOException   on a read error
     */
    public static INDArray csv(Path file, DataType dtype) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DataException("data file " + file + " does not exist (expected a CSV file of 0/1 values, one data "
                    + "point per line)");
        }
        try (CSVRecordReader reader = new CSVRecordReader(0, ',')) {
            reader.initialize(new FileSplit(file.toFile()));
            return read(reader, dtype, file.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException("interrupted while reading " + file);
        }
    }
}
