package io.rlwb.app.ui.graph;

import java.util.Locale;
import java.util.Map;
import javafx.scene.paint.Color;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignH;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;
import org.kordamp.ikonli.materialdesign2.MaterialDesignV;

/** Colours and icons of node categories and port types: the canvas's visual vocabulary. */
public final class GraphStyle {
    private GraphStyle() {}

    private record Look(Color color, Ikon icon) {}

    private static final Map<String, Look> CATEGORIES = Map.ofEntries(
            Map.entry("environment", new Look(Color.web("#0d9488"), MaterialDesignE.EARTH)),
            Map.entry("policy", new Look(Color.web("#2563eb"), MaterialDesignR.ROBOT)),
            Map.entry("critic", new Look(Color.web("#7c3aed"), MaterialDesignS.SCALE_BALANCE)),
            Map.entry("data", new Look(Color.web("#0891b2"), MaterialDesignD.DATABASE)),
            Map.entry("estimator", new Look(Color.web("#ca8a04"), MaterialDesignC.CALCULATOR)),
            Map.entry("reward", new Look(Color.web("#16a34a"), MaterialDesignS.STAR_FOUR_POINTS_OUTLINE)),
            Map.entry("loss", new Look(Color.web("#dc2626"), MaterialDesignF.FUNCTION_VARIANT)),
            Map.entry("optimiser", new Look(Color.web("#ea580c"), MaterialDesignT.TUNE)),
            Map.entry("optimizer", new Look(Color.web("#ea580c"), MaterialDesignT.TUNE)),
            Map.entry("trainer", new Look(Color.web("#db2777"), MaterialDesignS.SCHOOL)),
            Map.entry("monitor", new Look(Color.web("#4f46e5"), MaterialDesignC.CHART_LINE)),
            Map.entry("attention", new Look(Color.web("#9333ea"), MaterialDesignV.VECTOR_CURVE)),
            Map.entry("unknown", new Look(Color.web("#64748b"), MaterialDesignH.HELP_CIRCLE_OUTLINE)));

    private static final Map<String, Color> PORT_TYPES = Map.ofEntries(
            Map.entry("env", Color.web("#0d9488")),
            Map.entry("vec-env", Color.web("#14b8a6")),
            Map.entry("policy", Color.web("#2563eb")),
            Map.entry("critic", Color.web("#7c3aed")),
            Map.entry("loss", Color.web("#dc2626")),
            Map.entry("optimizer", Color.web("#ea580c")),
            Map.entry("trajectories", Color.web("#0891b2")),
            Map.entry("advantages", Color.web("#ca8a04")),
            Map.entry("?", Color.web("#94a3b8")));

    /** The colour of a node category (header stripe, icon). */
    public static Color categoryColor(String category) {
        Look l = CATEGORIES.get(key(category));
        return l != null ? l.color : hashed(category, 0.55, 0.70);
    }

    /** The icon of a node category. */
    public static Ikon categoryIcon(String category) {
        Look l = CATEGORIES.get(key(category));
        return l != null ? l.icon : MaterialDesignA.APPS;
    }

    /** The colour of a port type id, stable for ids this table does not know. */
    public static Color portColor(String typeId) {
        Color c = PORT_TYPES.get(typeId == null ? "?" : typeId);
        return c != null ? c : hashed(typeId, 0.65, 0.72);
    }

    /** CSS hex of a colour: {@code #2563eb}. */
    public static String hex(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255),
                Math.round(c.getBlue() * 255));
    }

    private static String key(String category) {
        return category == null ? "unknown" : category.toLowerCase(Locale.ROOT).trim();
    }

    private static Color hashed(String text, double saturation, double brightness) {
        int h = text == null ? 0 : text.hashCode();
        return Color.hsb(Math.floorMod(h * 2654435761L, 360L), saturation, brightness);
    }
}
