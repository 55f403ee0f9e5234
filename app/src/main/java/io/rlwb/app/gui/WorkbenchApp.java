package io.rlwb.app.gui;

import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * The workbench window. {@code ./workbench} with no arguments starts it through {@link #launchApp}; it opens
 * {@code samples/ppo-cartpole.json} (relative to the working directory) or the file given with
 * {@code --graph PATH}.
 */
public class WorkbenchApp extends Application {
    /** The graph opened when none is given. */
    public static final Path DEFAULT_GRAPH = Path.of("samples", "ppo-cartpole.json");
    /** The stylesheet of the light theme. */
    public static final String STYLESHEET = "/io/rlwb/app/gui/workbench.css";

    private WorkbenchViewModel vm;
    private MainView view;

    /** Starts the JavaFX application and returns when its last window has closed. */
    public static void launchApp(String[] args) {
        Application.launch(WorkbenchApp.class, args == null ? new String[0] : args);
    }

    @Override
    public void start(Stage stage) {
        Path graph = graphArgument(getParameters().getRaw());
        vm = WorkbenchViewModel.createDefault();
        view = show(stage, vm);
        vm.open(graph);
    }

    @Override
    public void stop() {
        if (view != null) view.dispose();
        if (vm != null) vm.shutdown();
    }

    /**
     * The graph to open: the value of {@code --graph PATH} (or {@code --graph=PATH}), else
     * {@link #DEFAULT_GRAPH}.
     */
    public static Path graphArgument(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--graph") && i + 1 < args.size()) return Path.of(args.get(i + 1));
            if (a.startsWith("--graph=")) return Path.of(a.substring("--graph=".length()));
        }
        return DEFAULT_GRAPH;
    }

    /**
     * Puts a {@link MainView} of {@code vm} into {@code stage} with the theme, and shows it. Closing the window
     * stops any run. The application and the window tests both come through here.
     */
    public static MainView show(Stage stage, WorkbenchViewModel vm) {
        MainView view = new MainView(vm);
        // 1360x820, or less on a small screen.
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        double w = Math.min(1360, Math.max(900, screen.getWidth() - 40));
        double h = Math.min(820, Math.max(560, screen.getHeight() - 60));
        Scene scene = new Scene(view, w, h);
        scene.getStylesheets().add(WorkbenchApp.class.getResource(STYLESHEET).toExternalForm());
        stage.setScene(scene);
        stage.titleProperty().bind(vm.titleProperty());
        stage.setMinWidth(900);
        stage.setMinHeight(560);
        stage.setOnHidden(e -> {
            view.dispose();
            vm.shutdown();
        });
        stage.show();
        return view;
    }
}
