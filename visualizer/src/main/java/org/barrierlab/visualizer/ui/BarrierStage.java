package org.barrierlab.visualizer.ui;

import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javafx.scene.Group;
import javafx.scene.Parent;
import javafx.scene.control.ScrollPane;
import org.barrierlab.runmodel.state.RunState;

/**
 * The stage: the barrier drawing in its scroll pane, laid out for the viewport, and the
 * presenter's zoom (Ctrl +/-), which scales the window's fonts (a style class on the root) and
 * the drawing together. FX thread only.
 */
final class BarrierStage {

    private static final int DEFAULT_ZOOM = 3;

    private final Parent root;
    private final BarrierView view;
    private final ScrollPane scroll;
    private int zoomIndex = DEFAULT_ZOOM;

    BarrierStage(Parent root, Consumer<BarrierView.FaultRequest> faults) {
        this.root = root;
        this.view = new BarrierView(faults);
        this.scroll = new ScrollPane(new Group(view));
        root.getStyleClass().add(Styles.ZOOM_PREFIX + Styles.ZOOM_LEVELS[zoomIndex]);
        scroll.setId("barrier-scroll");
        // the drawing is always laid out for the viewport's width (and shrunk to its height if it
        // can): a horizontal bar would only appear for a moment while the viewport changes, and
        // taking it away would change the viewport again
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.viewportBoundsProperty().addListener((o, a, b) -> relayout());
        scroll.skinProperty().addListener((o, a, b) -> uncacheViewport());
    }

    /**
     * The scroll pane's skin caches its viewport as a bitmap (good for scrolling a still page);
     * but the stage changes every frame, and then the renderer drew the whole stage into that
     * cache each frame (a flight recording of the benchmark: most of the render thread's time
     * in CacheFilter.renderNodeToCache) instead of just the boxes and tokens that changed.
     */
    private void uncacheViewport() {
        for (javafx.scene.Node n : scroll.lookupAll(".viewport")) {
            n.setCache(false);
        }
    }

    ScrollPane node() {
        return scroll;
    }

    BarrierView view() {
        return view;
    }

    /** Draws {@code state}; {@code declared}: the run-start declarations (the barriers to lay out). */
    void show(RunState state, Optional<Set<String>> presence, StagePlan.Declared declared) {
        view.show(state, presence, declared);
    }

    /** Changes the zoom level by {@code delta} steps; the new level in percent. */
    int zoom(int delta) {
        int next = Math.max(0, Math.min(Styles.ZOOM_LEVELS.length - 1, zoomIndex + delta));
        root.getStyleClass().remove(Styles.ZOOM_PREFIX + Styles.ZOOM_LEVELS[zoomIndex]);
        zoomIndex = next;
        root.getStyleClass().add(Styles.ZOOM_PREFIX + Styles.ZOOM_LEVELS[zoomIndex]);
        relayout();
        return zoomPercent();
    }

    /** Back to 100% (Ctrl 0); the new level in percent. */
    int resetZoom() {
        return zoom(DEFAULT_ZOOM - zoomIndex);
    }

    int zoomPercent() {
        return Styles.ZOOM_LEVELS[zoomIndex];
    }

    /** Zoom to fit (key z). */
    void fitToStage() {
        view.fitToStage();
    }

    private void relayout() {
        double scale = Styles.ZOOM_LEVELS[zoomIndex] / 100.0;
        double w = scroll.getViewportBounds().getWidth();
        double h = scroll.getViewportBounds().getHeight();
        if (w > 0) {
            view.setViewport(w, h, scale);
        }
    }
}
