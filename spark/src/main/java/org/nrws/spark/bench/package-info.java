/** The measurements of the Spark section of bench/RESULTS.md ({@link org.nrws.spark.bench.SparkBench}). */
package org.nrws.spark.bench;
