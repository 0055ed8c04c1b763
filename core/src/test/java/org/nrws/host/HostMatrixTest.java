package org.nrws.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Views share memory with their parents and with INDArrays; BLAS agrees with ND4J's products. */
class HostMatrixTest {

    @Test
    void blocksAndInd4jViewsShareMemory() {
        for (DataType t : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            INDArray a = Nd4j.linspace(1, 20, 20, t).reshape('c', 4, 5);
            HostMatrix h = Nd4jHost.wrap(a);
            assertEquals(8.0, h.get(1, 2));
            HostMatrix block = h.rowBlock(1, 3).columnBlock(2, 5);
            assertEquals(2, block.rows());
            assertEquals(5, block.ld());
            block.set(1, 1, -1);
            assertEquals(-1.0, a.getDouble(2, 3));
            INDArray view = a.get(NDArrayIndex.interval(2, 4), NDArrayIndex.all());
            assertEquals(-1.0, Nd4jHost.wrap(view).get(0, 3));
            assertArrayEquals(new double[] {13, -1, 15}, block.rowBlock(1, 2).toArray());
            assertThrows(IndexOutOfBoundsException.class, () -> h.rowBlock(3, 5));
        }
    }

    @Test
    void gemmAndSyrkAgreeWithNd4j() {
        for (DataType t : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            INDArray a = Nd4j.rand(t, 7, 5);
            INDArray b = Nd4j.rand(t, 7, 3);
            INDArray c = Nd4j.create(t, 5, 3);
            try (WorkerPool pool = new WorkerPool(2)) {
                Blas.gemm(pool, true, false, 2.0, Nd4jHost.wrap(a), Nd4jHost.wrap(b), 0.0, Nd4jHost.wrap(c));
            }
            INDArray expected = a.transpose().mmul(b).muli(2.0);
            assertEquals(0, expected.sub(c).norm2Number().doubleValue(), t == DataType.DOUBLE ? 1e-12 : 1e-5);
            HostMatrix g = HostMatrix.allocate(Nd4jHost.precision(t), 7, 7);
            Blas.syrk(true, false, 1.0, Nd4jHost.wrap(a), 0.0, g);
            INDArray gram = a.mmul(a.transpose());
            for (int i = 0; i < 7; i++) {
                for (int j = i; j < 7; j++) {
                    assertEquals(gram.getDouble(i, j), g.get(i, j), 1e-5);
                }
            }
        }
    }

    @Test
    void fitReusesABufferOfTheSameShapeAndPrecisionOnly() {
        HostMatrix b = HostMatrix.allocate(Precision.F64, 3, 4).fill(7);
        org.junit.jupiter.api.Assertions.assertSame(b, HostMatrix.fit(b, Precision.F64, 3, 4));
        assertEquals(7.0, HostMatrix.fit(b, Precision.F64, 3, 4).get(2, 3), "contents kept");
        for (HostMatrix other : new HostMatrix[] {HostMatrix.fit(b, Precision.F32, 3, 4), HostMatrix.fit(b, Precision.F64, 4, 3),
            HostMatrix.fit(b, Precision.F64, 3, 5), HostMatrix.fit(null, Precision.F64, 3, 4)}) {
            org.junit.jupiter.api.Assertions.assertNotSame(b, other);
            assertEquals(0.0, other.get(0, 0), "a new block is zeroed");
        }
        assertEquals(Precision.F32, HostMatrix.fit(b, Precision.F32, 3, 4).precision());
    }
}
