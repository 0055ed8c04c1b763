/**
 * Binary data sets and the minibatch sources that feed the training loop:
 * in-memory binary matrices ({@link org.nrws.data.BinaryDataset}), the IDX file format of MNIST
 * ({@link org.nrws.data.IdxReader}), gray images and the binarisation protocols of docs/math.md section 6
 * ({@link org.nrws.data.GrayImages}, {@link org.nrws.data.Binarization},
 * {@link org.nrws.data.DynamicBinarization}), and the lines toy distribution.
 * Plain Java and ND4J only: adapters to DL4J and DataVec live in the examples module.
 */
package org.nrws.data;
