package io.rlwb.app;

import io.rlwb.app.files.AppSettings;
import io.rlwb.engine.runtime.backend.BackendChoice;
import io.rlwb.engine.runtime.backend.BackendPlatform;
import io.rlwb.engine.runtime.backend.BackendSelection;
import io.rlwb.engine.runtime.backend.BackendSelector;
import io.rlwb.engine.runtime.backend.BackendUnavailableException;
import java.util.ArrayList;
import java.util.List;

/**
 * The application's compute backend, chosen before ND4J and JavaFX start (ADR 0009, 0016): {@code --backend X}
 * given with the window's arguments wins, else the setting ({@link AppSettings}). The window never refuses to open:
 * a CUDA choice that cannot work runs on the CPU and the status bar says why.
 */
public final class BackendAtStart {
    private BackendAtStart() {}

    /** The window's arguments with {@code --backend X} / {@code --backend=X} taken out, and the choice they made. */
    public record Split(List<String> rest, BackendChoice choice) {}

    /** Takes {@code --backend} out of {@code args}; {@code choice} is {@code null} when absent or not a choice. */
    public static Split split(String[] args) {
        List<String> rest = new ArrayList<>();
        BackendChoice choice = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            if (a.equals("--backend") && i + 1 < args.length) value = args[++i];
            else if (a.startsWith("--backend=")) value = a.substring("--backend=".length());
            else {
                rest.add(a);
                continue;
            }
            try {
                choice = BackendChoice.parse(value);
            } catch (IllegalArgumentException e) {
                return new Split(List.of(args), null); // left for the command line to refuse with its usage
            }
        }
        return new Split(rest, choice);
    }

    /**
     * {@code CUDA unavailable: no usable NVIDIA driver (...)}: the refusal without its advice, short enough for the
     * status bar (docs/gpu.md has the advice; {@code ./workbench --backend cuda backend} prints it).
     */
    static String statusReason(String refusal) {
        String what = refusal.replaceFirst("^--backend \\w+: ", "");
        int advice = what.indexOf("; ");
        return "CUDA unavailable: " + (advice > 0 ? what.substring(0, advice) : what);
    }

    /** Chooses and activates the backend for the window; the CPU, with the refusal as reason, when CUDA cannot work. */
    public static BackendSelection choose(BackendChoice choice, BackendPlatform platform) {
        try {
            return platform.activate(BackendSelector.select(choice, platform));
        } catch (BackendUnavailableException e) {
            try {
                BackendSelection cpu = BackendSelector.select(BackendChoice.CPU, platform); // refuses a build without it
                return platform.activate(new BackendSelection(choice, cpu.kind(), statusReason(e.getMessage()), null,
                        false));
            } catch (BackendUnavailableException again) {
                return null; // no backend at all: the status bar reports ND4J's own failure
            }
        }
    }
}
