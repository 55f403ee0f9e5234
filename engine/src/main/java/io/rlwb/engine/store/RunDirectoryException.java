package io.rlwb.engine.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A run directory that cannot be used: not a directory, not writable, in use by a live run, or holding an earlier
 * run that was not to be replaced. The message names the directory and says how to proceed; the command line
 * answers with exit code 2.
 */
public final class RunDirectoryException extends IOException {
    private final Path dir;

    public RunDirectoryException(Path dir, String message, Throwable cause) {
        super(message, cause);
        this.dir = dir;
    }

    public RunDirectoryException(Path dir, String message) {
        this(dir, message, null);
    }

    /** The directory in question. */
    public Path dir() {
        return dir;
    }
}
