package org.nrws.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.nrws.app.cli.CommonOptions;
import org.nrws.app.cli.OptionMaps;
import org.nrws.app.cli.RunOptions;
import org.nrws.app.cli.TrainCommand;
import org.nrws.app.cli.TrainOptions;
import org.nrws.app.run.RunConfig;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code nrws-spark train} accepts every option of {@code ./nrws train} with the same meaning and
 * default: the option sets, labels, descriptions and defaults of the two picocli specs agree, and
 * for every option a non-default value parsed by both commands gives equal typed configurations
 * (or, for the options the distributed trainer cannot honour, a one-line error naming the option).
 */
class TrainOptionsParityTest {

    /** A valid value that differs from the default, for every configuration option of ./nrws train. */
    private static final Map<String, String> SAMPLES = new LinkedHashMap<>();

    static {
        String[][] s = {{"--algo", "rws"}, {"--layers", "20,10"}, {"--k", "7"}, {"--batch", "16"}, {"--lr", "0.02"},
            {"--optimizer", "adam"}, {"--alpha", "0.05"}, {"--refresh", "3"}, {"--fisher-dtype", "mixed"},
            {"--fisher-rows", "16"}, {"--solver", "tensor"},
            {"--dtype", "float32"}, {"--init-std", "0.02"}, {"--units", "pm1"}, {"--init", "argo"},
            {"--precondition", "exact"}, {"--kfac-damping", "factored"}, {"--kfac-decay", "0.5"}, {"--alpha-factor", "2"},
            {"--alpha-every", "5"}, {"--alpha-min", "0.001"}, {"--alpha-max", "1"}, {"--lr-factor", "0.5"}, {"--lr-every", "7"},
            {"--lr-min", "0.001"}, {"--epochs", "3"},
            {"--max-updates", "9"}, {"--time-budget", "30"}, {"--seed", "11"}, {"--data", "fashion-mnist"},
            {"--binarize", "dynamic"}, {"--binarize-seed", "9"}, {"--eval-k", "50"}, {"--eval-every", "10"},
            {"--monitor-k", "5"}, {"--monitor-size", "100"}, {"--patience", "2"}, {"--logz-pairs", "500"},
            {"--data-dir", "/tmp/nrws-parity-data"}, {"--backend", "cpu"}, {"--threads", "2"}, {"--out", "/tmp/nrws-parity-sample"}};
        for (String[] p : s) {
            SAMPLES.put(p[0], p[1]);
        }
    }

    /** Options that are flags or name files rather than configuration entries. */
    private static final Set<String> NOT_CONFIG = Set.of("--resume", "--init-from", "--overwrite", "--no-fetch",
            "--quiet");

    /** Options nrws-spark train refuses (with these values): it cannot honour them. */
    private static final Map<String, String> REFUSED = Map.of("--threads", "2", "--patience", "2", "--eval-every", "10",
            "--monitor-k", "5", "--monitor-size", "100", "--logz-pairs", "500", "--backend", "cuda",
            "--solver", "tensor");

    private static CommandLine train() {
        return new CommandLine(new TrainCommand());
    }

    private static CommandLine spark() {
        return new CommandLine(new SparkTrainCommand());
    }

    private static Set<String> names(CommandSpec spec) {
        Set<String> n = new TreeSet<>();
        for (OptionSpec o : spec.options()) {
            if (!o.usageHelp() && !o.versionHelp()) {
                n.addAll(List.of(o.names()));
            }
        }
        return n;
    }

    private static String defaultOf(CommandSpec spec, OptionSpec o) throws Exception {
        String d = spec.defaultValueProvider() == null ? null : spec.defaultValueProvider().defaultValue(o);
        return d != null ? d : o.defaultValue();
    }

