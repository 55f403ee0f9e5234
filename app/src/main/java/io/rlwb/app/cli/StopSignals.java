package io.rlwb.app.cli;

import java.util.function.Consumer;

/**
 * SIGINT (Ctrl-C) and SIGTERM (a scheduler, {@code kill}) handled alike: the run is cancelled and records
 * {@code cancelled} before the JVM exits, with exit code 130 or 143 (DESIGN.md). The JVM's own SIGTERM handling
 * would run shutdown hooks and end the process while the run still says {@code running}.
 */
final class StopSignals {
    private StopSignals() {}

    /** Calls {@code onSignal} with the signal's name ({@code INT}, {@code TERM}) on each one. */
    static void install(Consumer<String> onSignal) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> onSignal.accept(s.getName()));
            } catch (Throwable e) {
                // No such signal here (TERM on some platforms): a shutdown hook at least cancels the run.
                if ("INT".equals(name)) Runtime.getRuntime().addShutdownHook(new Thread(() -> onSignal.accept(name)));
            }
        }
    }

    /** The exit code of a run stopped by {@code signal}: 128 + its number (SIGINT 2, SIGTERM 15). */
    static int exitCode(String signal) {
        return "TERM".equals(signal) ? 143 : 130;
    }
}
