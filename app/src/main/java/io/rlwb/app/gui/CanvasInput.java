package io.rlwb.app.gui;

import io.rlwb.app.editor.AutoLayout;
import io.rlwb.app.editor.ConnectionRules;
import io.rlwb.app.editor.Groups;
import io.rlwb.app.gui.canvas.CanvasModel;
import io.rlwb.app.gui.canvas.HitTest;
import io.rlwb.app.gui.canvas.Overlay;
import io.rlwb.app.gui.canvas.Viewport;
import io.rlwb.app.ui.graph.GraphLayout;
import io.rlwb.app.ui.graph.NodeView;
import io.rlwb.app.ui.graph.PortView;
import io.rlwb.app.viewmodel.GraphViewModel;
import io.rlwb.app.viewmodel.Selection;
import io.rlwb.app.viewmodel.WireView;
import io.rlwb.engine.graph.PortRef;
import io.rlwb.engine.spi.PortSpec;
import java.util.List;
import java.util.Optional;
import javafx.scene.Cursor;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.input.ZoomEvent;
import javafx.util.Duration;

/**
 * Pointer and keys on the canvas. Primary button: on a port, drags a wire (compatible ports light up, the
 * reason shows over an incompatible one, a drop on empty space offers the types that fit); on a card, selects
 * (Shift adds, Ctrl toggles) and drags the selection, snapped to the grid; on a group title, drags the group;
 * on a wire, selects it; on empty space, a rubber band. Middle or right drag pans, the wheel zooms at the
 * pointer, a right click opens a context menu, a double-click or Space opens the quick search.
 */
final class CanvasInput {
    private enum Mode { NONE, PAN, MOVE, WIRE, BAND }

    private final GraphCanvasView view;
    private final GraphViewModel vm;
    private final Overlay o;
    private final Viewport vp;
    private final Tooltip tip = new Tooltip();
    private Shortcuts commands = new Shortcuts();
    private Mode mode = Mode.NONE;
    private boolean snap = true;
    private boolean moved;
    private boolean rightPress;
    private double pressX;
    private double pressY;
    private double lastX;
    private double lastY;
    private double mouseX = Double.NaN;
    private double mouseY = Double.NaN;
    private int groupDrag = -1;
    private double anchorX;
    private double anchorY;
    private PortRef wireFrom;
    private String targetKey = "";
    private String targetReason;
    private ContextMenu menu;

