package org.nrws.app.run;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An output folder is locked by another running process (or by another run in this one): the
 * message names the folder, the owner's process id and its start time.
 */
public final class FolderInUseException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path folder;
    private final transient RunLock.Owner owner;

    /**
     * @param folder the folder
     * @param owner  the process that holds it, or null when it could not be read
     */
    public FolderInUseException(Path folder, RunLock.Owner owner) {
        super(folder + " is in use by " + (owner == null ? "another process" : owner.describe())
                + "; wait for it to finish, or write to another folder");
        this.folder = folder;
        this.owner = owner;
    }

    /** @return the folder */
    public Path folder() {
        return folder;
    }

    /** @return the process that holds it, or null when unknown */
    public RunLock.Owner owner() {
        return owner;
    }
}
