package org.nrws.cuda;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nrws.backend.BackendSelector;
import org.nrws.backend.BackendUnavailableException;
import org.nrws.estimator.EstimatorOptions;
import org.nrws.linalg.BatchedCholesky;
import org.nrws.model.HelmholtzMachine;
import org.nrws.optim.Sgd;
import org.nrws.testing.TinyMachines;
import org.nrws.train.Algorithm;
import org.nrws.train.NaturalGradientOptions;
import org.nrws.train.NaturalGradientPreconditioner;
import org.nrws.train.Preconditioner;
import org.nrws.train.Trainer;
import org.nrws.train.TrainerConfig;

/**
 * One NRWS update on a fixed small machine and minibatch, with a given batched Cholesky: the
 * fixture of the CPU&lt;-&gt;CUDA step agreement test. Its {@link #main} runs the CPU side in a
 * child JVM started with {@code BACKEND_PRIORITY_CPU=200}.
 *
 * <p>Sizes: 96 visible units, latents [24, 12], B = 16, K = 4 (N = 64), float64, damping 0.01:
 * q0 (d = 97 &gt; N) takes the dual path, the other layers the primal one.
 *
 * <p>The natural-gradient preconditioner is {@link NaturalGradientPreconditioner}.
 */
public final class StepFixture {

    static final int VISIBLE = 96;
    static final int[] LATENTS = {24, 12};
    static final int BATCH = 16;
    static final int SAMPLES = 4;
    static final long SEED = 20240611L;
    static final double ALPHA = 0.01;
    static final double LEARNING_RATE = 0.05;

    private StepFixture() {
    }

    /**
     * @param options the natural-gradient options
     * @return a factory of the natural-gradient preconditioner for a batched Cholesky
     */
    static Function<BatchedCholesky, Preconditioner> naturalPreconditioner(NaturalGradientOptions options) {
        return chol -> new NaturalGradientPreconditioner(options, chol);
    }

    /** @return the options of the fixture: float64, alpha 0.01, automatic path */
    static NaturalGradientOptions options() {
        return NaturalGradientOptions.defaults(ALPHA);
    }

    /**
     * Runs one NRWS update.
     *
     * @param preconditioner the natural-gradient preconditioner
     * @return every parameter after the update, flattened in the machine's parameter order
     */
    static double[] run(Preconditioner preconditioner) {
        HelmholtzMachine machine = TinyMachines.random(VISIBLE, LATENTS, 0.5, SEED);
        INDArray x = TinyMachines.binary(BATCH, VISIBLE, SEED + 1);
        Trainer trainer = new Trainer(machine, Algorithm.NRWS.estimator(EstimatorOptions.defaults(SAMPLES)), preconditioner,
                new Sgd(), TrainerConfig.updates(1, LEARNING_RATE), SEED);
        trainer.step(x);
        List<Double> all = new ArrayList<>();
        for (INDArray theta : machine.parameters()) {
            for (double v : ReferenceCholesky.host(theta)) {
                all.add(v);
            }
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * The CPU side, in a child JVM: {@code args[0]} = output file. Writes the batched Cholesky's
     * name and the parameters after one update. Exit status 2 when ND4J is not on the CPU.
     *
     * @param args the output file
     * @throws IOException when the file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (!Nd4j.getEnvironment().isCPU()) {
            System.err.println("StepFixture: expected ND4J's CPU backend (BACKEND_PRIORITY_CPU=200), got "
                    + Nd4j.getBackend().getClass().getSimpleName());
            System.exit(2);
        }
        BatchedCholesky chol;
        try {
            chol = BackendSelector.fromClasspath().select("cpu").cholesky();
        } catch (BackendUnavailableException e) {
            chol = new ReferenceCholesky(); // no CPU provider on this branch yet
        }
        double[] p = run(naturalPreconditioner(options()).apply(chol));
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(Path.of(args[0])))) {
            out.writeUTF(chol.name());
            out.writeInt(p.length);
            for (double v : p) {
                out.writeDouble(v);
            }
        }
    }

    /**
     * @param file a file written by {@link #main}
     * @return the implementation name and the parameters
     * @throws IOException when it cannot be read
     */
    static Result read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            String name = in.readUTF();
            double[] p = new double[in.readInt()];
            for (int i = 0; i < p.length; i++) {
                p[i] = in.readDouble();
            }
            return new Result(name, p);
        }
    }

    /**
     * @param cholesky   the batched Cholesky the CPU side used
     * @param parameters the parameters after the update
     */
    record Result(String cholesky, double[] parameters) {
    }
}
