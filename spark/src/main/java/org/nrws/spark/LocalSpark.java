package org.nrws.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** Creates Spark contexts: local ones for tests and {@code ./nrws spark}, or from spark-submit's settings. */
public final class LocalSpark {

    private LocalSpark() {
    }

    /**
     * A context: the given master (e.g. {@code local[2]}) unless spark-submit already set one.
     *
     * @param master  the master URL when none is configured, e.g. {@code local[*]}
     * @param appName the application's name
     * @return a new context (close it when done)
     */
    public static JavaSparkContext context(String master, String appName) {
        SparkConf conf = new SparkConf().setAppName(appName);
        if (!conf.contains("spark.master")) {
            conf.setMaster(master);
        }
        conf.setIfMissing("spark.ui.enabled", "false");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.JavaSerializer");
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
        conf.setIfMissing("spark.executorEnv.OPENBLAS_NUM_THREADS", "1");
        JavaSparkContext sc = new JavaSparkContext(conf);
        sc.setLogLevel("WARN");
        return sc;
    }
}
