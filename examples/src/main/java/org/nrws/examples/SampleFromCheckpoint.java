package org.nrws.examples;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nrws.checkpoint.Checkpoint;
import org.nrws.app.run.ImageGrid;
import org.nrws.model.HelmholtzMachine;
import org.nrws.model.Trace;
import org.nrws.random.RandomSource;

/**
 * Loads a checkpoint written by {@code nrws train} (or by {@link TrainNrwsOnMnist}), says where
 * it comes from, and draws samples from its generative network.
 *
 * <p>Run: {@code ./nrws example SampleFromCheckpoint runs/nrws-mnist/checkpoint.nrws [samples.png]}.
 */
public final class SampleFromCheckpoint {

    private SampleFromCheckpoint() {
    }

    /**
     * @param args the checkpoint file, and optionally the output picture (default samples-from-checkpoint.png)
     * @throws Exception when the checkpoint cannot be read or the picture written
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: SampleFromCheckpoint CHECKPOINT [OUT.png]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        Path png = Path.of(args.length > 1 ? args[1] : "samples-from-checkpoint.png");

        // 1. Load. The file is checked (header, format version, CRC, completeness) before anything
        //    is used; a foreign or damaged file gives a message naming the problem.
        Checkpoint checkpoint = Checkpoint.load(file);

        // 2. Provenance: how this model was trained (algorithm, data protocol, seed, software,
        //    backend, training time and updates) is part of the checkpoint.
        for (Map.Entry<String, String> e : checkpoint.section("provenance.").entrySet()) {
            System.err.println("  " + e.getKey() + " = " + e.getValue());
        }

        // 3. Rebuild the model: sizes, clipping and parameters in the fixed order p0..pL, q0..q(L-1).
        HelmholtzMachine machine = checkpoint.machine();

        // 4. Dream: draw 64 samples ancestrally from the top prior down through p. The visible
        //    layer's Bernoulli means p(x | h1) are smoother to look at than the binary samples.
        Trace dreams = machine.dream(machine.workspace(64), RandomSource.of(0), true);
        INDArray means = dreams.pProbabilities(0);
        System.err.printf("mean pixel intensity of the samples: %.3f%n", means.meanNumber().doubleValue());

        // 5. Tile them (28 x 28 for MNIST) into a picture.
        int side = (int) Math.round(Math.sqrt(machine.visible()));
        int[] shape = side * side == machine.visible() ? new int[] {side, side} : new int[] {1, machine.visible()};
        BufferedImage picture = ImageGrid.tiles(means, shape, 8);
        ImageGrid.save(picture, png);
        System.err.println("wrote " + png);
    }
}
