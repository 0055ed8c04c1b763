package org.nrws.spark.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.nrws.spark.LocalSpark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code nrws-spark} entry point. Under spark-submit the master comes from spark-submit; run
 * directly (the {@code ./nrws spark} launcher) it is {@code --master} (default {@code local[*]}).
 */
@Command(name = "nrws-spark", mixinStandardHelpOptions = true,
        description = "NRWS on Apache Spark: distributed evaluation, data-parallel training and sweeps.",
        subcommands = {SparkEvalCommand.class, SparkTrainCommand.class, SweepCommand.class})
public final class NrwsSpark implements Callable<Integer> {

    /** Exit code of a failed command. */
    public static final int FAILED = 1;
    /** Exit code of a usage error. */
    public static final int USAGE = 2;

    @Option(names = "--master", paramLabel = "URL", scope = CommandLine.ScopeType.INHERIT,
            description = "Spark master when not run by spark-submit (default: ${DEFAULT-VALUE}).")
    String master = "local[*]";

    /** Where results go (standard output unless {@link #execute} was given another). */
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    /** Where messages go. */
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);

    /** Creates the command (picocli fills it). */
    public NrwsSpark() {
        // filled by picocli
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return USAGE;
    }

    /**
     * @param appName the application name
     * @return a session on the JVM's running Spark context, or on a new one on the chosen master
     */
    LocalSpark.Session session(String appName) {
        return LocalSpark.session(master, appName);
    }

    /**
     * The command-line entry point.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(execute(out, err, args));
    }

    /**
     * Runs a command in this JVM.
     *
     * @param out  standard output
     * @param err  standard error
     * @param args the arguments
     * @return the exit code
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        NrwsSpark top = new NrwsSpark();
        top.out = out;
        top.err = err;
        CommandLine cl = new CommandLine(top);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            boolean usage = e instanceof IllegalArgumentException;
            err.println("nrws-spark " + line.getCommandName() + ": error: " + describe(e));
            if (System.getenv("NRWS_DEBUG") != null) {
                e.printStackTrace(err);
            }
            err.flush();
            return usage ? USAGE : FAILED;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * @param e an error
     * @return its message, with its cause's when that adds information
     */
    static String describe(Throwable e) {
        String m = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        Throwable c = e.getCause();
        if (c != null && c.getMessage() != null && !m.contains(c.getMessage())) {
            m += " (cause: " + c.getMessage() + ")";
        }
        return m;
    }
}