    @Test
    void sparkTrainDeclaresEveryTrainOptionWithTheSameLabelDescriptionAndDefault() throws Exception {
        CommandSpec t = train().getCommandSpec();
        CommandSpec s = spark().getCommandSpec();
        Set<String> missing = new TreeSet<>(names(t));
        missing.removeAll(names(s));
        assertEquals(Set.of(), missing, "options of ./nrws train that nrws-spark train lacks");
        for (OptionSpec o : t.options()) {
            if (o.usageHelp() || o.versionHelp()) {
                continue;
            }
            OptionSpec p = s.findOption(o.longestName());
            assertEquals(o.paramLabel(), p.paramLabel(), o.longestName());
            List<String> described = List.of(o.description());
            if (o.longestName().equals("--out")) {   // the text names each command's default
                described = described.stream().map(d -> d.replace("runs/train", SparkTrainDefaults.OUT)).toList();
            }
            assertEquals(described, List.of(p.description()), o.longestName());
            assertEquals(o.type(), p.type(), o.longestName());
            String expected = o.longestName().equals("--out") ? SparkTrainDefaults.OUT : defaultOf(t, o);
            assertEquals(expected, defaultOf(s, p), "default of " + o.longestName());
        }
        assertEquals("runs/train", defaultOf(t, t.findOption("--out")));
    }

    @Test
    void everyTrainOptionHasASample() {
        Set<String> config = new TreeSet<>();
        for (OptionSpec o : train().getCommandSpec().options()) {
            if (!o.usageHelp() && !o.versionHelp() && !NOT_CONFIG.contains(o.longestName())) {
                config.add(o.longestName());
            }
        }
        assertEquals(config, new TreeSet<>(SAMPLES.keySet()), "a sample value for every configuration option");
    }

    @Test
    void theSameArgumentsGiveTheSameTypedConfiguration() {
        RunConfig base = config(train(), List.of("--out", "/tmp/nrws-parity-out"));
        for (Map.Entry<String, String> e : SAMPLES.entrySet()) {
            List<String> args = new ArrayList<>(List.of(e.getKey(), e.getValue()));
            if (!e.getKey().equals("--out")) {
                args.addAll(List.of("--out", "/tmp/nrws-parity-out"));
            }
            RunConfig fromTrain = config(train(), args);
            assertNotEquals(base, fromTrain, e.getKey() + " " + e.getValue()
                    + " must change the configuration (the sample equals the default)");
            CommandLine s = spark();
            RunConfig fromSpark = config(s, args);
            assertEquals(fromTrain, fromSpark, e.getKey() + " " + e.getValue());
            SparkTrainCommand cmd = s.getCommand();
            if (!REFUSED.containsKey(e.getKey())) {
                assertEquals(fromTrain, cmd.config(null), e.getKey() + " is honoured by nrws-spark train");
            }
        }
    }

    @Test
    void theOptionsTheDistributedTrainerCannotHonourAreRefusedByName() {
        Map<String, String> refused = new LinkedHashMap<>(REFUSED);
        refused.put("--precondition", "kfac");
        refused.put("--init-from", "/tmp/x/model.npz");
        for (Map.Entry<String, String> e : refused.entrySet()) {
            CommandLine s = spark();
            List<String> args = new ArrayList<>(List.of(e.getKey(), e.getValue()));
            if (e.getKey().equals("--precondition")) {
                args.addAll(List.of("--algo", "rws"));
            }
            s.parseArgs(args.toArray(String[]::new));
            SparkTrainCommand cmd = s.getCommand();
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> cmd.config(null), e.getKey());
            assertTrue(x.getMessage().startsWith(e.getKey() + " "), x.getMessage());
            assertTrue(!x.getMessage().contains("\n"), "one line: " + x.getMessage());
        }
    }

    @Test
    void flagsAndFilesMeanTheSame() {
        String[] args = {"--overwrite", "--no-fetch", "--quiet", "--resume", "/tmp/x/checkpoint.nrws"};
        CommandLine t = train();
        t.parseArgs(args);
        CommandLine s = spark();
        s.parseArgs(args);
        for (CommandLine c : List.of(t, s)) {
            RunOptions run = (RunOptions) c.getCommandSpec().mixins().get("run").userObject();
            TrainOptions options = (TrainOptions) c.getCommandSpec().mixins().get("options").userObject();
            CommonOptions common = (CommonOptions) c.getCommandSpec().mixins().get("common").userObject();
            assertTrue(run.overwrite() && options.noFetch() && common.quiet(), c.getCommandName());
            assertEquals(java.nio.file.Path.of("/tmp/x/checkpoint.nrws"), run.resume(), c.getCommandName());
        }
    }

    private static RunConfig config(CommandLine c, List<String> args) {
        c.parseArgs(args.toArray(String[]::new));
        return OptionMaps.config(c.getCommandSpec(), null, null);
    }
}
