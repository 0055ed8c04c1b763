/**
 * NRWS on Apache Spark (plain {@code spark-core}, RDD API): distributed evaluation
 * ({@link org.nrws.spark.DistributedEvaluation}), synchronous data-parallel training of all six
 * algorithms ({@link org.nrws.spark.DistributedTrainer}) and independent sweeps
 * ({@link org.nrws.spark.Sweep}).
 *
 * <p>Nothing that crosses the wire is an ND4J object: parameters travel as {@code double[]}
 * ({@link org.nrws.spark.MachineState}), data and binary states as bit-packed {@code long[]}
 * ({@link org.nrws.spark.BitRows}). Every random draw is a function of the run seed and a global
 * index (image, data point of the global minibatch, pair), never of the partitioning, so the
 * results do not depend on the number of partitions.
 */
package org.nrws.spark;
