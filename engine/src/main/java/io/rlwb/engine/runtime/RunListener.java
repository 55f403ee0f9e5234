package io.rlwb.engine.runtime;

/**
 * Hears about a run. Called on the run's worker thread: implementations must return quickly and must not
 * block (hand off to another thread, as the GUI does).
 */
public interface RunListener {
    default void started(java.nio.file.Path runDir) {}

    default void progress(RunProgress p) {}

    default void finished(RunResult r) {}

    RunListener NONE = new RunListener() {};
}
