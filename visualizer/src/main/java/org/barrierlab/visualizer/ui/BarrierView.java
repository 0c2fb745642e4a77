package org.barrierlab.visualizer.ui;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javafx.geometry.Point2D;
import javafx.scene.Group;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Pane;
import org.barrierlab.runmodel.state.ParticipantState;
import org.barrierlab.runmodel.state.RunState;
import org.barrierlab.runmodel.state.ScopeState;

/**
 * The barriers view, drawn on canvases instead of thousands of nodes (the software renderer of a
 * projector PC without a GPU cannot draw those at 50 frames a second): one canvas per box,
 * redrawn only when its barrier changed, and one small cached node per token ({@link
 * TokenNode}), so that a frame repaints only the boxes that changed and the pixels tokens
 * crossed. {@link #show} takes a state; {@link
 * #animate} moves the tokens a step per frame. Boxes come from the {@link StagePlan} (the
 * scenario's declared barriers), so they are laid out once. FX thread only.
 */
final class BarrierView extends Pane {

    /** Fault injection requested from a token's context menu. */
    record FaultRequest(String action, String participant) {}

    /** A participant's token: where it is drawn, where it goes, and what state it shows. */
    static final class Token {
        private final String id;
        private double x = Double.NaN;
        private double y;
        private double targetX;
        private double targetY;
        private Set<String> states = Set.of();
        /** Its node is out of date (moved, new look or place). */
        private boolean redraw = true;

        Token(String id) {
            this.id = id;
        }

        String id() {
            return id;
        }

        /** The centre as drawn, in view coordinates. */
        double x() {
            return x;
        }

        double y() {
            return y;
        }

        double targetX() {
            return targetX;
        }

        double targetY() {
            return targetY;
        }

        /** True if the token shows this state ({@link Styles#TOKEN_DEAD}, a generation, ...). */
        boolean shows(String state) {
            return states.contains(state);
        }

        boolean settled() {
            return Math.abs(targetX - x) < 0.5 && Math.abs(targetY - y) < 0.5;
        }

        private void target(double tx, double ty) {
            targetX = tx;
            targetY = ty;
            if (Double.isNaN(x)) {
                x = tx;
                y = ty - 3 * BarrierLayout.SLOT; // newcomers drop in from above
            }
        }

        /** Moves a step towards the target; true if it moved. */
        private boolean step(double dtSeconds) {
            double dx = targetX - x;
            double dy = targetY - y;
            if (Math.abs(dx) < 0.5 && Math.abs(dy) < 0.5) {
                boolean moved = dx != 0 || dy != 0;
                x = targetX;
                y = targetY;
                return moved;
            }
            double k = Math.min(1, dtSeconds * 7);
            x += dx * k;
            y += dy * k;
            return true;
        }
    }

    /**
     * Largest factor the drawing is enlarged by to fill the stage: a projector's back row needs
     * the one barrier of a simple run drawn big, not 300 px in a corner.
     */
    static final double MAX_FIT = 1.8;

    /**
     * Largest factor for barriers side by side in one row: stretched to the stage's width, they
     * grow on until the stage's height is used (at 1920x1080 one barrier of four is drawn at
     * 2.4x, its title about 50 px high); beyond this, texts would outgrow what a projector needs.
     */
    static final double MAX_ROW_FIT = 2.6;

    private static final double SLACK = 4;

    /** View units a box's canvas extends beyond the box (its border is drawn inside it). */
    private static final double CANVAS_MARGIN = 2;

    private static final int BUNCH = 8;

