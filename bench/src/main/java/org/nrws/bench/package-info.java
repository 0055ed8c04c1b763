/**
 * Benchmarks of the NRWS engine: JMH microbenchmarks (batched Cholesky, Fisher blocks, one
 * training step of every algorithm, GEMM as the yardstick), a throughput main
 * ({@link org.nrws.bench.ThroughputMain}, also reachable as {@link org.nrws.bench.BenchMain}),
 * a learning-quality main on binarised MNIST ({@link org.nrws.bench.LearningQualityMain}) and
 * the 3x3 lines-toy comparison ({@link org.nrws.bench.LinesToyMain}). Run them with
 * {@code bench/run.sh}; the results are described in {@code bench/RESULTS.md}.
 */
package org.nrws.bench;
