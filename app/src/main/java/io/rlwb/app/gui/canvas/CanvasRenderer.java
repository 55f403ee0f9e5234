package io.rlwb.app.gui.canvas;

import io.rlwb.app.editor.Groups;
import io.rlwb.app.ui.graph.GraphLayout;
import io.rlwb.app.ui.graph.NodeView;
import io.rlwb.app.ui.graph.PortView;
import io.rlwb.app.viewmodel.RunMark;
import io.rlwb.engine.spi.PortKind;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

/**
 * Draws one frame of the graph onto a canvas: grid, group boxes, wires, node cards and the interaction overlay.
 * Only what meets the visible area is drawn, and detail drops with the zoom (below 55% no port labels or
 * parameter line, below 30% plain boxes), so the cost of a frame follows what is on screen rather than the
 * size of the graph. Nothing is allocated per node or wire.
 */
public final class CanvasRenderer {
    private static final String FAMILY = "DejaVu Sans";
    private static final double W = GraphLayout.NODE_WIDTH;
    private static final double[] DASH_COMPONENT = {7, 4};
    private static final double[] DASH_INVALID = {6, 5};
    private static final double[] DASH_UNKNOWN = {5, 4};
    private static final double[] DASH_RUNNING = {10, 6};
    private static final double[] DASH_BAND = {5, 4};

    private final TextFit text = new TextFit();
    private final Glyphs glyphs = new Glyphs(16);
    private final Font titleFont = Font.font(FAMILY, FontWeight.BOLD, 12.5);
    private final Font bigTitleFont = Font.font(FAMILY, FontWeight.BOLD, 22);
    private final Font typeFont = Font.font(FAMILY, 10.5);
    private final Font midTypeFont = Font.font(FAMILY, 14);
    private final Font portFont = Font.font(FAMILY, 11);
    private final Font groupFont = Font.font(FAMILY, FontWeight.BOLD, 13);
    private final Font chipFont = Font.font(FAMILY, FontWeight.BOLD, 9.5);
    private final double[] c = new double[8];
    private CanvasPalette pal = CanvasPalette.LIGHT;
    private Color okDot;
    private Color selectionHalo;
    private Color bandFill;

    public CanvasRenderer() {
        setPalette(CanvasPalette.LIGHT);
    }
    private int drawnNodes;
    private int drawnWires;

    /** Uses {@code p} from the next frame on. */
    public void setPalette(CanvasPalette p) {
        pal = p;
        okDot = p.ok().deriveColor(0, 1, 1, 0.8);
        selectionHalo = p.selection().deriveColor(0, 1, 1, 0.22);
        bandFill = p.selection().deriveColor(0, 1, 1, 0.08);
    }

    public CanvasPalette palette() {
        return pal;
    }

    /** Node cards drawn in the last frame (those that met the view). */
    public int drawnNodes() { return drawnNodes; }

    /** Wires drawn in the last frame. */
    public int drawnWires() { return drawnWires; }

