package org.barrierlab.visualizer.ui;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import org.barrierlab.runmodel.state.ParticipantState;
import org.barrierlab.runmodel.state.RunState;

/**
 * The barriers view: scopes as labelled regions (nested for nested barriers), participants as
 * tokens that move between lanes when their state changes. {@link #show} sets the targets from
 * a state; {@link #animate} moves tokens a step each frame. FX thread only.
 */
final class BarrierView extends Pane {

    /** Fault injection requested from a token's context menu. */
    record FaultRequest(String action, String participant) {}

    private final Pane scopeLayer = new Pane();
    private final Pane tokenLayer = new Pane();
    private final Region lobby = new Region();
    private final Label lobbyLabel = new Label("not at a barrier");
    private final Map<String, ScopeNode> scopes = new HashMap<>();
    private final Map<String, TokenNode> tokens = new HashMap<>();
    private final Consumer<FaultRequest> faults;
    private RunState shown = RunState.EMPTY;
    private Optional<Set<String>> presence = Optional.empty();
    private boolean faultsEnabled;
    private double viewWidth = 1200;
    private double viewHeight;
    private double zoom = 1;
    private double fit = 1;
    private double layoutWidth = 1200;
    private Object fitKey = List.of();

    private static final double SLACK = 4;

    /**
     * Largest factor the drawing is enlarged by to fill the stage: a projector's back row needs
     * the one barrier of a simple run drawn big, not 300 px in a corner.
     */
    static final double MAX_FIT = 1.8;

    BarrierView(Consumer<FaultRequest> faults) {
        this.faults = faults;
        setId("barrier-view");
        lobby.getStyleClass().add(Styles.LOBBY);
        lobby.setManaged(false);
        lobbyLabel.getStyleClass().add(Styles.LOBBY_LABEL);
        lobbyLabel.setManaged(false);
        scopeLayer.setManaged(false);
        tokenLayer.setManaged(false);
        tokenLayer.setPickOnBounds(false);
        getChildren().addAll(lobby, lobbyLabel, scopeLayer, tokenLayer);
    }

    void setFaultsEnabled(boolean enabled) {
        this.faultsEnabled = enabled;
    }

    /**
     * The scroll pane's viewport in screen pixels and the presenter's zoom; relayouts on change.
     * The drawing is laid out for the width and, if it is taller than the viewport, shrunk (by at
     * most {@link BarrierLayout#MIN_FIT}) and laid out wider until it fits, so that a whole outer barrier with
     * its nested ones is on screen.
     */
    void setViewport(double width, double height, double zoomFactor) {
        double w = width / zoomFactor;
        double h = height / zoomFactor;
        if (Math.abs(w - viewWidth) > 1 || Math.abs(h - viewHeight) > 1 || zoomFactor != zoom) {
            viewWidth = w;
            viewHeight = h;
            zoom = zoomFactor;
            show(shown, presence);
        }
    }

    /**
     * The layout at the largest fit factor whose height fits. The factor only shrinks while the
     * viewport and zoom stay (barriers appearing may shrink it once each; tokens moving never
     * pump it in and out); a new viewport or {@link #fitToStage} starts again from {@link #MAX_FIT}.
     */
    private BarrierLayout fitted(RunState state) {
        Object key = List.of(viewWidth, viewHeight, zoom);
        if (!key.equals(fitKey)) {
            fitKey = key;
            fit = MAX_FIT;
        }
        // a little slack, so that rounding never adds a scroll bar (which would change the viewport)
        double w = viewWidth - SLACK;
        double h = viewHeight - SLACK;
        BarrierLayout.Fitted f = BarrierLayout.fit(state, w, h, fit);
        fit = f.factor();
        BarrierLayout layout = f.layout();
        layoutWidth = w / fit;
        return layout;
    }

    /** Zoom to fit (key z): the largest drawing that fits the stage, for the barriers shown now. */
    void fitToStage() {
        fitKey = List.of();
        show(shown, presence);
    }

