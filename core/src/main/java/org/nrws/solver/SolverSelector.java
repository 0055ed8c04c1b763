package org.nrws.solver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.nrws.backend.BackendChoice;
import org.nrws.backend.BackendUnavailableException;

/**
 * The one selector of {@code --backend}: chooses where the natural-gradient solvers run. The request is, by precedence, the command line
 * ({@code --backend cpu|cuda|auto}), the environment variable {@code NRWS_BACKEND}, then auto.
 * <ul>
 *   <li>{@code cpu}: the CPU's fused solver;</li>
 *   <li>{@code cuda}: the best available {@link SolverProvider} of backend cuda, or a
 *       {@link BackendUnavailableException} saying "no CUDA backend on the classpath; rebuild with
 *       -Pcuda" or "no CUDA device found (reason)";</li>
 *   <li>{@code auto}: CUDA when a provider is available (device found, libraries loaded), else the
 *       CPU with a note that says why (none when the build has no CUDA solver at all).</li>
 * </ul>
 */
public final class SolverSelector {

    /** The environment variable that requests a backend when the command line does not. */
    public static final String ENV_VAR = "NRWS_BACKEND";
    /** The command-line option, for messages. */
    public static final String CLI_OPTION = "--backend";

    private final List<SolverProvider> providers;
    private final Map<String, String> environment;

    /**
     * @param providers   the candidates (fakes in tests)
     * @param environment the process environment ({@code NRWS_BACKEND})
     */
    public SolverSelector(List<? extends SolverProvider> providers, Map<String, String> environment) {
        this.providers = List.copyOf(providers);
        this.environment = Map.copyOf(environment);
    }

    /** @return a selector over the providers on the class path and {@link System#getenv()} */
    public static SolverSelector fromClasspath() {
        List<SolverProvider> found = new ArrayList<>();
        for (SolverProvider p : ServiceLoader.load(SolverProvider.class)) {
            found.add(p);
        }
        return new SolverSelector(found, System.getenv());
    }

    /**
     * @param cliValue the {@code --backend} value, or null/blank when not given
     * @return the selection
     * @throws BackendUnavailableException when cuda was asked for and cannot run, saying why
     * @throws IllegalArgumentException    for a value other than cpu, cuda or auto
     */
    public SolverSelection select(String cliValue) {
        BackendChoice choice;
        String source;
        if (cliValue != null && !cliValue.isBlank()) {
            choice = BackendChoice.parse(cliValue, CLI_OPTION);
            source = CLI_OPTION;
        } else if (environment.get(ENV_VAR) != null && !environment.get(ENV_VAR).isBlank()) {
            choice = BackendChoice.parse(environment.get(ENV_VAR), ENV_VAR);
            source = ENV_VAR;
        } else {
            choice = BackendChoice.AUTO;
            source = "default";
        }
        String who = source.equals(ENV_VAR) ? ENV_VAR + "=" + choice.id()
                : source.equals(CLI_OPTION) ? CLI_OPTION + " " + choice.id() : "backend auto";
        if (choice == BackendChoice.CPU) {
            return new SolverSelection(choice, source, "cpu", null, null, null);
        }
        List<SolverProvider> cuda = new ArrayList<>();
        for (SolverProvider p : providers) {
            if ("cuda".equalsIgnoreCase(p.backend())) {
                cuda.add(p);
            }
        }
        String why;
        if (cuda.isEmpty()) {
            why = "no CUDA backend on the classpath; rebuild with -Pcuda (it adds the CUDA solver, nrws-cuda-solver)";
        } else {
            StringBuilder reasons = new StringBuilder();
            List<SolverProvider> ok = new ArrayList<>();
            for (SolverProvider p : cuda) {
                String r = reason(p);
                if (r == null) {
                    ok.add(p);
                } else {
                    reasons.append(reasons.length() > 0 ? "; " : "").append(r);
                }
            }
            if (!ok.isEmpty()) {
                SolverProvider best = ok.stream().max(Comparator.comparingInt(SolverProvider::priority)).get();
                return new SolverSelection(choice, source, "cuda", best.create(), best.memory(), null);
            }
            why = "no CUDA device found (" + reasons + ")";
        }
        if (choice == BackendChoice.CUDA) {
            throw new BackendUnavailableException(who + ": " + why);
        }
        // auto in a build without the CUDA solver is the ordinary CPU build: nothing to explain
        return new SolverSelection(choice, source, "cpu", null, null, cuda.isEmpty() ? null : "CUDA not used: " + why);
    }

    private static String reason(SolverProvider p) {
        try {
            return p.unavailableReason();
        } catch (RuntimeException | LinkageError e) {
            return p.getClass().getSimpleName() + ": " + e;
        }
    }
}