    CanvasInput(GraphCanvasView view, GraphViewModel vm, Overlay o, Viewport vp) {
        this.view = view;
        this.vm = vm;
        this.o = o;
        this.vp = vp;
        tip.setShowDelay(Duration.millis(450));
        view.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        view.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        view.addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        view.addEventHandler(MouseEvent.MOUSE_CLICKED, this::clicked);
        view.addEventHandler(MouseEvent.MOUSE_MOVED, this::hover);
        view.addEventHandler(MouseEvent.MOUSE_EXITED, e -> { mouseX = Double.NaN; setHover(-1, -1); });
        view.addEventHandler(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() == 0 && e.getDeltaX() == 0) return;
            if (e.isShiftDown() || e.isShortcutDown()) vp.pan(e.getDeltaX() == 0 ? e.getDeltaY() : e.getDeltaX(),
                    e.getDeltaX() == 0 ? 0 : e.getDeltaY());
            else vp.zoomAt(e.getX(), e.getY(), Math.pow(1.1, e.getDeltaY() / 40.0));
            view.viewChanged();
            e.consume();
        });
        view.addEventHandler(ZoomEvent.ZOOM, e -> {
            vp.zoomAt(e.getX(), e.getY(), e.getZoomFactor());
            view.viewChanged();
        });
        view.addEventHandler(KeyEvent.KEY_PRESSED, this::key);
    }

    void setSnap(boolean on) { snap = on; }

    void setCommands(Shortcuts c) { commands = c; }

    private CanvasModel m() { return view.model(); }

    private double radius() {
        return Math.min(11, Math.max(7, 10 / vp.scale()));
    }

    private void pressed(MouseEvent e) {
        view.requestFocus();
        if (menu != null) menu.hide();
        view.hideQuickSearch();
        pressX = lastX = e.getX();
        pressY = lastY = e.getY();
        moved = false;
        rightPress = e.getButton() == MouseButton.SECONDARY;
        if (e.getButton() == MouseButton.MIDDLE || rightPress) {
            mode = Mode.PAN;
            return;
        }
        if (e.getButton() != MouseButton.PRIMARY) return;
        double gx = vp.toGraphX(e.getX());
        double gy = vp.toGraphY(e.getY());
        CanvasModel m = m();
        HitTest.PortHit p = HitTest.port(m, gx, gy, radius());
        if (p != null && m.node(p.node()).known()) {
            startWire(p);
            return;
        }
        int n = HitTest.node(m, gx, gy);
        if (n >= 0) {
            String id = m.node(n).id();
            Selection s = vm.selection();
            if (e.isShortcutDown()) s.toggle(id);
            else if (e.isShiftDown()) s.addNodes(List.of(id));
            else if (!s.nodes().contains(id)) s.selectOnly(id);
            if (!s.nodes().contains(id)) {
                mode = Mode.NONE;
                return;
            }
            mode = Mode.MOVE;
            groupDrag = -1;
            anchorX = m.node(n).x();
            anchorY = m.node(n).y();
            m.setDragged(s.nodes());
            return;
        }
        int g = HitTest.groupTitle(m, gx, gy);
        if (g >= 0) {
            vm.selection().selectGroup(g);
            Optional<Groups.GroupBox> box = m.groups().stream().filter(b -> b.index() == g).findFirst();
            mode = Mode.MOVE;
            groupDrag = g;
            anchorX = box.map(Groups.GroupBox::x).orElse(0.0);
            anchorY = box.map(Groups.GroupBox::y).orElse(0.0);
            m.setDragged(box.map(Groups.GroupBox::nodes).orElse(List.of()));
            return;
        }
        int w = HitTest.wire(m, gx, gy, Math.max(5, 6 / vp.scale()));
        if (w >= 0) {
            vm.selection().selectWire(m.wire(w));
            mode = Mode.NONE;
            return;
        }
        if (!e.isShiftDown() && !e.isShortcutDown()) vm.selection().clear();
        mode = Mode.BAND;
        o.bx0 = o.bx1 = gx;
        o.by0 = o.by1 = gy;
    }

    private void startWire(HitTest.PortHit p) {
        CanvasModel m = m();
        NodeView n = m.node(p.node());
        PortView pv = p.input() ? n.inputs().get(p.port()) : n.outputs().get(p.port());
        wireFrom = new PortRef(n.id(), pv.name());
        mode = Mode.WIRE;
        o.wire = true;
        o.wireNode = p.node();
        o.wirePort = p.port();
        o.wireFromOutput = !p.input();
        o.wireColor = m.portColor(p.node(), p.port(), p.input());
        double ax = p.input() ? n.x() : n.x() + GraphLayout.NODE_WIDTH;
        double ay = n.y() + GraphLayout.portY(p.port());
        o.wx0 = o.wx1 = ax;
        o.wy0 = o.wy1 = ay;
        // Light up every port on the other side whose type fits.
        Optional<PortSpec<?>> spec = vm.edits().port(wireFrom, o.wireFromOutput);
        boolean[][] compat = new boolean[m.nodeCount()][];
        for (int i = 0; i < m.nodeCount(); i++) {
            NodeView t = m.node(i);
            List<PortView> side = o.wireFromOutput ? t.inputs() : t.outputs();
            compat[i] = new boolean[side.size()];
            if (i == p.node() || spec.isEmpty()) continue;
            for (int k = 0; k < side.size(); k++) {
                PortView q = side.get(k);
                Optional<PortSpec<?>> other = q.declared()
                        ? vm.edits().port(new PortRef(t.id(), q.name()), !o.wireFromOutput) : Optional.empty();
                compat[i][k] = other.isPresent() && (o.wireFromOutput
                        ? ConnectionRules.typesFit(spec.get(), other.get())
                        : ConnectionRules.typesFit(other.get(), spec.get()));
            }
        }
        if (o.wireFromOutput) o.compatIn = compat;
        else o.compatOut = compat;
        targetKey = "";
        view.redraw();
    }

    private void dragged(MouseEvent e) {
        double dx = e.getX() - lastX;
        double dy = e.getY() - lastY;
        lastX = e.getX();
        lastY = e.getY();
        mouseX = e.getX();
        mouseY = e.getY();
        if (Math.abs(e.getX() - pressX) + Math.abs(e.getY() - pressY) > 3) moved = true;
        double gx = vp.toGraphX(e.getX());
        double gy = vp.toGraphY(e.getY());
        switch (mode) {
            case PAN -> {
                vp.pan(dx, dy);
                view.setCursor(Cursor.CLOSED_HAND);
                view.viewChanged();
            }
            case MOVE -> {
                if (!moved) return;
                double rx = (e.getX() - pressX) / vp.scale();
                double ry = (e.getY() - pressY) / vp.scale();
                boolean s = snap && !e.isAltDown();
                o.dragDx = s ? AutoLayout.snap(anchorX + rx) - anchorX : rx;
                o.dragDy = s ? AutoLayout.snap(anchorY + ry) - anchorY : ry;
                view.setCursor(Cursor.MOVE);
                view.redraw();
            }
            case WIRE -> {
                if (o.wireFromOutput) { o.wx1 = gx; o.wy1 = gy; }
                else { o.wx0 = gx; o.wy0 = gy; }
                target(gx, gy);
                view.redraw();
            }
            case BAND -> {
                o.band = true;
                o.bx1 = gx;
                o.by1 = gy;
                view.redraw();
            }
            default -> { }
        }
    }

    /** Updates the drop target of a dragged wire, checking the full rules once per port entered. */
    private void target(double gx, double gy) {
        CanvasModel m = m();
        HitTest.PortHit p = HitTest.port(m, gx, gy, radius());
        if (p == null || p.input() != o.wireFromOutput || p.node() == o.wireNode) {
            o.targetNode = -1;
            targetKey = "";
            targetReason = null;
            return;
        }
        NodeView n = m.node(p.node());
        String port = (p.input() ? n.inputs() : n.outputs()).get(p.port()).name();
        String key = n.id() + "." + port;
        if (key.equals(targetKey)) return;
        targetKey = key;
        PortRef there = new PortRef(n.id(), port);
        ConnectionRules.Verdict v = o.wireFromOutput ? view.check(wireFrom, there) : view.check(there, wireFrom);
        o.targetNode = p.node();
        o.targetPort = p.port();
        o.targetInput = p.input();
        o.targetOk = v.ok();
        targetReason = v.ok() ? null : v.reason();
        if (!v.ok()) view.showToast("Cannot wire here: " + v.reason(), true);
        else if (!v.replaces().isEmpty()) view.showToast("Drop to replace the wire from " + v.replaces().get(0).from(), false);
    }

    private void released(MouseEvent e) {
        Mode was = mode;
        mode = Mode.NONE;
        view.setCursor(Cursor.DEFAULT);
        CanvasModel m = m();
        switch (was) {
            case PAN -> {
                if (rightPress && !moved) contextMenu(e);
            }
            case MOVE -> {
                double dx = o.dragDx;
                double dy = o.dragDy;
                o.dragDx = o.dragDy = 0;
                m.setDragged(List.of());
                if (moved && (dx != 0 || dy != 0)) {
                    if (groupDrag >= 0) vm.edits().moveGroup(groupDrag, dx, dy);
                    else vm.edits().moveSelection(dx, dy);
                }
                view.redraw();
            }
            case WIRE -> {
                PortRef from = wireFrom;
                boolean fromOutput = o.wireFromOutput;
                int tn = o.targetNode;
                int tp = o.targetPort;
                o.endWire();
                view.redraw();
                if (tn >= 0) {
                    NodeView n = m.node(tn);
                    String port = (fromOutput ? n.inputs() : n.outputs()).get(tp).name();
                    PortRef there = new PortRef(n.id(), port);
                    if (fromOutput) vm.edits().connect(from, there);
                    else vm.edits().connect(there, from);
                } else if (moved && HitTest.node(m, vp.toGraphX(e.getX()), vp.toGraphY(e.getY())) < 0) {
                    view.showQuickSearch(e.getX(), e.getY(), from, fromOutput);
                }
            }
            case BAND -> {
                if (o.band) {
                    List<String> ids = HitTest.nodesIn(m, o.bx0, o.by0, o.bx1, o.by1);
                    if (e.isShiftDown() || e.isShortcutDown()) vm.selection().addNodes(ids);
                    else vm.selection().setNodes(ids);
                }
                o.band = false;
                view.redraw();
            }
            default -> { }
        }
    }

    private void clicked(MouseEvent e) {
        if (e.getButton() != MouseButton.PRIMARY || e.getClickCount() != 2 || moved) return;
        double gx = vp.toGraphX(e.getX());
        double gy = vp.toGraphY(e.getY());
        int g = HitTest.groupTitle(m(), gx, gy);
        if (g >= 0) {
            commands.run("renameGroup");
            return;
        }
        if (HitTest.node(m(), gx, gy) < 0) view.showQuickSearch(e.getX(), e.getY(), null, false);
    }

    private void hover(MouseEvent e) {
        mouseX = e.getX();
        mouseY = e.getY();
        double gx = vp.toGraphX(e.getX());
        double gy = vp.toGraphY(e.getY());
        CanvasModel m = m();
        HitTest.PortHit p = HitTest.port(m, gx, gy, radius());
        int n = p != null ? -1 : HitTest.node(m, gx, gy);
        int w = p != null || n >= 0 ? -1 : HitTest.wire(m, gx, gy, Math.max(5, 6 / vp.scale()));
        view.setCursor(p != null ? Cursor.CROSSHAIR : Cursor.DEFAULT);
        String text = null;
        if (p != null) {
            NodeView nv = m.node(p.node());
            PortView pv = p.input() ? nv.inputs().get(p.port()) : nv.outputs().get(p.port());
            text = (p.input() ? "in  " : "out  ") + nv.id() + "." + pv.name() + " : " + pv.typeId()
                    + (pv.kind() == null ? "" : " (" + pv.kind().name().toLowerCase(java.util.Locale.ROOT) + ")")
                    + (pv.description().isEmpty() ? "" : "\n" + pv.description()) + "\nDrag to wire";
        } else if (n >= 0) {
            NodeView nv = m.node(n);
            StringBuilder b = new StringBuilder(nv.id()).append("\n").append(nv.displayName()).append("  (")
                    .append(nv.typeId()).append(")");
            if (!nv.summary().isEmpty()) b.append("\n").append(nv.summary());
            for (String problem : nv.problems()) b.append("\n\u2022 ").append(problem);
            if (m.runFailure(n) != null) b.append("\nRun failed here: ").append(m.runFailure(n));
            text = b.toString();
        } else if (w >= 0) {
            WireView wv = m.wire(w);
            text = wv.label() + "\n" + wv.typeId() + (m.isWireInvalid(w) ? "\nnot a valid wire: see the problems list" : "");
        }
        if (text == null) Tooltip.uninstall(view, tip);
        else {
            tip.setText(text);
            Tooltip.install(view, tip);
        }
        setHover(n, w);
    }

    private void setHover(int n, int w) {
        if (o.hoverNode == n && o.hoverWire == w) return;
        o.hoverNode = n;
        o.hoverWire = w;
        view.redraw();
    }

    private void key(KeyEvent e) {
        if (e.getTarget() != view) return;
        double step = e.isShiftDown() ? 1 : GraphCanvasView.GRID;
        switch (e.getCode()) {
            case SPACE -> {
                boolean inside = !Double.isNaN(mouseX);
                view.showQuickSearch(inside ? mouseX : view.getWidth() / 2 - 170, inside ? mouseY : view.getHeight() / 3,
                        null, false);
            }
            case ESCAPE -> {
                if (mode == Mode.WIRE) {
                    o.endWire();
                    mode = Mode.NONE;
                }
                vm.selection().clear();
                view.redraw();
            }
            case LEFT -> vm.edits().moveSelection(-step, 0);
            case RIGHT -> vm.edits().moveSelection(step, 0);
            case UP -> vm.edits().moveSelection(0, -step);
            case DOWN -> vm.edits().moveSelection(0, step);
            default -> { return; }
        }
        e.consume();
    }

    private void contextMenu(MouseEvent e) {
        double gx = vp.toGraphX(e.getX());
        double gy = vp.toGraphY(e.getY());
        int n = HitTest.node(m(), gx, gy);
        if (n >= 0 && !vm.selection().nodes().contains(m().node(n).id())) vm.selection().selectOnly(m().node(n).id());
        menu = new ContextMenu();
        if (n >= 0) {
            item("copy");
            item("cut");
            item("duplicate");
            item("delete");
            menu.getItems().add(new SeparatorMenuItem());
            item("group");
            item("layout");
        } else {
            MenuItem add = new MenuItem("Add node\u2026");
            add.setOnAction(a -> view.showQuickSearch(e.getX(), e.getY(), null, false));
            menu.getItems().add(add);
            item("paste");
            item("selectAll");
            menu.getItems().add(new SeparatorMenuItem());
            item("layout");
            item("fit");
        }
        menu.show(view, e.getScreenX(), e.getScreenY());
    }

    private void item(String id) {
        commands.get(id).ifPresent(c -> {
            MenuItem mi = new MenuItem(c.label());
            if (!c.keys().isEmpty()) mi.setAccelerator(c.keys().get(0));
            mi.setOnAction(a -> c.action().run());
            menu.getItems().add(mi);
        });
    }

    /** The last pointer position over the canvas, or NaN when outside. */
    double[] pointer() {
        return new double[] {mouseX, mouseY};
    }

    /** The reason the current wire target refuses, or null. */
    String targetReason() {
        return targetReason;
    }
}
