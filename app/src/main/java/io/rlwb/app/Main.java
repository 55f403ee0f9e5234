package io.rlwb.app;

import io.rlwb.app.cli.WorkbenchCommand;
import io.rlwb.app.files.AppSettings;
import io.rlwb.engine.runtime.backend.BackendChoice;
import io.rlwb.engine.runtime.backend.Nd4jPlatform;
import java.util.List;

/**
 * Entry point of {@code ./workbench}: no arguments (or only {@code --graph FILE}, either with {@code --backend X})
 * opens the application on the backend chosen first ({@link BackendAtStart}), anything else is the command line.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        BackendAtStart.Split window = BackendAtStart.split(args);
        List<String> rest = window.rest();
        if (rest.isEmpty() || (rest.size() == 2 && "--graph".equals(rest.get(0)))) {
            BackendChoice choice = window.choice() != null ? window.choice() : AppSettings.standard().backend();
            BackendAtStart.choose(choice, new Nd4jPlatform());
            NativeLibraries.loadBeforeUi();
            io.rlwb.app.gui.WorkbenchApp.launchApp(rest.toArray(new String[0]));
            return;
        }
        System.exit(WorkbenchCommand.execute(args));
    }
}
