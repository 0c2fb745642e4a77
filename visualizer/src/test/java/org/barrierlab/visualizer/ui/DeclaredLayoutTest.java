package org.barrierlab.visualizer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javafx.scene.Group;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.state.DeclaredBarrier;
import org.barrierlab.runmodel.state.RunReducer;
import org.barrierlab.runmodel.state.RunState;
import org.barrierlab.visualizer.support.Fx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Barriers are laid out once, from the barriers the scenario declared in its run-start event:
 * the first arrival (which makes the first barrier appear in the run state) changes neither a
 * box nor the drawing's scale. Checked on what the canvas drew.
 */
@ExtendWith(ApplicationExtension.class)
class DeclaredLayoutTest {

    private static final List<String> A = List.of("p1", "p3", "p5");
    private static final List<String> B = List.of("p2", "p4", "p6");

    private BarrierView view;
    private long zxid = 1;

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

    private TraceEvent ev(String p, EventType t, String scope, long gen, String... kv) {
        TraceEvent e = new TraceEvent(zxid++, 0, p, t.wireName(), scope, gen, Map.of());
        for (int i = 0; i + 1 < kv.length; i += 2) {
            e = e.with(kv[i], kv[i + 1]);
        }
        return e;
    }

    /** The run up to just before the first arrival: run-start (with or without declarations), spawns. */
    private List<TraceEvent> beforeFirstArrival(boolean declared) {
        List<TraceEvent> events = new ArrayList<>();
        List<String> all = List.of("p1", "p2", "p3", "p4", "p5", "p6");
        TraceEvent start = ev(
                "launcher", EventType.RUN_START, "", -1, "scenario", "nested", "participants", String.join(",", all));
        if (declared) {
            start = start.with(DeclaredBarrier.ATTR, DeclaredBarrier.encode(StageLayoutTest.festivalDeclared(A, B)));
        }
        events.add(start);
        for (String p : all) {
            events.add(ev(p, EventType.SPAWN, "", -1, "host", "local", "pid", "1"));
        }
        return events;
    }

    /** The boxes as drawn (path to bounds), the fit factor and the canvas size. */
    private List<Object> drawnLayout(List<TraceEvent> events) {
        RunState s = RunReducer.applyAll(RunState.EMPTY, events);
        return Fx.call(() -> {
            view.setViewport(1500, 800, 1);
            view.show(s, Optional.empty(), StagePlan.Declared.from(events));
            Map<String, BarrierLayout.Rect> boxes = new TreeMap<>();
            for (ScopePainter.Drawn d : view.drawnItems()) {
                if (d.kind() == ScopePainter.Kind.BOX || d.kind() == ScopePainter.Kind.LOBBY) {
                    boxes.put(d.owner(), d.bounds());
                }
            }
            return List.of(boxes, view.fit(), view.getPrefWidth(), view.getPrefHeight());
        });
    }

    private List<TraceEvent> withFirstArrival(List<TraceEvent> before) {
        List<TraceEvent> after = new ArrayList<>(before);
        after.add(ev("p1", EventType.ENTER, StageLayoutTest.FESTIVAL, 0, "parties", "6"));
        return after;
    }

    @Test
    void theFirstArrivalMovesNoBoxAndKeepsTheScale() {
        List<TraceEvent> before = beforeFirstArrival(true);
        List<Object> held = drawnLayout(before);
        @SuppressWarnings("unchecked")
        Map<String, BarrierLayout.Rect> heldBoxes = (Map<String, BarrierLayout.Rect>) held.get(0);
        assertEquals(
                7,
                heldBoxes.size(),
                "the lobby and all six declared barriers drawn before anyone arrives: " + heldBoxes.keySet());
        assertEquals(held, drawnLayout(withFirstArrival(before)), "the drawing after the first arrival");
    }

    @Test
    void withoutDeclarationsTheFirstArrivalChangesTheDrawing() {
        // the control: what the declarations prevent (so the test above can fail)
        List<TraceEvent> before = beforeFirstArrival(false);
        assertNotEquals(drawnLayout(before), drawnLayout(withFirstArrival(before)));
    }
}
