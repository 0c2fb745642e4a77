package org.barrierlab.visualizer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.visualizer.source.Recording;
import org.barrierlab.visualizer.support.Fx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Picking in a replay: number key k jumps forward until participant k has made its next
 * recorded move (the others' earlier events are delivered too, in order), and the status line
 * says who stepped and what it did.
 */
@ExtendWith(ApplicationExtension.class)
class ReplayPickUiTest {

    private VisualizerWindow window;

    @Start
    void start(Stage stage) {
        window = new VisualizerWindow(null);
        stage.setScene(window.createScene(1280, 720));
        stage.show();
    }

    @AfterEach
    void closeWindow() {
        Fx.run(window::close);
    }

    /**
     * Events 1..24, 5 s apart as recorded (so a pick that waited for the pacing would time
     * out): event i by p(1 + i % 4), p4 stops after event 15.
     */
    private static Recording recording() {
        List<TraceEvent> events = new ArrayList<>();
        long t = 1_000_000;
        for (int i = 1; i <= 24; i++) {
            String p = "p" + (1 + i % 4);
            if (p.equals("p4") && i > 15) {
                continue;
            }
            events.add(new TraceEvent(
                    i, t + 5000L * i, p, EventType.ARRIVE.wireName(), "/barriers/stroke", i / 4, Map.of()));
        }
        return new Recording("picks.jsonl", events, Optional.empty());
    }

    private List<TraceEvent> log() {
        return Fx.call(() -> List.copyOf(window.viewModel().log()));
    }

    private String status() {
        return Fx.call(() -> window.presenter().statusProperty().get());
    }

    @Test
    void numberKeyJumpsToThatParticipantsNextEventAndSaysWhatItDid(FxRobot robot) {
        Fx.run(() -> window.play(recording()));
        assertEquals(0, log().size(), "the replay waits at event 0");

        robot.type(KeyCode.DIGIT3);
        // events 1 (p2) and 2 (p3): p3's first move, after one event of p2
        Fx.waitUntil(
                10, "p3's first event shown", () -> window.viewModel().log().size() == 2);
        Fx.waitUntil(
                5,
                "the status says who stepped",
                () -> window.presenter().statusProperty().get().startsWith("p3 stepped"));
        assertEquals("p3", log().get(1).participant());
        assertEquals("p3 stepped: arrive stroke gen 0, after 1 event of others", status());

        robot.type(KeyCode.DIGIT3);
        Fx.waitUntil(
                10, "p3's second event shown", () -> window.viewModel().log().size() == 6);
        assertEquals("p3", log().get(5).participant());
        Fx.waitUntil(5, "the status says p3 stepped again", () -> window.presenter()
                .statusProperty()
                .get()
                .equals("p3 stepped: arrive stroke gen 1, after 3 events of others"));

        robot.type(KeyCode.NUMPAD1);
        Fx.waitUntil(10, "p1's next event shown", () -> window.viewModel().log().size() == 8);
        assertEquals("p1", log().get(7).participant());

        // p4's events ended at event 15: the replay delivers up to it, then refuses with a reason
        robot.type(KeyCode.DIGIT4);
        Fx.waitUntil(10, "p4's event 11", () -> window.viewModel().log().size() == 11);
        robot.type(KeyCode.DIGIT4);
        Fx.waitUntil(10, "p4's event 15", () -> window.viewModel().log().size() == 15);
        robot.type(KeyCode.DIGIT4);
        Fx.waitUntil(
                10,
                "the status says p4 has no more events",
                () -> window.presenter().statusProperty().get().contains("p4 has no more events in this recording"));
        assertEquals(15, log().size(), "nothing delivered for a participant with no event left");

        robot.type(KeyCode.DIGIT7);
        Fx.waitUntil(5, "no participant 7", () -> window.presenter()
                .statusProperty()
                .get()
                .equals("no participant 7 in this recording (it has 4)"));
        assertTrue(Fx.call(() -> window.viewModel().followingProperty().get()));
    }
}
