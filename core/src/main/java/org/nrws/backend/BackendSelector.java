package org.nrws.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.nrws.linalg.BatchedCholeskyProvider;

/**
 * Chooses the batched Cholesky backend at run time.
 *
 * <p>The request is, in order of precedence: the command-line value ({@code --backend
 * cpu|cuda|auto}), the environment variable {@value #ENV_VAR}, and {@code auto}. The providers
 * are found with {@link ServiceLoader} ({@link BatchedCholeskyProvider}); the one of the active
 * ND4J backend's family with the highest priority among the available ones is chosen:
 * <ul>
 *   <li>{@code auto}: the family of the active ND4J backend;</li>
 *   <li>{@code cuda}: fails with "no CUDA backend on the classpath; rebuild with -Pcuda" when no
 *       CUDA provider is present, and with "no CUDA device found (...)" when ND4J runs on the CPU
 *       or the CUDA provider is unavailable;</li>
 *   <li>{@code cpu}: fails when ND4J already runs on CUDA (ND4J's backend is fixed at its
 *       initialisation: start the JVM with {@code BACKEND_PRIORITY_CPU=200}, see
 *       {@link Nd4jBackendEnvironment}).</li>
 * </ul>
 * Typical use, after the command line is parsed:
 * <pre>
 * BackendSelection sel = BackendSelector.fromClasspath().select(cli.backend); // cli.backend may be null
 * log.info(sel.describe());
 * BatchedCholesky chol = sel.cholesky();
 * </pre>
 */
public final class BackendSelector {

    /** The environment variable that requests a backend when the command line does not. */
    public static final String ENV_VAR = "NRWS_BACKEND";
    /** The command-line option, for messages. */
    public static final String CLI_OPTION = "--backend";

    private final List<BatchedCholeskyProvider> providers;
    private final Supplier<ActiveBackend> active;
    private final Map<String, String> environment;

    /**
     * @param providers   the candidate providers (e.g. fakes in tests)
     * @param active      reports ND4J's active backend; called only by {@link #select}
     * @param environment the process environment ({@value #ENV_VAR}, {@code BACKEND_PRIORITY_*})
     */
    public BackendSelector(List<? extends BatchedCholeskyProvider> providers, Supplier<ActiveBackend> active,
                           Map<String, String> environment) {
        this.providers = List.copyOf(providers);
        this.active = Objects.requireNonNull(active, "active");
        this.environment = Map.copyOf(environment);
    }

    /** @return a selector over the providers on the class path, ND4J's backend and {@link System#getenv()} */
    public static BackendSelector fromClasspath() {
        List<BatchedCholeskyProvider> found = new ArrayList<>();
        for (BatchedCholeskyProvider p : ServiceLoader.load(BatchedCholeskyProvider.class)) {
            found.add(p);
        }
        return new BackendSelector(found, ActiveBackend::nd4j, System.getenv());
    }

    /** @return the providers this selector chooses from */
    public List<BatchedCholeskyProvider> providers() {
        return providers;
    }

    /**
     * The request, by precedence: command line, then {@value #ENV_VAR}, then auto.
     *
     * @param cliValue the {@code --backend} value, or null/blank when not given
     * @return the request
     * @throws IllegalArgumentException when the winning value is not cpu, cuda or auto
     */
    public BackendChoice requested(String cliValue) {
        return request(cliValue).choice();
    }

    /**
     * Selects with the request of {@link #requested}.
     *
     * @param cliValue the {@code --backend} value, or null/blank when not given
     * @return the selection
     * @throws BackendUnavailableException when the requested backend cannot run, saying why and what to do
     */
    public BackendSelection select(String cliValue) {
        Request r = request(cliValue);
        return select(r.choice(), r.source());
    }

    /**
     * Selects for an explicit choice (source "--backend").
     *
     * @param choice the request
     * @return the selection
     * @throws BackendUnavailableException when the requested backend cannot run
     */
    public BackendSelection select(BackendChoice choice) {
        return select(choice, CLI_OPTION);
    }

