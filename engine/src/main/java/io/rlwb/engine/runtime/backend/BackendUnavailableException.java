package io.rlwb.engine.runtime.backend;

/** The requested backend cannot work here; the message names what is missing and what to install or build. */
public final class BackendUnavailableException extends Exception {
    public BackendUnavailableException(String message) {
        super(message);
    }
}
