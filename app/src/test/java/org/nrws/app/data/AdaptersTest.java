package org.nrws.app.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.adapter.SingletonDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.nrws.data.LinesToy;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.model.HelmholtzMachine;
import org.nrws.optim.Optimizer;
import org.nrws.random.RandomSource;
import org.nrws.train.Algorithm;
import org.nrws.train.Preconditioner;
import org.nrws.train.Trainer;
import org.nrws.train.TrainerConfig;

/** The DataSetIterator and RecordReader (CSV) adapters. */
class AdaptersTest {

    @TempDir
    Path dir;

    /** 20 lines-toy images as [1, 3, 3] "images" in DataSets of 4 rows, with dummy labels. */
    private static DataSetIterator linesIterator(double bad) {
        INDArray x = LinesToy.sample(20, DataType.FLOAT, RandomSource.of(1));
        if (bad != 0) {
            x.putScalar(13, 4, bad);
        }
        List<DataSet> list = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            list.add(new DataSet(x.getRow(i, true).reshape(1, 1, 3, 3), Nd4j.zeros(DataType.FLOAT, 1, 2)));
        }
        return new ListDataSetIterator<>(list, 4);
    }

    @Test
    void dataSetIteratorFeedsTheTrainerForSeveralEpochs() {
        DataSetIteratorSource src = new DataSetIteratorSource(linesIterator(0), DataType.DOUBLE);
        assertEquals(9, src.columns());
        Iterator<INDArray> e0 = src.epoch(0, RandomSource.of(0));
        INDArray first = e0.next();
        assertEquals(4, first.rows());
        assertEquals(9, first.columns());
        assertEquals(DataType.DOUBLE, first.dataType());

        HelmholtzMachine m = HelmholtzMachine.create(9, new int[] {3}, DataType.DOUBLE, 0.1, 1e-3, RandomSource.of(2));
        Trainer t = new Trainer(m, Algorithm.RWS.estimator(EstimatorOptions.defaults(2)), Preconditioner.identity(),
                Optimizer.named("sgd"), TrainerConfig.updates(12, 0.1), 3);
        assertEquals("max-updates", t.train(src));
        assertEquals(12, t.updates());
        assertEquals(2, t.epoch());   // 5 batches per epoch: the iterator was reset for epochs 1 and 2
    }

    @Test
    void nonBinaryFeaturesAreRejectedWithTheBatch() {
        DataSetIteratorSource src = new DataSetIteratorSource(linesIterator(0.5), DataType.DOUBLE);
        Iterator<INDArray> e = src.epoch(0, RandomSource.of(0));
        e.next();
        e.next();
        e.next();
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e::next);
        assertTrue(ex.getMessage().contains("epoch 0 batch 4") && ex.getMessage().contains("binary"), ex.getMessage());
    }

    @Test
    void collectGathersAllRows() {
        INDArray all = DataSetIteratorSource.collect(linesIterator(0), DataType.FLOAT);
        assertEquals(20, all.rows());
        assertEquals(9, all.columns());
        INDArray single = DataSetIteratorSource.collect(new SingletonDataSetIterator(
                new DataSet(Nd4j.ones(DataType.FLOAT, 3, 5), Nd4j.zeros(DataType.FLOAT, 3, 1))), DataType.DOUBLE);
        assertEquals(3, single.rows());
    }

    @Test
    void csvRecordReaderReadsBinaryRows() throws IOException {
        Path csv = dir.resolve("d.csv");
        Files.writeString(csv, "0,1,1\n1,0,0\n1,1,1\n");
        INDArray x = RecordReaderData.csv(csv, DataType.DOUBLE);
        assertEquals(Nd4j.createFromArray(new double[][] {{0, 1, 1}, {1, 0, 0}, {1, 1, 1}}), x);
    }

    @Test
    void csvErrorsNameRecordAndColumn() throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "0,1,1\n1,0,0.5\n");
        DataException e = assertThrows(DataException.class, () -> RecordReaderData.csv(csv, DataType.DOUBLE));
        assertTrue(e.getMessage().contains("record 2, column 3 is 0.5"), e.getMessage());

        Files.writeString(csv, "a,b,c\n1,0,0\n");
        e = assertThrows(DataException.class, () -> RecordReaderData.csv(csv, DataType.DOUBLE));
        assertTrue(e.getMessage().contains("remove any header line"), e.getMessage());

        Files.writeString(csv, "0,1,1\n1,0\n");
        e = assertThrows(DataException.class, () -> RecordReaderData.csv(csv, DataType.DOUBLE));
        assertTrue(e.getMessage().contains("record 2 has 2 values but record 1 has 3"), e.getMessage());

        e = assertThrows(DataException.class, () -> RecordReaderData.csv(dir.resolve("none.csv"), DataType.DOUBLE));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}
