package org.nrws.spark;

import org.apache.spark.api.java.JavaSparkContext;

/** One local[2] Spark context shared by the module's tests (starting one takes seconds). */
final class SparkTestContext {

    private static JavaSparkContext sc;

    private SparkTestContext() {
    }

    static synchronized JavaSparkContext get() {
        if (sc == null) {
            sc = LocalSpark.context("local[2]", "nrws-spark-tests");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> sc.close()));
        }
        return sc;
    }
}
