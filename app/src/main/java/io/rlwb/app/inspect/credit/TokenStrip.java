package io.rlwb.app.inspect.credit;

import io.rlwb.app.ui.plot.PlotColors;
import io.rlwb.app.ui.theme.Theme;
import io.rlwb.app.ui.theme.Themes;
import io.rlwb.app.viewmodel.inspect.CreditViewModel;
import io.rlwb.engine.telemetry.CreditSnapshot;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.CornerRadii;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.paint.CycleMethod;
import javafx.scene.paint.LinearGradient;
import javafx.scene.paint.Stop;
import javafx.scene.shape.Rectangle;

/**
 * The completions of a token group, each a line of its tokens on backgrounds coloured by advantage (a
 * diverging scale shared by the group, legend on top); hovering a token shows its advantage and importance
 * ratio. Rebuilt when the model's version or the theme changes.
 */
public final class TokenStrip extends VBox {
    private final CreditViewModel vm;
    private final VBox lines = new VBox(6);
    private final HBox legend = new HBox(8);
    private DivergingScale scale;

    public TokenStrip(CreditViewModel vm) {
        this.vm = vm;
        setSpacing(8);
        setPadding(new Insets(8));
        getStyleClass().add("token-strip");
        legend.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(legend, lines);
        vm.versionProperty().addListener((o, a, b) -> rebuild());
        sceneProperty().addListener((o, a, s) -> {
            if (s != null) {
                Themes.themeProperty(s).addListener((p, x, y) -> rebuild());
                rebuild();
            }
        });
        rebuild();
    }

    /** The colour scale of the last rebuild (tests check the token colours against it). */
    public DivergingScale scale() {
        return scale;
    }

    private void rebuild() {
        Theme theme = getScene() == null ? Theme.LIGHT : Themes.of(getScene());
        PlotColors c = PlotColors.of(theme);
        scale = DivergingScale.fitting(vm.tokenAdvantages(), c.background());
        lines.getChildren().clear();
        for (int comp : vm.completions()) {
            FlowPane flow = new FlowPane(2, 4);
            Label head = new Label("completion " + comp);
            head.setMinWidth(100);
            head.setStyle("-fx-text-fill: " + web(c.muted()) + ";");
            flow.getChildren().add(head);
            List<CreditSnapshot.Token> toks = vm.tokens(comp);
            for (CreditSnapshot.Token t : toks) flow.getChildren().add(token(t, c));
            lines.getChildren().add(flow);
        }
        double m = scale.maxAbs();
        Rectangle bar = new Rectangle(160, 12, new LinearGradient(0, 0, 1, 0, true, CycleMethod.NO_CYCLE,
                new Stop(0, scale.colour(-m)), new Stop(0.5, scale.colour(0)), new Stop(1, scale.colour(m))));
        bar.setStroke(c.axis());
        Label lo = new Label(String.format(Locale.ROOT, "%.2f", -m));
        Label hi = new Label(String.format(Locale.ROOT, "+%.2f", m));
        Label what = new Label("advantage per token (red: below the group's baseline, blue: above; hover for ratio)");
        for (Label l : List.of(lo, hi, what)) l.setStyle("-fx-text-fill: " + web(c.text()) + ";");
        legend.getChildren().setAll(lo, bar, hi, what);
    }

    private static String web(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", (int) Math.round(c.getRed() * 255),
                (int) Math.round(c.getGreen() * 255), (int) Math.round(c.getBlue() * 255));
    }

    private Label token(CreditSnapshot.Token t, PlotColors c) {
        Label l = new Label(t.text().replace("\n", "\u21b5"));
        l.setPadding(new Insets(2, 4, 2, 4));
        l.setBackground(new Background(new BackgroundFill(scale.colour(t.advantage()), new CornerRadii(3), Insets.EMPTY)));
        // Inline, because the theme's label colour would win over a text fill set in code.
        Color text = scale.textOn(t.advantage(), Color.web("#0f172a"), Color.WHITE);
        l.setStyle("-fx-font-family: 'Monospaced'; -fx-text-fill: " + web(text) + ";");
        l.setTooltip(new Tooltip(String.format(Locale.ROOT, "token %d '%s'\nadvantage %.4f\nratio %.4f", t.index(),
                t.text(), t.advantage(), t.ratio())));
        l.getStyleClass().add("credit-token");
        return l;
    }
}
