package io.rlwb.engine.runtime;

/**
 * Hears about a run. Called on the run's worker thread: implementations must return quickly and must not
 * block (hand off to another thread, as the GUI does).
 */
public interface RunListener {
    default void started(java.nio.file.Path runDir) {}

    /**
     * The graph compiled and is about to run; {@code activity} tells, from any thread, which node executes and
     * where the time goes (the editor polls it once per frame).
     */
    default void compiled(NodeActivity activity) {}

    default void progress(RunProgress p) {}

    default void finished(RunResult r) {}

    RunListener NONE = new RunListener() {};
}