    /** The factor the drawing is currently scaled by to fit the pane (1: not scaled). */
    double fit() {
        return fit;
    }

    void show(RunState state, Optional<Set<String>> present) {
        this.shown = state;
        this.presence = present;
        BarrierLayout layout = fitted(state);
        setScaleX(zoom * fit);
        setScaleY(zoom * fit);
        BarrierLayout.Rect lr = layout.lobby();
        lobby.resizeRelocate(lr.x(), lr.y(), lr.w(), lr.h());
        lobbyLabel.autosize();
        lobbyLabel.relocate(lr.x() + lr.w() - lobbyLabel.getWidth() - 8, lr.y() + 2);

        int alive = (int) state.participants().values().stream()
                .filter(ParticipantState::alive)
                .count();
        for (Iterator<Map.Entry<String, ScopeNode>> it = scopes.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, ScopeNode> e = it.next();
            if (!layout.boxes().containsKey(e.getKey())) {
                scopeLayer.getChildren().remove(e.getValue());
                it.remove();
            }
        }
        // outer scopes first so inner ones are drawn on top
        for (BarrierLayout.Box b : layout.boxes().values().stream()
                .sorted((a, c) -> Integer.compare(a.depth(), c.depth()))
                .toList()) {
            ScopeNode node = scopes.get(b.scope().path());
            if (node == null) {
                node = new ScopeNode(b.scope().path());
                scopes.put(b.scope().path(), node);
                // deeper scopes after (above) shallower ones; never reorder later (it re-applies CSS)
                int at = 0;
                while (at < scopeLayer.getChildren().size()
                        && ((ScopeNode) scopeLayer.getChildren().get(at)).depth() <= b.depth()) {
                    at++;
                }
                node.setDepth(b.depth());
                scopeLayer.getChildren().add(at, node);
            }
            node.show(b, state, alive);
        }
        for (Iterator<Map.Entry<String, TokenNode>> it = tokens.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, TokenNode> e = it.next();
            if (!state.participants().containsKey(e.getKey())) {
                tokenLayer.getChildren().remove(e.getValue());
                it.remove();
            }
        }
        for (ParticipantState p : state.participants().values()) {
            TokenNode t = tokens.computeIfAbsent(p.id(), this::newToken);
            boolean isPresent =
                    present.map(s -> s.contains(p.id()) || !p.alive()).orElse(true);
            t.show(p, isPresent || !p.alive() || p.lastEvent().isEmpty() || presentUnknownYet(p));
            double[] xy = layout.tokens().get(p.id());
            if (xy != null) {
                t.target(xy[0], xy[1]);
            }
        }
        setPrefSize(layout.width(), layout.height());
        setMinSize(layout.width(), layout.height());
    }

    /** A participant that wrote its spawn event may not have its presence node yet. */
    private static boolean presentUnknownYet(ParticipantState p) {
        return "spawn".equals(p.lastEvent());
    }

    private TokenNode newToken(String id) {
        TokenNode t = new TokenNode(id);
        Tooltip.install(t, new Tooltip(id));
        t.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.SECONDARY || e.isControlDown()) {
                contextMenu(id).show(t, e.getScreenX(), e.getScreenY());
                e.consume();
            }
        });
        tokenLayer.getChildren().add(t);
        return t;
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

    /** Moves every token a step; true while something moves. */
    boolean animate(double dtSeconds) {
        boolean moving = false;
        for (TokenNode t : tokens.values()) {
            moving |= t.animate(dtSeconds);
        }
        return moving;
    }

    /** The width the layout uses, for tests. */
    double viewWidthForTests() {
        return layoutWidth;
    }

    /** Token of a participant, for tests. */
    Optional<TokenNode> token(String id) {
        return Optional.ofNullable(tokens.get(id));
    }

    /** Scope node of a barrier, for tests. */
    Optional<ScopeNode> scope(String path) {
        return Optional.ofNullable(scopes.get(path));
    }
}
