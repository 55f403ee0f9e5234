package io.rlwb.app.runs;

import io.rlwb.app.viewmodel.runs.RunRow;
import io.rlwb.app.viewmodel.runs.RunsTable;
import io.rlwb.app.viewmodel.runs.RunsViewModel;
import java.io.File;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.DirectoryChooser;

/**
 * The run browser: a tool bar (folder, refresh, filter, open, compare, report) over a table of the runs folder.
 * Clicking a column header sorts through the view model (TableSaw sorts); double click or Enter opens the
 * selected runs' curves; Ctrl+F filters, F5 refreshes.
 */
public final class RunsView extends BorderPane {
    private final RunsViewModel vm;
    private final TableView<RunRow> table = new TableView<>();
    private final TextField filter = new TextField();

    public RunsView(RunsViewModel vm) {
        this.vm = vm;
        getStyleClass().add("runs-view");
        table.setId("runsTable");
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setItems(vm.rows());
        table.setPlaceholder(new Label("No runs here yet: run a graph (Ctrl+R), or choose the folder your runs are in."));
        table.getSelectionModel().getSelectedItems().addListener((ListChangeListener<RunRow>) c ->
                vm.selected().setAll(table.getSelectionModel().getSelectedItems()));
        table.setSortPolicy(tv -> {
            if (!tv.getSortOrder().isEmpty()) {
                TableColumn<RunRow, ?> col = tv.getSortOrder().get(0);
                vm.sort((String) col.getUserData(), col.getSortType() == TableColumn.SortType.ASCENDING);
            }
            return true;
        });
        table.setRowFactory(tv -> {
            javafx.scene.control.TableRow<RunRow> row = new javafx.scene.control.TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) vm.openSelected();
            });
            return row;
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                vm.openSelected();
                e.consume();
            }
        });
        vm.columns().addListener((ListChangeListener<String>) c -> buildColumns());
        buildColumns();
        setTop(toolBar());
        setCenter(table);
        Label status = new Label();
        status.setId("runsMessage");
        status.getStyleClass().add("panel-subtitle");
        status.textProperty().bind(vm.messageProperty());
        status.setMaxWidth(Double.MAX_VALUE);
        setBottom(status);
        sceneProperty().addListener((o, a, scene) -> {
            if (scene == null) return;
            scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), () -> {
                if (shown()) filter.requestFocus();
            });
        });
        setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.F5) {
                vm.refresh();
                e.consume();
            }
        });
    }

    /** Whether this view is on screen (a tab pane hides the content of other tabs, not this node itself). */
    private boolean shown() {
        for (javafx.scene.Node n = this; n != null; n = n.getParent()) {
            if (!n.isVisible()) return false;
        }
        return getScene() != null;
    }

    /** The table (tests select rows in it). */
    public TableView<RunRow> table() {
        return table;
    }

    private void buildColumns() {
        table.getColumns().clear();
        for (String name : vm.columns()) {
            TableColumn<RunRow, String> col = new TableColumn<>(name);
            col.setUserData(name);
            col.setCellValueFactory(c -> new SimpleStringProperty(c.getValue().text(name)));
            if (!(name.equals(RunsTable.RUN) || name.equals(RunsTable.GRAPH) || name.equals(RunsTable.STATUS)
                    || name.equals(RunsTable.STARTED) || name.equals(RunsTable.BACKEND))) {
                col.setStyle("-fx-alignment: CENTER-RIGHT;");
            }
            col.setPrefWidth(switch (name) {
                case RunsTable.RUN -> 230;
                case RunsTable.GRAPH -> 170;
                case RunsTable.STARTED -> 170;
                case RunsTable.SEED -> 60;
                case RunsTable.STATUS, RunsTable.BACKEND -> 90;
                default -> name.contains("/") ? 150 : 100;
            });
            table.getColumns().add(col);
        }
    }

    private ToolBar toolBar() {
        Label folder = new Label();
        folder.textProperty().bind(Bindings.createStringBinding(() -> "Folder: " + vm.folderProperty().get()
                .toAbsolutePath(), vm.folderProperty()));
        Button choose = new Button("Folder\u2026");
        choose.setTooltip(new Tooltip("Choose the folder that holds the run directories"));
        choose.setOnAction(e -> {
            DirectoryChooser ch = new DirectoryChooser();
            File start = vm.folderProperty().get().toAbsolutePath().toFile();
            if (start.isDirectory()) ch.setInitialDirectory(start);
            File f = ch.showDialog(getScene() == null ? null : getScene().getWindow());
            if (f != null) vm.folderProperty().set(f.toPath());
        });
        Button refresh = new Button("Refresh");
        refresh.setId("runsRefresh");
        refresh.setTooltip(new Tooltip("Read the folder again (F5)"));
        refresh.setOnAction(e -> vm.refresh());
        filter.setId("runsFilter");
        filter.setPromptText("Filter (graph, status, seed, backend\u2026)  Ctrl+F");
        filter.setPrefWidth(260);
        filter.textProperty().bindBidirectional(vm.filterProperty());
        Button open = new Button("Open curves");
        open.setId("runsOpen");
        open.setTooltip(new Tooltip("Show the selected runs' learning curves (Enter, double click); several are overlaid"));
        open.setOnAction(e -> vm.openSelected());
        open.disableProperty().bind(Bindings.isEmpty(vm.selected()));
        Button report = new Button("Report");
        report.setId("runsReport");
        report.setTooltip(new Tooltip("Write an HTML and PDF report of the selected runs (several: a comparison)"));
        report.setOnAction(e -> vm.reportSelected());
        report.disableProperty().bind(Bindings.isEmpty(vm.selected()).or(vm.busyProperty()));
        Button resume = new Button("Resume");
        resume.setId("runsResume");
        resume.setTooltip(new Tooltip("Continue the selected interrupted or cancelled run from its latest checkpoint "
                + "to the end of its budget (in the background)"));
        resume.setOnAction(e -> vm.resumeSelected());
        resume.disableProperty().bind(Bindings.createBooleanBinding(() -> !vm.canResumeSelected(), vm.selected(),
                vm.resumingProperty()));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        return new ToolBar(choose, refresh, filter, open, report, resume, grow, folder);
    }
}