    private final javafx.scene.shape.Rectangle background = new javafx.scene.shape.Rectangle();
    private final Group tokenLayer = new Group();
    private final Map<String, Canvas> boxCanvases = new HashMap<>();
    private Canvas lobbyCanvas = new Canvas();
    private final CanvasTheme theme = new CanvasTheme();
    private final ScopePainter painter = new ScopePainter(theme);
    private final TokenSprites sprites = new TokenSprites(theme);
    private final Map<String, Token> tokens = new LinkedHashMap<>();
    private final Map<String, TokenNode> tokenNodes = new HashMap<>();
    private long themeVersion;
    private boolean tokenSetChanged;
    private double tokenScale = Double.NaN;
    private long tokenTheme = -1;
    private final Map<String, List<Object>> drawnKeys = new HashMap<>();
    private final Map<String, List<Object>> drawnOutlines = new HashMap<>();
    private final Map<String, List<ScopePainter.Drawn>> drawn = new HashMap<>();
    private final Map<String, ScopePainter.Shown> shownScopes = new HashMap<>();
    private final List<ScopePainter.Drawn> lobbyDrawn = new ArrayList<>();
    private final Consumer<FaultRequest> faults;
    private RunState shown = RunState.EMPTY;
    private Optional<Set<String>> presence = Optional.empty();
    private StagePlan.Declared declared = StagePlan.Declared.NONE;
    private BarrierLayout layout;
    private boolean faultsEnabled;
    private double viewWidth = 1200;
    private double viewHeight;
    private double zoom = 1;
    private double fit = 1;
    private double layoutWidth = 1200;
    private Object fitKey = List.of();
    private boolean redrawAll = true;
    private boolean tokensDirty = true;

