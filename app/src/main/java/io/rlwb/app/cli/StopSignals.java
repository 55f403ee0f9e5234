package io.rlwb.app.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * SIGINT (Ctrl-C) and SIGTERM (a scheduler, {@code kill}) handled alike while a run is under way: the run is
 * cancelled and records {@code cancelled} before the JVM exits, with exit code 130 or 143 (DESIGN.md). The JVM's
 * own SIGTERM handling would run shutdown hooks and end the process while the run still says {@code running}.
 * {@link Installed#close()} puts the previous handlers back, so a process that runs the command line in-process
 * (tests, scripts embedding it) keeps its own signal behaviour afterwards.
 */
final class StopSignals {
    private StopSignals() {}

    /** The handlers installed by {@link #install}; closing restores what was there before. */
    static final class Installed implements AutoCloseable {
        private final List<Runnable> restore = new ArrayList<>();

        @Override
        public void close() {
            restore.forEach(Runnable::run);
            restore.clear();
        }
    }

    /** Calls {@code onSignal} with the signal's name ({@code INT}, {@code TERM}) on each one. */
    static Installed install(Consumer<String> onSignal) {
        Installed installed = new Installed();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal signal = new sun.misc.Signal(name);
                sun.misc.SignalHandler previous = sun.misc.Signal.handle(signal, s -> onSignal.accept(s.getName()));
                installed.restore.add(() -> sun.misc.Signal.handle(signal, previous));
            } catch (Throwable e) {
                // No such signal here (TERM on some platforms): a shutdown hook at least cancels the run.
                if ("INT".equals(name)) {
                    Thread hook = new Thread(() -> onSignal.accept(name));
                    Runtime.getRuntime().addShutdownHook(hook);
                    installed.restore.add(() -> {
                        try {
                            Runtime.getRuntime().removeShutdownHook(hook);
                        } catch (IllegalStateException shuttingDown) {
                            // the hook is running or has run
                        }
                    });
                }
            }
        }
        return installed;
    }

    /** The exit code of a run stopped by {@code signal}: 128 + its number (SIGINT 2, SIGTERM 15). */
    static int exitCode(String signal) {
        return "TERM".equals(signal) ? 143 : 130;
    }
}
