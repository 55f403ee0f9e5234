package io.rlwb.app.gui;

import io.rlwb.app.files.RecoveryStore;
import io.rlwb.app.ui.theme.Theme;
import io.rlwb.app.ui.theme.Themes;
import io.rlwb.app.viewmodel.WorkbenchViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.application.Application;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * The workbench window. {@code ./workbench} with no arguments starts it through {@link #launchApp}; it opens a
 * copy of {@code samples/ppo-cartpole.json} (relative to the working directory) as an unsaved graph, or the
 * file given with {@code --graph PATH}. Unsaved work left by a session that ended abnormally is offered back.
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
        List<String> raw = getParameters().getRaw();
        Path graph = graphArgument(raw);
        vm = WorkbenchViewModel.createDefault();
        view = show(stage, vm);
        CompletableFuture<Void> opened;
        if (raw.isEmpty() && Files.exists(graph)) opened = vm.files().newFromSample(graph);
        else opened = vm.open(graph);
        vm.files().startAutosave();
        opened.whenComplete((v, ex) -> CompletableFuture.supplyAsync(vm.files()::leftOverRecoveries)
                .thenAccept(found -> vm.uiExecutor().execute(() -> offerRecovery(stage, vm, found))));
    }

    @Override
    public void stop() {
        if (view != null) view.dispose();
        if (vm != null) vm.shutdown();
    }

    /** Asks whether to restore each recovery copy found (newest first); restores at most one. */
    static void offerRecovery(Stage owner, WorkbenchViewModel vm, List<RecoveryStore.Recovery> found) {
        for (RecoveryStore.Recovery r : found) {
            ButtonType restore = new ButtonType("Restore", ButtonBar.ButtonData.YES);
            ButtonType discard = new ButtonType("Discard", ButtonBar.ButtonData.NO);
            ButtonType later = new ButtonType("Later", ButtonBar.ButtonData.CANCEL_CLOSE);
            Alert a = new Alert(Alert.AlertType.CONFIRMATION, "", restore, discard, later);
            a.initOwner(owner);
            a.setTitle("Unsaved work found");
            String name = r.name().isBlank() ? "an untitled graph" : "\u201c" + r.name() + "\u201d";
            a.setHeaderText("The workbench closed without saving " + name + ".");
            a.setContentText("A copy from " + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault())
                    .format(r.saved()) + (r.original() == null ? "" : " of " + r.original()) + " was kept. Restore it?");
            ButtonType answer = a.showAndWait().orElse(later);
            if (answer == restore) {
                vm.files().restore(r);
                return;
            }
            if (answer == discard) vm.files().discard(r);
        }
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

    /** Opens another window with a new empty graph (File › New window). */
    public static void openWindow() {
        WorkbenchViewModel other = WorkbenchViewModel.createDefault();
        show(new Stage(), other);
        other.files().newGraph();
        other.files().startAutosave();
    }

    /**
     * Puts a {@link MainView} of {@code vm} into {@code stage} with the theme, and shows it. Closing the window
     * asks about unsaved work first, then stops any run. The application and the window tests both come through
     * here.
     */
    public static MainView show(Stage stage, WorkbenchViewModel vm) {
        MainView view = new MainView(vm);
        // 1360x820, or less on a small screen.
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        double w = Math.min(1360, Math.max(900, screen.getWidth() - 40));
        double h = Math.min(820, Math.max(560, screen.getHeight() - 60));
        Scene scene = new Scene(view, w, h);
        Themes.apply(scene, Theme.LIGHT);
        stage.setScene(scene);
        stage.titleProperty().bind(vm.titleProperty());
        stage.setMinWidth(900);
        stage.setMinHeight(560);
        stage.setOnCloseRequest(e -> {
            e.consume();
            view.actions().confirmThen("close the window", () -> {
                vm.files().closedCleanly();
                stage.hide();
            });
        });
        stage.setOnHidden(e -> {
            view.dispose();
            vm.shutdown();
        });
        stage.show();
        view.canvas().requestFocus();
        return view;
    }
}
