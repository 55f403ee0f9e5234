package io.rlwb.app;

import io.rlwb.app.cli.WorkbenchCommand;

/**
 * Entry point of {@code ./workbench}: no arguments (or only {@code --graph FILE}) opens the application,
 * anything else is the command line.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length == 0 || (args.length == 2 && "--graph".equals(args[0]))) {
            NativeLibraries.loadBeforeUi();
            io.rlwb.app.gui.WorkbenchApp.launchApp(args);
            return;
        }
        System.exit(WorkbenchCommand.execute(args));
    }
}
