package org.barrierlab.visualizer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javafx.scene.Group;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.state.RunReducer;
import org.barrierlab.runmodel.state.RunState;
import org.barrierlab.visualizer.source.Recording;
import org.barrierlab.visualizer.support.Fx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A run whose barriers fit in one row (reusable: one barrier; double: two) uses the stage: the
 * row of boxes spans the stage's width and the drawing most of its height, at a projector's
 * 1920x1080 and at 1280x720; its text is never drawn smaller than at 100%; and no box moves or
 * rescales while the participants go through the run. Checked on what the canvas drew.
 */
@ExtendWith(ApplicationExtension.class)
class OneRowFillsStageTest {

    /** The Barriers pane's viewport of a maximised window, participants and log folded away. */
    private static final double[][] STAGES = {{1900, 850}, {1240, 480}};

    private BarrierView view;

    @Start
    void start(Stage stage) {
        view = new BarrierView(r -> {});
        StackPane root = new StackPane(new Group(view));
        root.getStyleClass().addAll(Styles.ROOT, Styles.ZOOM_PREFIX + 100);
        Scene scene = new Scene(root, 1600, 1000);
        scene.getStylesheets().add(Styles.themeUrl());
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void oneBarrierFillsTheStage() throws Exception {
        fillsTheStage("reusable-kill.jsonl", 1);
    }

    @Test
    void twoDoubleBarriersFillTheStage() throws Exception {
        fillsTheStage("double.jsonl", 2);
    }

    private void fillsTheStage(String file, int barriers) throws Exception {
        List<TraceEvent> events =
                Recording.read(Path.of("..", "docs", "recordings", file)).events();
        StagePlan.Declared plan = StagePlan.Declared.lookAhead(events);
        assertEquals(barriers, plan.barriers().size(), plan.barriers().toString());
        for (double[] stage : STAGES) {
            double w = stage[0];
            double h = stage[1];
            Map<String, BarrierLayout.Rect> first = null;
            double firstFit = 0;
            // every state of the run, from before the first event to the end
            RunState s = RunState.EMPTY;
            for (int i = 0; i <= events.size(); i++) {
                if (i > 0) {
                    s = RunReducer.apply(s, events.get(i - 1));
                }
                RunState at = s;
                Map<String, BarrierLayout.Rect> boxes = new TreeMap<>();
                double[] size = new double[2];
                double fit = Fx.call(() -> {
                    view.setViewport(w, h, 1);
                    view.show(at, Optional.empty(), plan);
                    for (ScopePainter.Drawn d : view.drawnItems()) {
                        if (d.kind() == ScopePainter.Kind.BOX) {
                            boxes.put(d.owner(), d.bounds());
                        }
                    }
                    size[0] = view.getPrefWidth();
                    size[1] = view.getPrefHeight();
                    return view.fit();
                });
                if (first == null) {
                    first = boxes;
                    firstFit = fit;
                    double left = boxes.values().stream()
                            .mapToDouble(BarrierLayout.Rect::x)
                            .min()
                            .orElseThrow();
                    double right = boxes.values().stream()
                            .mapToDouble(r -> r.x() + r.w())
                            .max()
                            .orElseThrow();
                    double bottom = boxes.values().stream()
                            .mapToDouble(r -> r.y() + r.h())
                            .max()
                            .orElseThrow();
                    String where = file + " at " + w + "x" + h + ": boxes " + boxes + ", drawn at " + fit + "x";
                    assertTrue((right - left) * fit >= 0.9 * w, "the row spans the stage's width; " + where);
                    assertTrue(bottom * fit >= 0.75 * h, "the drawing uses the stage's height; " + where);
                    assertTrue(fit >= 1, "text no smaller than at 100%; " + where);
                    assertTrue(
                            size[0] <= w && size[1] <= h,
                            "no scrolling: drawn " + size[0] + "x" + size[1] + "; " + where);
                } else {
                    assertEquals(first, boxes, file + " at " + w + "x" + h + ": no box moves, after event " + i);
                    assertEquals(firstFit, fit, file + ": the scale stays, after event " + i);
                }
            }
        }
    }
}