    /** Draws a frame of {@code m} in a {@code w} x {@code h} canvas. */
    public void draw(GraphicsContext g, double w, double h, Viewport vp, CanvasModel m, Overlay o) {
        g.setGlobalAlpha(1);
        g.setLineDashes((double[]) null);
        g.setFill(pal.background());
        g.fillRect(0, 0, w, h);
        grid(g, w, h, vp);
        double s = vp.scale();
        g.save();
        g.transform(s, 0, 0, s, vp.tx(), vp.ty());
        double x0 = vp.toGraphX(0);
        double y0 = vp.toGraphY(0);
        double x1 = vp.toGraphX(w);
        double y1 = vp.toGraphY(h);
        if (m.tintPalette != pal) {
            m.tint = new Color[m.nodes.length];
            for (int i = 0; i < m.tint.length; i++) m.tint[i] = pal.cardBody().interpolate(m.accent[i], 0.10);
            m.tintPalette = pal;
        }
        for (Groups.GroupBox gb : m.groups) group(g, gb, m.selectedGroup == gb.index(), s, x0, y0, x1, y1);
        g.setLineCap(StrokeLineCap.ROUND);
        drawnWires = 0;
        for (int k = 0; k < m.wires.length; k++) {
            if (!HitTest.curve(m, k, o.dragDx, o.dragDy, true, c)) continue;
            double bow = Math.abs(c[2] - c[0]);
            if (Math.max(c[0], c[6]) + bow < x0 || Math.min(c[0], c[6]) - bow > x1
                    || Math.max(c[1], c[7]) < y0 || Math.min(c[1], c[7]) > y1) continue;
            wire(g, m, k, s, k == o.hoverWire);
            drawnWires++;
        }
        if (o.wire) {
            HitTest.bezier(o.wx0, o.wy0, o.wx1, o.wy1, c);
            g.setLineDashes((double[]) null);
            g.setStroke(o.targetNode >= 0 && !o.targetOk ? pal.error() : o.wireColor);
            g.setLineWidth(Math.max(2.5, 1.5 / s));
            curvePath(g);
            g.stroke();
        }
        int detail = s >= 0.55 ? 2 : s >= 0.3 ? 1 : 0;
        drawnNodes = 0;
        for (int i = 0; i < m.nodes.length; i++) {
            NodeView n = m.nodes[i];
            double nx = n.x() + (m.dragged[i] ? o.dragDx : 0);
            double ny = n.y() + (m.dragged[i] ? o.dragDy : 0);
            double nh = n.height();
            if (nx > x1 || nx + W < x0 || ny > y1 || ny + nh < y0) continue;
            drawnNodes++;
            card(g, m, i, nx, ny, nh, s, detail, o);
        }
        if (o.band) {
            double bx = Math.min(o.bx0, o.bx1);
            double by = Math.min(o.by0, o.by1);
            g.setFill(bandFill);
            g.fillRect(bx, by, Math.abs(o.bx1 - o.bx0), Math.abs(o.by1 - o.by0));
            g.setStroke(pal.selection());
            g.setLineWidth(1 / s);
            g.setLineDashes(DASH_BAND);
            g.strokeRect(bx, by, Math.abs(o.bx1 - o.bx0), Math.abs(o.by1 - o.by0));
            g.setLineDashes((double[]) null);
        }
        g.restore();
    }

    private void grid(GraphicsContext g, double w, double h, Viewport vp) {
        double step = 24 * vp.scale();
        while (step < 28) step *= 2;
        double ox = ((vp.tx() % step) + step) % step;
        double oy = ((vp.ty() % step) + step) % step;
        g.setFill(pal.gridDot());
        for (double x = ox; x < w; x += step) {
            for (double y = oy; y < h; y += step) g.fillRect(x - 1, y - 1, 2, 2);
        }
    }

    private void group(GraphicsContext g, Groups.GroupBox gb, boolean selected, double s, double x0, double y0,
                       double x1, double y1) {
        if (gb.x() > x1 || gb.x() + gb.w() < x0 || gb.y() > y1 || gb.y() + gb.h() < y0) return;
        g.setFill(pal.groupFill());
        g.fillRoundRect(gb.x(), gb.y(), gb.w(), gb.h(), 18, 18);
        g.setStroke(selected ? pal.selection() : pal.groupBorder());
        g.setLineWidth((selected ? 2.5 : 1.4) / Math.min(1, s));
        g.strokeRoundRect(gb.x(), gb.y(), gb.w(), gb.h(), 18, 18);
        if (s < 0.2) return;
        Font f = s < 0.45 ? bigTitleFont : groupFont;
        g.setFont(f);
        g.setFill(pal.groupTitle());
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(text.fit(gb.title(), f, gb.w() - 24), gb.x() + 12, gb.y() + Groups.TITLE / 2 + 2);
    }

    private void wire(GraphicsContext g, CanvasModel m, int k, double s, boolean hover) {
        boolean selected = k == m.selectedWire;
        boolean invalid = m.wireInvalid[k];
        double base = Math.max(2.2, 1.2 / s);
        if (selected || hover) {
            g.setLineDashes((double[]) null);
            g.setStroke(pal.selection().deriveColor(0, 1, 1, selected ? 0.28 : 0.14));
            g.setLineWidth(base + 6);
            curvePath(g);
            g.stroke();
        }
        if (invalid) {
            g.setStroke(pal.error());
            g.setLineDashes(DASH_INVALID);
            g.setLineWidth(base + 0.4);
        } else {
            g.setStroke(selected ? pal.selection() : m.wireColor[k]);
            g.setLineDashes(m.wires[k].kind() == PortKind.COMPONENT ? DASH_COMPONENT : null);
            g.setLineWidth(selected ? base + 1 : m.wires[k].kind() == PortKind.COMPONENT ? base - 0.4 : base);
        }
        curvePath(g);
        g.stroke();
        g.setLineDashes((double[]) null);
    }

