package org.barrierlab.visualizer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.Label;
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

/** The replay player's keys: the same as live (space, p, ., arrows), REPLAY shown, held at 0. */
@ExtendWith(ApplicationExtension.class)
class ReplayPlayerTest {

    private VisualizerWindow window;

    @Start
    void start(Stage stage) {
        window = new VisualizerWindow(null);
        stage.setScene(window.createScene(1200, 800));
        stage.show();
    }

    @AfterEach
    void closeWindow() {
        Fx.run(window::close);
    }

    /** Forty events, 200 ms apart as recorded. */
    private static Recording recording(Optional<String> warning) {
        List<TraceEvent> events = new ArrayList<>();
        long t = 1_000_000;
        for (int i = 1; i <= 40; i++) {
            String p = "p" + (1 + i % 4);
            events.add(new TraceEvent(
                    i, t + 200L * i, p, EventType.ARRIVE.wireName(), "/barriers/all", i / 4, java.util.Map.of()));
        }
        return new Recording("run.jsonl", events, warning);
    }

    private int shown() {
        return Fx.call(() -> window.viewModel().log().size());
    }

    private String position(FxRobot robot) {
        return Fx.call(() -> robot.lookup("#position").queryAs(Label.class).getText());
    }

    @Test
    void spaceP_dotAndArrowsPlayPauseStepAndScrubTheReplay(FxRobot robot) {
        Fx.run(() -> window.play(recording(Optional.empty())));
        assertTrue(Fx.call(() -> window.presenter().heldProperty().get()), "the replay waits at event 0");
        assertEquals(0, shown());
        // The position line is refreshed on the next frame after play(): wait for it, bounded.
        Fx.waitUntil(
                10,
                "the position line says REPLAY",
                () -> robot.lookup("#position").queryAs(Label.class).getText().contains("REPLAY"));
        assertFalse(position(robot).contains("LIVE"), position(robot));

        robot.type(KeyCode.SPACE);
        Fx.waitUntil(
                10,
                "the replay plays after space",
                () -> window.viewModel().log().size() >= 3);
        assertFalse(Fx.call(() -> window.presenter().heldProperty().get()));

        robot.type(KeyCode.P);
        Fx.waitUntil(
                10,
                "the status says paused and which keys step",
                () -> window.presenter().statusProperty().get().startsWith("paused: . or space shows the next event"));
        int paused = shown();
        robot.type(KeyCode.PERIOD);
        Fx.waitUntil(10, "one event after '.'", () -> window.viewModel().log().size() == paused + 1);
        // the status says which event the step showed; the position counts to the recording's end
        TraceEvent shownByStep = Fx.call(() -> window.viewModel().log().get(paused));
        Fx.waitUntil(5, "the status names the stepped event", () -> window.presenter()
                .statusProperty()
                .get()
                .equals("stepped to: " + shownByStep.participant() + " arrive all gen " + shownByStep.generation()));
        Fx.waitUntil(5, "the position counts to 40", () -> robot.lookup("#position")
                .queryAs(Label.class)
                .getText()
                .startsWith("event " + (paused + 1) + " / 40"));
        // the slider spans the whole recording, its thumb where the replay is
        javafx.scene.control.Slider slider = robot.lookup("#timeline").queryAs(javafx.scene.control.Slider.class);
        assertEquals(40.0, Fx.call(slider::getMax));
        assertEquals(paused + 1.0, Fx.call(slider::getValue));
        robot.type(KeyCode.RIGHT);
        Fx.waitUntil(
                10,
                "one more event after the right arrow",
                () -> window.viewModel().log().size() == paused + 2);

        robot.type(KeyCode.LEFT);
        Fx.waitUntil(
                5,
                "stepped back one event",
                () -> window.viewModel().positionProperty().get() == paused + 1);
        Fx.waitUntil(
                10,
                "the position line says REPLAY \u00b7 SCRUBBED",
                () -> robot.lookup("#position").queryAs(Label.class).getText().contains("REPLAY \u00b7 SCRUBBED"));
        robot.type(KeyCode.END);
        Fx.waitUntil(5, "following the replay again", () -> window.viewModel()
                .followingProperty()
                .get());

        Fx.run(() -> window.presenter().setSpeed(4));
        Fx.run(() -> window.presenter().continueRun());
        Fx.waitUntil(
                20, "the whole replay at 4x", () -> window.viewModel().log().size() == 40);
    }

    @Test
    void aCutOffRecordingSaysSoInTheBanner(FxRobot robot) {
        Fx.run(() -> window.play(recording(Optional.of("run.jsonl is cut off at line 41"))));
        String banner =
                Fx.call(() -> robot.lookup("#held-banner").queryAs(Label.class).getText());
        assertTrue(banner.contains("Warning: run.jsonl is cut off at line 41"), banner);
        assertTrue(banner.contains("40 events"), banner);
    }

    @Test
    void aClassicRunOpensOnTheClassicTabABarrierRunStaysOnBarriers(FxRobot robot) throws Exception {
        Fx.run(() -> {
            try {
                window.play(Recording.read(java.nio.file.Path.of("..", "docs", "recordings", "leader.jsonl")));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            window.presenter().setSpeed(4);
        });
        robot.type(KeyCode.SPACE);
        Fx.waitUntil(20, "the classic tab selected by the election's first events", () -> robot.lookup("#tabs")
                .queryAs(javafx.scene.control.TabPane.class)
                .getSelectionModel()
                .getSelectedItem()
                .getText()
                .equals("Classic algorithms"));

        Fx.run(() -> {
            try {
                window.play(Recording.read(java.nio.file.Path.of("..", "docs", "recordings", "simple.jsonl")));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            window.selectTab("barriers");
            window.presenter().setSpeed(4);
        });
        robot.type(KeyCode.SPACE);
        Fx.waitUntil(
                20,
                "the simple run's barrier on screen",
                () -> !window.viewModel().stateProperty().get().scopes().isEmpty());
        assertEquals("Barriers", Fx.call(() -> robot.lookup("#tabs")
                .queryAs(javafx.scene.control.TabPane.class)
                .getSelectionModel()
                .getSelectedItem()
                .getText()));
    }
}
