package org.nrws.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.nrws.model.HelmholtzMachine;

/**
 * The packages of core's main code form a one-way stack (see {@code docs/architecture.md}):
 * <pre>
 * checkpoint
 * train
 * solver            (the Fisher systems, the path rule, the solvers, the selector, the memory check)
 * estimator, eval
 * model             (model.kernels below it)
 * data, optim, linalg, backend
 * host, random
 * </pre>
 * No package cycle, and no package reaches up the stack.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(mainClasses());

    /** The folder (or jar) that holds core's main classes. */
    private static Path mainClasses() {
        try {
            return Paths.get(HelmholtzMachine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate core's main classes", e);
        }
    }

    @Test
    void mainCodeHasClasses() {
        // guards the rules below against an empty import (they would pass vacuously)
        assertTrue(MAIN.size() > 100, "imported " + MAIN.size() + " classes");
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.nrws.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theLayersGoOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("checkpoint").definedBy("org.nrws.checkpoint..")
                .layer("train").definedBy("org.nrws.train..")
                .layer("solver").definedBy("org.nrws.solver..")
                .layer("estimator").definedBy("org.nrws.estimator..", "org.nrws.eval..")
                .layer("model").definedBy("org.nrws.model..")
                .layer("data").definedBy("org.nrws.data..")
                .layer("base").definedBy("org.nrws.optim..", "org.nrws.linalg..", "org.nrws.backend..")
                .layer("host").definedBy("org.nrws.host..", "org.nrws.random..")
                .whereLayer("checkpoint").mayNotBeAccessedByAnyLayer()
                .whereLayer("train").mayOnlyBeAccessedByLayers("checkpoint")
                .whereLayer("solver").mayOnlyBeAccessedByLayers("train", "checkpoint")
                .whereLayer("estimator").mayOnlyBeAccessedByLayers("solver", "train", "checkpoint")
                .whereLayer("model").mayOnlyBeAccessedByLayers("estimator", "solver", "train", "checkpoint")
                .whereLayer("data").mayOnlyBeAccessedByLayers("model", "estimator", "solver", "train", "checkpoint")
                .whereLayer("base").mayOnlyBeAccessedByLayers("data", "model", "estimator", "solver", "train",
                        "checkpoint")
                .check(MAIN);
    }
}
