package io.rlwb.app.inspect.credit;

import io.rlwb.app.inspect.InspectPane;
import io.rlwb.app.viewmodel.inspect.CreditViewModel;
import io.rlwb.engine.telemetry.CreditSnapshot;
import java.util.Locale;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The credit-assignment inspector: pick an episode and step through its reward, value, TD error, advantage and
 * return (chart, table and a cursor moved with Left and Right, or a click); for language policies, the tokens of
 * a group's completions coloured by advantage and the group's prefix tree. Binds to a {@link CreditViewModel}.
 */
public final class CreditView extends InspectPane {
    private final CreditViewModel vm;
    private final CreditChart chart;
    private final TableView<CreditSnapshot.Step> table = new TableView<>();
    private final TokenStrip tokens;
    private final PrefixTreeChart tree;
    private final ToggleButton tokensButton = new ToggleButton("Tokens (language policies)");
    private final Label cursorText = new Label();

    public CreditView(CreditViewModel vm) {
        this(vm, new StackPane());
    }

    private CreditView(CreditViewModel vm, StackPane modes) {
        super(vm, modes);
        this.vm = vm;
        chart = new CreditChart(vm);
        chart.setId("creditChart");
        tokens = new TokenStrip(vm);
        tokens.setId("tokenStrip");
        tree = new PrefixTreeChart(vm);
        tree.setId("prefixTree");
        table.setId("creditTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<CreditSnapshot.Step, String> t = new TableColumn<>("t");
        t.setCellValueFactory(d -> new ReadOnlyStringWrapper(Integer.toString(d.getValue().t())));
        table.getColumns().add(t);
        for (String q : CreditViewModel.QUANTITIES) {
            TableColumn<CreditSnapshot.Step, String> col = new TableColumn<>(q);
            col.setCellValueFactory(d -> new ReadOnlyStringWrapper(
                    String.format(Locale.ROOT, "%.4f", CreditViewModel.value(d.getValue(), q))));
            table.getColumns().add(col);
        }
        cursorText.setId("cursorText");
        cursorText.getStyleClass().add("cursor-text");
        cursorText.setPadding(new Insets(2, 8, 2, 8));
        VBox top = new VBox(4, chart, cursorText);
        VBox.setVgrow(chart, javafx.scene.layout.Priority.ALWAYS);
        SplitPane steps = new SplitPane(top, table);
        steps.setOrientation(Orientation.VERTICAL);
        steps.setDividerPositions(0.62);
        steps.setPadding(new Insets(8));
        ScrollPane tokenScroll = new ScrollPane(tokens);
        tokenScroll.setFitToWidth(true);
        SplitPane lang = new SplitPane(tokenScroll, tree);
        lang.setOrientation(Orientation.VERTICAL);
        lang.setDividerPositions(0.42);
        lang.setPadding(new Insets(8));
        modes.getChildren().addAll(steps, lang);
        lang.visibleProperty().bind(tokensButton.selectedProperty());
        steps.visibleProperty().bind(tokensButton.selectedProperty().not());

        ComboBox<String> episode = choice(vm.episodes(), vm.episodeProperty());
        episode.setId("episodeChoice");
        ComboBox<String> group = choice(vm.groups(), vm.groupProperty());
        group.setId("groupChoice");
        ToggleButton stepsButton = new ToggleButton("Episode steps");
        ToggleGroup g = new ToggleGroup();
        stepsButton.setToggleGroup(g);
        tokensButton.setToggleGroup(g);
        tokensButton.setId("tokensToggle");
        stepsButton.setSelected(true);
        controls(caption("Episode"), episode, stepsButton, tokensButton, caption("Group"), group);

        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (tokensButton.isSelected()) return;
            if (e.getCode() == KeyCode.LEFT || e.getCode() == KeyCode.RIGHT) {
                vm.moveCursor(e.getCode() == KeyCode.LEFT ? -1 : 1);
                e.consume();
            }
        });
        table.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (b.intValue() >= 0) vm.cursorProperty().set(b.intValue());
        });
        vm.versionProperty().addListener((o, a, b) -> sync());
        sync();
    }

    private ComboBox<String> choice(javafx.collections.ObservableList<String> items,
                                    javafx.beans.property.IntegerProperty p) {
        ComboBox<String> box = new ComboBox<>(items);
        box.setPromptText("latest");
        box.setPrefWidth(260);
        box.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (b.intValue() >= 0) p.set(b.intValue() == items.size() - 1 ? -1 : b.intValue());
        });
        return box;
    }

    private void sync() {
        if (table.getItems() != vm.steps() && !table.getItems().equals(vm.steps())) table.getItems().setAll(vm.steps());
        int c = vm.cursorProperty().get();
        if (!vm.steps().isEmpty() && table.getSelectionModel().getSelectedIndex() != c) {
            table.getSelectionModel().select(c);
            table.scrollTo(Math.max(0, c - 3));
        }
        cursorText.setText(vm.cursorText());
    }

    /** Shows the token view instead of the steps, or back. */
    public void showTokens(boolean on) { tokensButton.setSelected(on); }

    /** The steps chart. */
    public CreditChart chart() { return chart; }

    /** The steps table. */
    public TableView<CreditSnapshot.Step> table() { return table; }

    /** The tokens coloured by advantage. */
    public TokenStrip tokens() { return tokens; }

    /** The prefix tree. */
    public PrefixTreeChart tree() { return tree; }

    /** The cursor line. */
    public Label cursorText() { return cursorText; }

    /** The view model. */
    public CreditViewModel viewModel() { return vm; }
}
