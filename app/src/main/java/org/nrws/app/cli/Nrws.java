package org.nrws.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.nrws.app.run.Console;
import org.nrws.app.run.Version;
import org.nrws.train.NonFiniteException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code nrws} command: the entry point started by the {@code ./nrws} script.
 *
 * <p>Exit codes: 0 success; 1 the run failed (missing data, non-finite gradient, I/O error,
 * unsupported algorithm); 2 an invalid option or value. Errors are one message on stderr, never
 * a stack trace unless the environment variable {@code NRWS_DEBUG} is set.
 */
@Command(name = "nrws", mixinStandardHelpOptions = true, versionProvider = Nrws.VersionProvider.class,
        subcommands = {TrainCommand.class, EvalCommand.class, SampleCommand.class, CompareCommand.class, ExportCommand.class,
                FetchDataCommand.class, CommandLine.HelpCommand.class},
        description = {"Helmholtz machines trained with WS, RWS, BiHM and their natural-gradient versions NWS, NRWS, NBiHM.",
                "Results are printed on stdout as one JSON line; everything else goes to stderr."})
public final class Nrws implements Runnable {

    /** Exit code of a failed run. */
    public static final int FAILED = 1;
    /** Exit code of an invalid option or value. */
    public static final int USAGE = 2;

    private static final AtomicBoolean SIGNALS = new AtomicBoolean(false);

    @Spec
    CommandSpec spec;

    /** Creates the command (picocli fills it). */
    public Nrws() {
        // filled by picocli
    }

    /** Prints the usage: a subcommand is required. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /**
     * The command-line entry point.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        SIGNALS.set(true);
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(execute(out, err, args));
    }

    /**
     * Runs a command in this JVM (used by {@link #main} and by tests).
     *
     * @param out  standard output
     * @param err  standard error
     * @param args the arguments
     * @return the exit code
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        System.setProperty("java.awt.headless", "true");
        CommandLine cl = new CommandLine(new Nrws());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler(Nrws::parameterError);
        cl.setExecutionExceptionHandler(Nrws::executionError);
        int code;
        try {
            code = cl.execute(args);
        } catch (Error e) {
            // picocli handles exceptions (see executionError); errors such as OutOfMemoryError end here.
            err.println("nrws: error: " + describe(e));
            if (System.getenv("NRWS_DEBUG") != null) {
                e.printStackTrace(err);
            }
            code = FAILED;
        }
        out.flush();
        err.flush();
        return code;
    }

    private static int parameterError(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(cl.getCommandName().equals("nrws") ? "nrws: error: " + e.getMessage()
                : "nrws " + cl.getCommandName() + ": error: " + e.getMessage());
        err.println("Run 'nrws " + (cl.getCommandName().equals("nrws") ? "" : cl.getCommandName() + " ") + "--help' for the "
                + "options.");
        err.flush();
        return USAGE;
    }

    private static int executionError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean usage = e instanceof IllegalArgumentException;
        err.println("nrws " + cl.getCommandName() + ": error: " + describe(e));
        if (usage) {
            err.println("Run 'nrws " + cl.getCommandName() + " --help' for the options.");
        }
        if (System.getenv("NRWS_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        return usage ? USAGE : FAILED;
    }

    /**
     * A one-line description of an error for users: its message, and the messages of its causes
     * when they add information.
     *
     * @param e the error
     * @return the description
     */
    static String describe(Throwable e) {
        if (e instanceof NoSuchFileException n) {
            return "file not found: " + n.getFile() + (n.getReason() != null ? " (" + n.getReason() + ")" : "");
        }
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            return u.getMessage();
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        if (e instanceof NonFiniteException) {
            return m;
        }
        Throwable c = e.getCause();
        if (c != null && c.getMessage() != null && !m.contains(c.getMessage()) && !(e instanceof IOException)) {
            m += " (cause: " + c.getMessage() + ")";
        }
        if (e instanceof OutOfMemoryError) {
            m += "; raise NRWS_XMX (heap) or NRWS_MAX_PHYSICAL (off-heap), or lower --batch, --k";
        }
        if (e instanceof LinkageError) {
            m = e.getClass().getSimpleName() + ": " + m + " (the program's jar files changed while it ran? rebuild and "
                    + "start again)";
        }
        return m;
    }

    /**
     * The output streams of a command.
     *
     * @param spec  the command's spec
     * @param quiet the {@code --quiet} flag
     * @return the console
     */
    static Console console(CommandSpec spec, boolean quiet) {
        return new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), quiet);
    }

    /** A body that may throw an I/O error. */
    @FunctionalInterface
    interface Body<T> {
        T run() throws IOException;
    }

    /**
     * Runs a training run; when started from {@link #main}, Ctrl-C (SIGINT/SIGTERM) asks the run to
     * stop after the current update and waits until the body has finished (checkpoint and
     * result written), so the body should also print its result.
     *
     * @param onInterrupt asks the running training to stop (called from the shutdown hook)
     * @param body        what to do
     * @param <T>         the result type
     * @return the body's result
     * @throws IOException from the body
     */
    static <T> T withInterruptHandler(Runnable onInterrupt, Body<T> body) throws IOException {
        if (!SIGNALS.get()) {
            return body.run();
        }
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            System.err.println();
            System.err.println("nrws: interrupted; stopping after the current update and saving a checkpoint ...");
            onInterrupt.run();
            try {
                // The JVM halts when this hook returns: wait until the body (and its output) is done.
                done.await(180, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "nrws-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return body.run();
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for this run to finish
            }
        }
    }

    /** The version shown by {@code --version}. */
    public static final class VersionProvider implements CommandLine.IVersionProvider {

        /** Creates the provider (picocli instantiates it). */
        public VersionProvider() {
            // nothing to set up
        }

        @Override
        public String[] getVersion() {
            return new String[] {Version.get(), "Java " + System.getProperty("java.version")};
        }
    }

    static Map<String, Object> failure(String algo, Exception e) {
        return Map.of("algo", algo, "error", describe(e));
    }
}