    BarrierView(Consumer<FaultRequest> faults) {
        this.faults = faults;
        setId("barrier-view");
        tokenLayer.setMouseTransparent(true);
        getChildren().addAll(theme.probes(), background, tokenLayer);
        addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() == MouseButton.SECONDARY || e.isControlDown()) {
                tokenAt(e.getX(), e.getY()).ifPresent(id -> {
                    contextMenu(id).show(this, e.getScreenX(), e.getScreenY());
                    e.consume();
                });
            } else if (e.getButton() == MouseButton.PRIMARY) {
                // step mode: the clicked participant moves next
                tokenAt(e.getX(), e.getY()).ifPresent(id -> {
                    faults.accept(new FaultRequest("step", id));
                    e.consume();
                });
            }
        });
        // a theme switch (the projector theme is a second style sheet) redraws in the new look
        javafx.collections.ListChangeListener<String> sheets = c -> themeChanged();
        sceneProperty().addListener((o, a, b) -> {
            if (a != null) {
                a.getStylesheets().removeListener(sheets);
            }
            if (b != null) {
                b.getStylesheets().addListener(sheets);
            }
            themeChanged();
        });
    }

    void setFaultsEnabled(boolean enabled) {
        this.faultsEnabled = enabled;
    }

    /** The style sheets or the zoom changed: read the theme again and redraw everything. */
    void themeChanged() {
        theme.invalidate();
        sprites.clear();
        themeVersion++;
        redrawAll = true;
        tokensDirty = true;
        if (getScene() != null) {
            show(shown, presence);
        }
    }

    /**
     * The scroll pane's viewport in screen pixels and the presenter's zoom; relayouts on change.
     * The drawing is laid out for the width and, if it is taller than the viewport, shrunk (by at
     * most {@link BarrierLayout#MIN_FIT}) and laid out wider until it fits.
     */
    void setViewport(double width, double height, double zoomFactor) {
        double w = width / zoomFactor;
        double h = height / zoomFactor;
        if (Math.abs(w - viewWidth) > 1 || Math.abs(h - viewHeight) > 1 || zoomFactor != zoom) {
            boolean zoomed = zoomFactor != zoom;
            viewWidth = w;
            viewHeight = h;
            zoom = zoomFactor;
            if (zoomed) {
                themeChanged(); // fonts follow the zoom
            } else {
                show(shown, presence);
            }
        }
    }

    /** Zoom to fit (key z): the largest drawing that fits the stage, for the barriers of the run. */
    void fitToStage() {
        fitKey = List.of();
        show(shown, presence);
    }

    /** The factor the drawing is currently scaled by to fit the pane (1: not scaled). */
    double fit() {
        return fit;
    }

    private double scale() {
        return zoom * fit;
    }

    /**
     * The layout at the largest fit factor whose height fits, computed again only when the plan
     * (the barriers and participants to lay out), the viewport or the zoom changes: tokens moving
     * never move the boxes.
     */
    private BarrierLayout layoutFor(RunState state) {
        StagePlan plan = StagePlan.of(declared, state);
        Object viewKey = List.of(viewWidth, viewHeight, zoom);
        if (layout != null && viewKey.equals(fitKey) && plan.equals(layout.plan())) {
            layout.place(state);
            return layout;
        }
        if (!viewKey.equals(fitKey)) {
            fit = MAX_FIT; // a new viewport (or z) starts again from the largest drawing
        }
        fitKey = viewKey;
        // a little slack, so that rounding never adds a scroll bar (which would change the viewport);
        // barriers in one row may grow again when the plan changes (never as tokens move)
        BarrierLayout.Fitted f =
                BarrierLayout.fit(plan, state, viewWidth - SLACK, viewHeight - SLACK, fit, MAX_ROW_FIT);
        fit = f.factor();
        layoutWidth = (viewWidth - SLACK) / fit;
        redrawAll = true;
        tokensDirty = true;
        return f.layout();
    }

    /** Draws {@code state}; {@code d}: the run-start declarations (the barriers to lay out at once). */
    void show(RunState state, Optional<Set<String>> present, StagePlan.Declared d) {
        this.declared = d;
        show(StagePlan.withDeclaredParticipants(state, d), present);
    }

    private void show(RunState state, Optional<Set<String>> present) {
        this.shown = state;
        this.presence = present;
        layout = layoutFor(state);
        double s = scale();
        double w = Math.ceil(layout.width() * s);
        double h = Math.ceil(layout.height() * s);
        if (background.getWidth() != w || background.getHeight() != h) {
            background.setWidth(w);
            background.setHeight(h);
            redrawAll = true;
            tokensDirty = true;
        }
        setPrefSize(w, h);
        setMinSize(w, h);
        if (getScene() == null) {
            return; // no theme without a scene; drawn when it is shown
        }
        drawBoxes(state);
        updateTokens(state, present);
    }

    private void drawBoxes(RunState state) {
        int alive = (int) state.participants().values().stream()
                .filter(ParticipantState::alive)
                .count();
        if (redrawAll) {
            redrawAll = false;
            rebuildCanvases();
            drawn.clear();
            drawnKeys.clear();
            drawnOutlines.clear();
            shownScopes.clear();
            lobbyDrawn.clear();
            painter.paintLobby(begin(lobbyCanvas, true), layout.lobby(), lobbyDrawn);
        }
        // only the barriers whose picture changed, each on its own canvas: the renderer then
        // repaints just that box's area of the window, not the whole stage. Just the header texts
        // if the outline is the same.
        for (BarrierLayout.Box b : layout.boxes().values()) {
            String path = b.scope().path();
            List<Object> key = key(b, state, alive);
            if (key.equals(drawnKeys.get(path))) {
                continue;
            }
            ScopeState st = state.scopes().get(path);
            List<ScopePainter.Drawn> items = new ArrayList<>();
            boolean headerOnly = outline(b, st).equals(drawnOutlines.get(path));
            if (headerOnly) {
                for (ScopePainter.Drawn d : drawn.getOrDefault(path, List.of())) {
                    if (d.kind() == ScopePainter.Kind.BOX || d.kind() == ScopePainter.Kind.LANE_LABEL) {
                        items.add(d);
                    }
                }
            }
            GraphicsContext gc = begin(boxCanvases.get(path), !headerOnly);
            shownScopes.put(path, painter.paint(gc, b, st, state, alive, headerOnly, items));
            drawn.put(path, items);
            drawnOutlines.put(path, outline(b, st));
            drawnKeys.put(path, key);
        }
    }

    /**
     * One canvas per box (parents below the boxes nested in them), one for the lobby, a plain
     * background below and the token layer above, for a new layout or look.
     */
    private void rebuildCanvases() {
        double s = scale();
        background.setFill(theme.background(this));
        lobbyCanvas = canvasOver(layout.lobby(), s);
        boxCanvases.clear();
        List<javafx.scene.Node> layers = new ArrayList<>();
        layers.add(theme.probes());
        layers.add(background);
        layers.add(lobbyCanvas);
        List<javafx.scene.Node> boxLayers = new ArrayList<>();
        for (BarrierLayout.Box b : layout.boxes().values()) {
            if (b.depth() == 0) {
                addCanvases(b, s, boxLayers);
            }
        }
        layers.addAll(inBunches(boxLayers));
        layers.add(tokenLayer);
        getChildren().setAll(layers);
    }

    /**
     * Nodes in groups of a few, in order. The renderer repaints the whole area of a group once
     * more than 12 of its children changed in a frame (NGGroup's threshold); in bunches of {@value
     * #BUNCH}, 64 moving tokens or many changed boxes still repaint only their own areas.
     */
    private static List<javafx.scene.Node> inBunches(List<? extends javafx.scene.Node> nodes) {
        List<javafx.scene.Node> out = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i += BUNCH) {
            out.add(new Group(
                    nodes.subList(i, Math.min(nodes.size(), i + BUNCH)).toArray(javafx.scene.Node[]::new)));
        }
        return out;
    }

    private void addCanvases(BarrierLayout.Box b, double s, List<javafx.scene.Node> into) {
        Canvas c = canvasOver(b.rect(), s);
        boxCanvases.put(b.scope().path(), c);
        into.add(c);
        for (BarrierLayout.Box child : layout.boxes().values()) {
            if (child.scope().parent().equals(b.scope().path())) {
                addCanvases(child, s, into);
            }
        }
    }

    /** A canvas covering {@code r} (and a border's width around it), at whole screen pixels. */
    private static Canvas canvasOver(BarrierLayout.Rect r, double s) {
        double m = CANVAS_MARGIN;
        double x0 = Math.floor((r.x() - m) * s);
        double y0 = Math.floor((r.y() - m) * s);
        Canvas c = new Canvas(Math.ceil((r.x() + r.w() + m) * s) - x0, Math.ceil((r.y() + r.h() + m) * s) - y0);
        c.setLayoutX(x0);
        c.setLayoutY(y0);
        return c;
    }

    /** The canvas's context, cleared if asked, drawing in view coordinates. */
    private GraphicsContext begin(Canvas c, boolean clear) {
        GraphicsContext gc = c.getGraphicsContext2D();
        if (clear) {
            gc.setTransform(1, 0, 0, 1, 0, 0);
            gc.clearRect(0, 0, c.getWidth(), c.getHeight());
        }
        double s = scale();
        gc.setTransform(s, 0, 0, s, -c.getLayoutX(), -c.getLayoutY());
        return gc;
    }

    /** What a box's outline depends on (its look): same outline, only the header texts may differ. */
    private static List<Object> outline(BarrierLayout.Box b, ScopeState s) {
        return List.of(b, s != null && s.broken());
    }

    /** Everything a box's picture depends on: equal keys, equal pictures. */
    private static List<Object> key(BarrierLayout.Box b, RunState state, int alive) {
        ScopeState s = state.scopes().get(b.scope().path());
        return List.of(b, s == null ? "" : s, state.waitingAt(b.scope().path()), alive);
    }

    private void updateTokens(RunState state, Optional<Set<String>> present) {
        if (tokens.keySet().removeIf(id -> !state.participants().containsKey(id))) {
            tokenSetChanged = true;
        }
        for (ParticipantState p : state.participants().values()) {
            Token t = tokens.computeIfAbsent(p.id(), Token::new);
            boolean isPresent =
                    present.map(s -> s.contains(p.id()) || !p.alive()).orElse(true);
            Set<String> next = TokenSprites.states(
                    p, isPresent || !p.alive() || p.lastEvent().isEmpty() || "spawn".equals(p.lastEvent()));
            if (!next.equals(t.states)) {
                t.states = next;
                t.redraw = true;
                tokensDirty = true;
            }
            double[] xy = layout.tokens().get(p.id());
            if (xy != null && (xy[0] != t.targetX || xy[1] != t.targetY || Double.isNaN(t.x))) {
                t.target(xy[0], xy[1]);
                t.redraw = true;
                tokensDirty = true;
            }
        }
    }

    /** Moves every token a step and redraws them if anything moved; true while something moves. */
    boolean animate(double dtSeconds) {
        boolean moving = false;
        for (Token t : tokens.values()) {
            if (dtSeconds > 0 && t.step(dtSeconds)) {
                t.redraw = true;
                tokensDirty = true;
            }
            moving |= !t.settled();
        }
        if (tokensDirty && dtSeconds > 0 && getScene() != null) {
            tokensDirty = false;
            drawTokens();
        }
        return moving;
    }

    /**
     * Places the token nodes that moved or changed look (all of them after a zoom or a theme
     * change); the layer is rebuilt only when participants come or go.
     */
    private void drawTokens() {
        double s = scale();
        boolean all = s != tokenScale || themeVersion != tokenTheme;
        tokenScale = s;
        tokenTheme = themeVersion;
        for (Token t : tokens.values()) {
            if (Double.isNaN(t.x) || !(all || t.redraw)) {
                continue;
            }
            t.redraw = false;
            TokenNode n = tokenNodes.get(t.id);
            if (n == null) {
                n = new TokenNode(t.id);
                tokenNodes.put(t.id, n);
                tokenSetChanged = true;
            }
            n.show(t.states, t.x, t.y, s, themeVersion, theme, sprites);
        }
        if (tokenSetChanged) {
            tokenSetChanged = false;
            tokenNodes.keySet().retainAll(tokens.keySet());
            List<javafx.scene.Node> nodes = new ArrayList<>(tokens.size());
            for (Token t : tokens.values()) {
                TokenNode n = tokenNodes.get(t.id);
                if (n != null) {
                    nodes.add(n);
                }
            }
            tokenLayer.getChildren().setAll(inBunches(nodes));
        }
    }

    private Optional<String> tokenAt(double px, double py) {
        double s = scale();
        double r = BarrierLayout.TOKEN_RADIUS;
        String best = null;
        double bestD = Double.MAX_VALUE;
        for (Token t : tokens.values()) {
            double dx = px / s - t.x;
            double dy = py / s - t.y;
            double d = dx * dx + dy * dy;
            if (d <= r * r && d < bestD) {
                best = t.id;
                bestD = d;
            }
        }
        return Optional.ofNullable(best);
    }

    ContextMenu contextMenu(String id) {
        MenuItem kill = new MenuItem("Kill " + id + " (SIGKILL)");
        kill.setId("kill-" + id);
        kill.setOnAction(e -> faults.accept(new FaultRequest("kill", id)));
        MenuItem restart = new MenuItem("Restart " + id);
        restart.setId("restart-" + id);
        restart.setOnAction(e -> faults.accept(new FaultRequest("restart", id)));
        kill.setDisable(!faultsEnabled);
        restart.setDisable(!faultsEnabled);
        MenuItem title = new MenuItem(faultsEnabled ? id : id + " (replay: no faults)");
        title.setDisable(true);
        return new ContextMenu(title, new SeparatorMenuItem(), kill, restart);
    }

    /** The look the canvas draws with, for tests. */
    CanvasTheme themeForTests() {
        return theme;
    }

    /** The width the layout uses, for tests. */
    double viewWidthForTests() {
        return layoutWidth;
    }

    /** The current layout (boxes and token targets). */
    BarrierLayout stageLayout() {
        return layout;
    }

    /** Token of a participant, for tests. */
    Optional<Token> token(String id) {
        return Optional.ofNullable(tokens.get(id));
    }

    /** Where a participant's token is on the screen (to click it). */
    Optional<Point2D> tokenOnScreen(String id) {
        double s = scale();
        return token(id).map(t -> localToScreen(t.x * s, t.y * s));
    }

    /** What the box of a barrier shows, as drawn. */
    Optional<ScopePainter.Shown> scope(String path) {
        return Optional.ofNullable(shownScopes.get(path));
    }

    /**
     * Everything drawn, in view coordinates: the boxes with their texts, the lobby, and each
     * token where it is drawn now.
     */
    List<ScopePainter.Drawn> drawnItems() {
        List<ScopePainter.Drawn> out = new ArrayList<>(lobbyDrawn);
        for (BarrierLayout.Box b : layout.boxes().values()) {
            out.addAll(drawn.getOrDefault(b.scope().path(), List.of()));
        }
        double r = BarrierLayout.TOKEN_RADIUS;
        for (Token t : tokens.values()) {
            if (!Double.isNaN(t.x)) {
                out.add(new ScopePainter.Drawn(
                        ScopePainter.Kind.TOKEN, t.id, new BarrierLayout.Rect(t.x - r, t.y - r, 2 * r, 2 * r), t.id));
            }
        }
        return out;
    }
}
