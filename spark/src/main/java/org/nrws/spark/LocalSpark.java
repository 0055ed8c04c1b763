package org.nrws.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** Creates Spark contexts: local ones for tests and {@code ./nrws spark}, or from spark-submit's settings. */
public final class LocalSpark {

    private static volatile JavaSparkContext current;

    private LocalSpark() {
    }

    /**
     * A context for one command: the context this class created last when it is still running (the
     * tests' shared context), else a new one on {@code master}, closed with the session.
     *
     * @param master  the master URL when none is configured
     * @param appName the application's name
     * @return the session
     */
    public static Session session(String master, String appName) {
        JavaSparkContext running = current;
        if (running != null && !running.sc().isStopped()) {
            return new Session(running, false);
        }
        return new Session(context(master, appName), true);
    }

    /**
     * A Spark context held by one command.
     *
     * @param sc    the context
     * @param owned whether closing the session stops the context (false for a context that was already running)
     */
    public record Session(JavaSparkContext sc, boolean owned) implements AutoCloseable {
        /** Stops the context when this session created it. */
        @Override
        public void close() {
            if (owned) {
                sc.close();
            }
        }
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
        current = sc;
        return sc;
    }
}
