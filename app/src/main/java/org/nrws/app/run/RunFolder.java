package org.nrws.app.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.nrws.checkpoint.Checkpoint;

/**
 * What a training run's output folder holds, and whether a run may write there without
 * destroying the results of another run. An empty or missing folder is always fine; so is the
 * folder of the run being resumed. A folder holding another run's files is refused with a one-line
 * message offering the choices ({@code --resume}, a new {@code --out}, {@code --overwrite}), unless
 * {@code --overwrite} was given: then that run's files are removed before the new run writes its own.
 *
 * <p>Runs are told apart by the entry {@value #RUN_ID} of their checkpoints: a new run gets a
 * random id, a resumed run keeps the id of the checkpoint it continues.
 */
public final class RunFolder {

    /** The files a training run writes into its folder. */
    public static final List<String> OUTPUTS = List.of(TrainingRun.CHECKPOINT, TrainingRun.BEST, TrainingRun.METRICS,
            TrainingRun.RESULT, TrainingRun.CURVES, TrainingRun.SAMPLES);

    /** The checkpoint entry naming the run a checkpoint belongs to. */
    public static final String RUN_ID = "provenance.run-id";

    private RunFolder() {
    }

    /**
     * @param dir a folder (it may be missing)
     * @return the names of the {@link #OUTPUTS} present in it
     */
    public static List<String> outputs(Path dir) {
        List<String> present = new ArrayList<>();
        for (String name : OUTPUTS) {
            if (Files.exists(dir.resolve(name))) {
                present.add(name);
            }
        }
        return present;
    }

    /**
     * @param resume the checkpoint a run continues, or null for a new run
     * @return the run id the run records in its checkpoints: the resumed checkpoint's, else a new one
     */
    public static String runId(Checkpoint resume) {
        String id = resume == null ? null : resume.manifest().get(RUN_ID);
        return id != null ? id : UUID.randomUUID().toString();
    }

    /**
     * Decides whether a training run may write into {@code dir}.
     *
     * @param dir        the output folder
     * @param resume     the checkpoint the run continues, or null for a new run
     * @param resumeFile the file of {@code resume}, or null
     * @param overwrite  whether {@code --overwrite} was given
     * @return true when the folder holds another run's files, to be removed (with {@link #clear}) before
     *         the run writes; false when there is nothing to remove (empty folder, or the resumed run's own)
     * @throws IllegalArgumentException when the folder holds another run and {@code overwrite} is false,
     *                                  with a one-line message offering the choices
     */
    public static boolean mayWrite(Path dir, Checkpoint resume, Path resumeFile, boolean overwrite) {
        List<String> present = outputs(dir);
        if (present.isEmpty()) {
            return false;
        }
        Path ckpt = dir.resolve(TrainingRun.CHECKPOINT);
        String again = "--resume " + ckpt;
        if (resume == null) {
            if (overwrite) {
                return true;
            }
            if (present.contains(TrainingRun.CHECKPOINT)) {
                throw new IllegalArgumentException("--out " + dir + " already holds a run (" + String.join(", ", present)
                        + "): continue it with " + again + ", choose a new --out, or add --overwrite to replace it");
            }
            throw new IllegalArgumentException("--out " + dir + " already holds the results of a run ("
                    + String.join(", ", present) + "): choose a new --out, or add --overwrite to replace them");
        }
        if (!present.contains(TrainingRun.CHECKPOINT)) {
            if (overwrite) {
                return true;
            }
            throw new IllegalArgumentException("--out " + dir + " already holds the results of another run ("
                    + String.join(", ", present) + "): choose a new --out, or add --overwrite to replace them");
        }
        if (resumeFile != null && sameFile(resumeFile, ckpt)) {
            return false;
        }
        Checkpoint there;
        String describe;
        try {
            there = Checkpoint.load(ckpt);
            describe = TrainingRun.CHECKPOINT + " at update " + there.updates();
        } catch (IOException | RuntimeException e) {
            there = null;
            describe = TrainingRun.CHECKPOINT + ", unreadable: " + e.getMessage();
        }
        String id = resume.manifest().get(RUN_ID);
        boolean sameRun = there != null && id != null && id.equals(there.manifest().get(RUN_ID));
        String from = resumeFile != null ? "--resume " + resumeFile : "the resumed checkpoint";
        if (sameRun && there.updates() <= resume.updates()) {
            return false;   // a copy of this run that is not ahead of the resumed checkpoint: continue it
        }
        if (sameRun) {
            if (overwrite) {
                return false;   // go back to the resumed update within the same run
            }
            throw new IllegalArgumentException("--out " + dir + " holds a later checkpoint of this run (update "
                    + there.updates() + ") than " + from + " (update " + resume.updates() + "): continue from " + again
                    + ", choose a new --out, or add --overwrite to go back to update " + resume.updates());
        }
        if (overwrite) {
            return true;
        }
        throw new IllegalArgumentException("--out " + dir + " already holds another run (" + describe + ") than " + from
                + ": continue that one with " + again + ", choose a new --out, or add --overwrite to replace it");
    }

    /**
     * Removes the {@link #OUTPUTS} of a previous run from a folder (nothing else).
     *
     * @param dir the folder
     * @throws IOException when a file cannot be removed
     */
    public static void clear(Path dir) throws IOException {
        for (String name : OUTPUTS) {
            Files.deleteIfExists(dir.resolve(name));
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