    private BackendSelection select(BackendChoice choice, String source) {
        String who = source.equals(ENV_VAR) ? ENV_VAR + "=" + choice.id()
                : source.equals(CLI_OPTION) ? CLI_OPTION + " " + choice.id() : "backend " + choice.id();
        ActiveBackend nd4j = active.get();
        String family = choice == BackendChoice.AUTO ? nd4j.family() : choice.id();
        List<BatchedCholeskyProvider> ofFamily = ofFamily(family);

        if (choice == BackendChoice.CUDA) {
            if (ofFamily.isEmpty()) {
                throw new BackendUnavailableException(who + ": no CUDA backend on the classpath; rebuild with -Pcuda "
                        + "(it adds the CUDA solver, nrws-cuda-solver, picked by org.nrws.solver.SolverSelector)");
            }
            if (!ActiveBackend.CUDA.equals(nd4j.family())) {
                throw new BackendUnavailableException(who + ": no CUDA device found: ND4J is running its "
                        + nd4j.description() + " (" + cpuReason() + ")");
            }
        }
        if (choice == BackendChoice.CPU && !ActiveBackend.CPU.equals(nd4j.family())) {
            throw new BackendUnavailableException(who + ": ND4J already runs its " + nd4j.description()
                    + " and cannot switch in a running JVM; start it with " + Nd4jBackendEnvironment.CPU_PRIORITY + "="
                    + Nd4jBackendEnvironment.FORCE_CPU_PRIORITY + " in the environment (ND4J reads only this variable, "
                    + "when it initialises)");
        }
        Optional<BatchedCholeskyProvider> best = ofFamily.stream().filter(BackendSelector::available)
                .max(Comparator.comparingInt(BatchedCholeskyProvider::priority));
        if (best.isEmpty()) {
            throw new BackendUnavailableException(noProviderMessage(who, family, nd4j, ofFamily));
        }
        BatchedCholeskyProvider p = best.get();
        MemoryProbe memory = p instanceof MemoryProbe mp ? mp : HostMemory.INSTANCE;
        return new BackendSelection(choice, source, family, nd4j, p.create(), memory, null);
    }

    private String noProviderMessage(String who, String family, ActiveBackend nd4j, List<BatchedCholeskyProvider> ofFamily) {
        if (ofFamily.isEmpty()) {
            if (ActiveBackend.CUDA.equals(family)) {
                return who + ": ND4J runs its " + nd4j.description() + " but nrws-cuda-backend is not on the classpath; "
                        + "rebuild with -Pcuda, or force the CPU with " + Nd4jBackendEnvironment.CPU_PRIORITY + "="
                        + Nd4jBackendEnvironment.FORCE_CPU_PRIORITY;
            }
            return who + ": no batched Cholesky provider for the " + family + " backend on the classpath "
                    + "(META-INF/services/" + BatchedCholeskyProvider.class.getName() + ")";
        }
        StringBuilder reasons = new StringBuilder();
        for (BatchedCholeskyProvider p : ofFamily) {
            if (reasons.length() > 0) {
                reasons.append("; ");
            }
            reasons.append(p.getClass().getSimpleName()).append(": ").append(reason(p));
        }
        String head = ActiveBackend.CUDA.equals(family) ? who + ": no CUDA device found (" : who + ": no " + family
                + " batched Cholesky can run (";
        return head + reasons + ")";
    }

    /** Why ND4J runs on the CPU when CUDA was asked for. */
    private String cpuReason() {
        String forced = environment.get(Nd4jBackendEnvironment.CPU_PRIORITY);
        if (forced != null && !Nd4jBackendEnvironment.satisfies(BackendChoice.CUDA, environment)) {
            return Nd4jBackendEnvironment.CPU_PRIORITY + "=" + forced + " is set, which makes ND4J prefer its CPU backend; "
                    + "unset it";
        }
        for (BatchedCholeskyProvider p : ofFamily(ActiveBackend.CUDA)) {
            if (p instanceof ProviderDiagnostics diag) {
                String r = safeReason(diag);
                if (r != null) {
                    return r;
                }
            }
        }
        return "ND4J runs on its CPU backend only (this project uses no ND4J CUDA build: the CUDA solver of -Pcuda "
                + "moves the Fisher solve to the GPU instead)";
    }

    private List<BatchedCholeskyProvider> ofFamily(String family) {
        List<BatchedCholeskyProvider> out = new ArrayList<>();
        for (BatchedCholeskyProvider p : providers) {
            if (family.equalsIgnoreCase(p.backend())) {
                out.add(p);
            }
        }
        return out;
    }

    private static boolean available(BatchedCholeskyProvider p) {
        try {
            return p.isAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String reason(BatchedCholeskyProvider p) {
        if (p instanceof ProviderDiagnostics diag) {
            String r = safeReason(diag);
            if (r != null) {
                return r;
            }
        }
        return "isAvailable() is false";
    }

    private static String safeReason(ProviderDiagnostics diag) {
        try {
            return diag.unavailableReason();
        } catch (RuntimeException | LinkageError e) {
            return e.toString();
        }
    }

    private Request request(String cliValue) {
        if (cliValue != null && !cliValue.isBlank()) {
            return new Request(BackendChoice.parse(cliValue, CLI_OPTION), CLI_OPTION);
        }
        String env = environment.get(ENV_VAR);
        if (env != null && !env.isBlank()) {
            return new Request(BackendChoice.parse(env, ENV_VAR), ENV_VAR);
        }
        return new Request(BackendChoice.AUTO, "default");
    }

    private record Request(BackendChoice choice, String source) {
    }
}