    private void curvePath(GraphicsContext g) {
        g.beginPath();
        g.moveTo(c[0], c[1]);
        g.bezierCurveTo(c[2], c[3], c[4], c[5], c[6], c[7]);
    }

    private void card(GraphicsContext g, CanvasModel m, int i, double x, double y, double h, double s, int detail,
                      Overlay o) {
        NodeView n = m.nodes[i];
        Color accent = m.accent[i];
        RunMark mark = m.marks[i];
        if (m.selected[i]) {
            g.setFill(selectionHalo);
            double p = Math.max(5, 3 / s);
            g.fillRoundRect(x - p, y - p, W + 2 * p, h + 2 * p, 18 + p, 18 + p);
        } else if (detail == 2) {
            g.setFill(pal.shadow());
            g.fillRoundRect(x - 1, y + 2, W + 2, h + 2, 20, 20);
        }
        g.setFill(n.known() ? pal.cardBody() : pal.unknownBody());
        g.fillRoundRect(x, y, W, h, 18, 18);
        g.setFill(accent);
        g.fillRoundRect(x, y, W, 12, 18, 18);
        if (detail == 0) {
            g.setFill(m.tint[i]);
            g.fillRect(x + 1, y + 5, W - 2, GraphLayout.HEADER - 9);
        } else {
            g.setFill(m.tint[i]);
            g.fillRect(x + 1, y + 4, W - 2, GraphLayout.HEADER - 8);
            g.setFill(pal.cardRule());
            g.fillRect(x + 1, y + GraphLayout.HEADER - 4, W - 2, 1);
        }
        border(g, n, mark, x, y, h, s, o.phase);
        if (detail == 0) return;
        g.setTextBaseline(VPos.BASELINE);
        g.setTextAlign(TextAlignment.LEFT);
        if (detail == 1) {
            g.setFont(bigTitleFont);
            g.setFill(n.known() ? pal.title() : pal.muted());
            g.fillText(text.fit(n.id(), bigTitleFont, W - 44), x + 10, y + 30);
            g.setFont(midTypeFont);
            g.setFill(pal.muted());
            g.fillText(text.fit(n.displayName(), midTypeFont, W - 20), x + 10, y + 45);
            chip(g, n, mark, x + W - 18, y + 22);
        } else {
            g.setFill(accent);
            g.fillRoundRect(x + 10, y + 12, 28, 28, 14, 14);
            Glyphs.Glyph gl = glyphs.of(n.known() ? n.category() : "unknown");
            g.setFont(gl.font());
            g.setFill(Color.WHITE);
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            g.fillText(gl.text(), x + 24, y + 26);
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.BASELINE);
            g.setFont(titleFont);
            g.setFill(n.known() ? pal.title() : pal.muted());
            g.fillText(text.fit(n.id(), titleFont, W - 70), x + 46, y + 24);
            g.setFont(typeFont);
            g.setFill(pal.muted());
            g.fillText(text.fit(n.displayName(), typeFont, W - 62), x + 46, y + 40);
            chip(g, n, mark, x + W - 16, y + 20);
        }
        for (int k = 0; k < n.inputs().size(); k++) port(g, m, i, k, true, x, y + GraphLayout.portY(k), detail, o);
        for (int k = 0; k < n.outputs().size(); k++) port(g, m, i, k, false, x + W, y + GraphLayout.portY(k), detail, o);
        if (detail == 2 && !n.summary().isEmpty()) {
            g.setFont(typeFont);
            g.setFill(pal.muted());
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(text.fit(n.summary(), typeFont, W - 24), x + 12, y + h - GraphLayout.FOOTER - 6);
        }
    }

    private void border(GraphicsContext g, NodeView n, RunMark mark, double x, double y, double h, double s, double phase) {
        Color col;
        double width;
        double[] dash = null;
        if (mark == RunMark.FAILED) { col = pal.error(); width = 2.6; }
        else if (n.status() == NodeView.Status.ERROR) { col = pal.error(); width = 1.8; }
        else if (mark == RunMark.RUNNING) { col = pal.running(); width = 2.6; dash = DASH_RUNNING; }
        else if (mark == RunMark.DONE) { col = pal.done(); width = 2.2; }
        else if (n.status() == NodeView.Status.WARNING) { col = pal.warning(); width = 1.6; }
        else if (mark == RunMark.WAITING) { col = pal.running(); width = 1.4; }
        else { col = pal.cardBorder(); width = 1; }
        if (!n.known()) dash = DASH_UNKNOWN;
        g.setStroke(col);
        g.setLineWidth(width / Math.min(1, Math.max(s, 0.35)));
        g.setLineDashes(dash);
        if (dash == DASH_RUNNING) g.setLineDashOffset(-phase);
        g.strokeRoundRect(x, y, W, h, 18, 18);
        g.setLineDashes((double[]) null);
        g.setLineDashOffset(0);
    }

    private void chip(GraphicsContext g, NodeView n, RunMark mark, double cx, double cy) {
        String sym;
        Color col;
        if (mark == RunMark.FAILED) { col = pal.error(); sym = "\u2715"; }
        else if (n.status() == NodeView.Status.ERROR) { col = pal.error(); sym = "!"; }
        else if (mark == RunMark.RUNNING) { col = pal.running(); sym = "\u25b6"; }
        else if (mark == RunMark.DONE) { col = pal.done(); sym = "\u2713"; }
        else if (n.status() == NodeView.Status.WARNING) { col = pal.warning(); sym = "!"; }
        else if (mark == RunMark.WAITING) {
            g.setStroke(pal.running());
            g.setLineWidth(2);
            g.strokeOval(cx - 6, cy - 6, 12, 12);
            return;
        } else {
            g.setFill(okDot);
            g.fillOval(cx - 3.5, cy - 3.5, 7, 7);
            return;
        }
        g.setFill(col);
        g.fillOval(cx - 8, cy - 8, 16, 16);
        g.setFill(Color.WHITE);
        g.setFont(chipFont);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(sym, cx, cy + 0.5);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.BASELINE);
    }

    private void port(GraphicsContext g, CanvasModel m, int i, int k, boolean input, double px, double py, int detail,
                      Overlay o) {
        NodeView n = m.nodes[i];
        PortView p = input ? n.inputs().get(k) : n.outputs().get(k);
        Color col = input ? m.inColor[i][k] : m.outColor[i][k];
        boolean wired = input ? m.inWired[i][k] : m.outWired[i][k];
        boolean error = input ? m.inError[i][k] : m.outError[i][k];
        boolean dim = false;
        if (o.wire) {
            boolean source = i == o.wireNode && k == o.wirePort && input != o.wireFromOutput;
            boolean[][] compat = input ? o.compatIn : o.compatOut;
            boolean ok = compat != null && compat[i] != null && k < compat[i].length && compat[i][k];
            boolean target = i == o.targetNode && k == o.targetPort && input == o.targetInput;
            if (ok) {
                g.setFill(pal.ok().deriveColor(0, 1, 1, target ? 0.45 : 0.22));
                g.fillOval(px - 11, py - 11, 22, 22);
                g.setStroke(pal.ok());
                g.setLineWidth(target ? 2.4 : 1.4);
                g.strokeOval(px - 11, py - 11, 22, 22);
            } else if (target) {
                g.setStroke(pal.error());
                g.setLineWidth(2.4);
                g.strokeOval(px - 11, py - 11, 22, 22);
            } else if (!source) {
                dim = true;
            }
        }
        if (dim) g.setGlobalAlpha(0.3);
        if (error) {
            g.setStroke(pal.error());
            g.setLineWidth(1.6);
            g.strokeOval(px - 9, py - 9, 18, 18);
        }
        g.setFill(wired ? col : pal.cardBody());
        g.setStroke(!p.declared() ? pal.error() : wired ? pal.cardBody() : col);
        g.setLineWidth(wired ? 1.5 : 2);
        if (p.kind() == PortKind.COMPONENT) {
            g.beginPath();
            g.moveTo(px, py - 6.5);
            g.lineTo(px + 6.5, py);
            g.lineTo(px, py + 6.5);
            g.lineTo(px - 6.5, py);
            g.closePath();
            g.fill();
            g.stroke();
        } else {
            g.fillOval(px - 5.5, py - 5.5, 11, 11);
            g.strokeOval(px - 5.5, py - 5.5, 11, 11);
        }
        if (detail == 2) {
            g.setFont(portFont);
            g.setFill(p.declared() ? pal.portLabel() : pal.error());
            g.setTextBaseline(VPos.CENTER);
            g.setTextAlign(input ? TextAlignment.LEFT : TextAlignment.RIGHT);
            g.fillText(text.fit(p.name(), portFont, W / 2 - 16), input ? px + 12 : px - 12, py);
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.BASELINE);
        }
        if (dim) g.setGlobalAlpha(1);
    }
}
