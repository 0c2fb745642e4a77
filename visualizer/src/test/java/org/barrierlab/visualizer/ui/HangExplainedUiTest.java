package org.barrierlab.visualizer.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.state.CountRace;
import org.barrierlab.visualizer.source.Recording;
import org.barrierlab.visualizer.support.Fx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Phase 1 in the window: a replayed hang of the tutorial barrier shows, under its verdict, the
 * interleaving read from the recording ({@link CountRace}), the same text the terminal prints.
 */
@ExtendWith(ApplicationExtension.class)
class HangExplainedUiTest {

    private static final String OVEN = "/barriers/oven";
    private VisualizerWindow window;
    private long zxid = 1;
    private long t = 1_000_000;
    private final List<TraceEvent> events = new ArrayList<>();

    @Start
    void start(Stage stage) {
        window = new VisualizerWindow(null);
        stage.setScene(window.createScene(1400, 900));
        stage.show();
    }

    @AfterEach
    void closeWindow() {
        Fx.run(window::close);
    }

    private void ev(String p, EventType type, String scope, long gen, String... kv) {
        TraceEvent e = new TraceEvent(zxid++, t += 5, p, type.wireName(), scope, gen, Map.of());
        for (int i = 0; i + 1 < kv.length; i += 2) {
            e = e.with(kv[i], kv[i + 1]);
        }
        events.add(e);
    }

    private void count(String p, String children) {
        int n = children.isEmpty() ? 0 : children.split(",").length;
        ev(p, EventType.COUNT, OVEN, 1, "op", "leave", "count", Integer.toString(n), "want", "0", "children", children);
    }

    @Test
    void theReplayedHangShowsTheInterleavingUnderTheVerdict(FxRobot robot) {
        ev("launcher", EventType.RUN_START, "", -1, "scenario", "tutorial-race", "participants", "p1,p2");
        for (String p : List.of("p1", "p2")) {
            ev(p, EventType.ENTER, OVEN, 1);
        }
        for (String p : List.of("p1", "p2")) {
            ev(p, EventType.ENTERED, OVEN, 1);
        }
        ev("p2", EventType.LEAVE, OVEN, 1);
        count("p2", "p1");
        ev("p1", EventType.LEAVE, OVEN, 1);
        count("p1", "");
        ev("p1", EventType.LEFT, OVEN, 1);
        ev("p1", EventType.ENTER, OVEN, 2);
        count("p2", "p1");
        ev(
                "launcher",
                EventType.RUN_END,
                "",
                -1,
                "verdict",
                "HUNG",
                "reason",
                "p2 in leave of " + OVEN + " generation 1");
        String expected = CountRace.find(events).orElseThrow().text();

        Fx.run(() -> window.play(new Recording("hang.jsonl", events, Optional.empty())));
        robot.type(KeyCode.SPACE); // play: the events are 5 ms apart
        Fx.waitUntil(
                20,
                "the interleaving under the verdict",
                () -> expected.equals(robot.lookup("#verdict-explanation")
                        .queryAs(Label.class)
                        .getText()));
        String verdict = Fx.call(() -> window.presenter().verdictLineProperty().get());
        assertTrue(verdict.startsWith("verdict: HUNG"), verdict);
        assertTrue(expected.contains(">>") && expected.contains("p1 walks straight back in"), expected);
    }
}
