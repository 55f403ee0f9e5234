package io.rlwb.app.gui;

import io.rlwb.engine.registry.NodeRegistry;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.stage.Window;

/**
 * Help &gt; Plugins: every plugin the registry saw, with its version, source, node types, and the reason a refused
 * one was not loaded (a jar for another SPI, a class that is no provider, a duplicate node type id). The registry is
 * loaded already (off the UI thread); this only shows it.
 */
final class PluginsDialog {
    private PluginsDialog() {}

    static void show(Window owner, NodeRegistry registry) {
        List<PluginRows> rows = PluginRows.of(registry);
        TableView<PluginRows> table = new TableView<>();
        table.setId("pluginsTable");
        table.getColumns().add(column("Plugin", 150, PluginRows::name));
        table.getColumns().add(column("Version", 80, PluginRows::version));
        table.getColumns().add(column("Node types", 320, r -> String.join(", ", r.nodeTypes())));
        table.getColumns().add(column("Status", 320, PluginRows::status));
        table.getColumns().add(column("Source", 260, PluginRows::source));
        table.getItems().setAll(rows);
        table.setPrefSize(1150, 360);
        long refused = rows.stream().filter(PluginRows::refused).count();
        Label summary = new Label(rows.size() - refused + " loaded, " + refused + " refused. Plugin jars go in "
                + NodeRegistry.defaultPluginDir() + " (or --plugins DIR on the command line); see docs/plugins.md.");
        summary.setWrapText(true);
        BorderPane content = new BorderPane(table);
        content.setTop(summary);
        Dialog<Void> d = new Dialog<>();
        d.setTitle("Plugins");
        if (owner != null) d.initOwner(owner);
        d.getDialogPane().setContent(content);
        d.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        d.setResizable(true);
        d.show();
    }

    private static TableColumn<PluginRows, String> column(String title, double width,
                                                          java.util.function.Function<PluginRows, String> value) {
        TableColumn<PluginRows, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(value.apply(cd.getValue())));
        return c;
    }
}
