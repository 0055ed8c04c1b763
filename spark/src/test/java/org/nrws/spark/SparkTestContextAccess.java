package org.nrws.spark;

/** Lets tests of other packages start the shared local[2] test context first. */
public final class SparkTestContextAccess {

    private SparkTestContextAccess() {
    }

    /** Starts (once) the tests' local[2] context, so that commands run in this JVM reuse it. */
    public static void ensure() {
        SparkTestContext.get();
    }
}
