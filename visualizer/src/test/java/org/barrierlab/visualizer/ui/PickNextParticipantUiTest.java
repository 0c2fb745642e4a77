package org.barrierlab.visualizer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.barrierlab.launcher.run.Run;
import org.barrierlab.launcher.run.RunSpec;
import org.barrierlab.launcher.verdict.Verdict;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.state.ParticipantState;
import org.barrierlab.visualizer.launch.LauncherRunStarter;
import org.barrierlab.visualizer.source.ControlChannel;
import org.barrierlab.visualizer.source.RunStarter;
import org.barrierlab.visualizer.source.ZkEventSource;
import org.barrierlab.visualizer.support.Fx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Step mode in the presenter's hands: a number key (or a click on a token) grants the next step
 * to that participant, and the status line says who moves and what it does. Real runs (embedded
 * ZooKeeper, participant JVMs) in a headless window driven by TestFX.
 */
@ExtendWith(ApplicationExtension.class)
class PickNextParticipantUiTest {

    private VisualizerWindow window;
    private RunStarter.StartedRun started;
    private ZkEventSource attached;
    private Run run;

    @Start
    void start(Stage stage) {
        window = new VisualizerWindow(new LauncherRunStarter());
        stage.setScene(window.createScene(1400, 900));
        stage.show();
    }

    @AfterEach
    void tearDown() {
        if (window != null) {
            Fx.run(window::close);
        }
        if (started != null) {
            started.close();
        }
        if (attached != null) {
            attached.close();
        }
        if (run != null) {
            run.close();
        }
    }

    private static RunSpec stepped() {
        return RunSpec.builder("simple")
                .participants(3)
                .rounds(1)
                .speed(50)
                .step(true)
                .build();
    }

    private List<String> stepped(EventType type) {
        return Fx.call(() -> window.viewModel().log().stream()
                .filter(e -> e.is(type) && (type != EventType.STEP || "grant".equals(e.attr("by"))))
                .map(TraceEvent::participant)
                .toList());
    }

    private void allAtTheGate() {
        Fx.waitUntil(
                60,
                "all three participants waiting at the step gate",
                () -> window.viewModel().stateProperty().get().participants().values().stream()
                                .filter(ParticipantState::stepWaiting)
                                .count()
                        == 3);
    }

    @Test
    void aNumberKeyGrantsThatParticipantsStepThroughTheControlChannel(FxRobot robot) throws Exception {
        run = Run.start(stepped());
        // as another process attaches: with the run's secret (what visualize --secret-file reads)
        attached = ZkEventSource.connect(
                run.connectString(), run.runId(), run.layout().secret().orElseThrow(), null);
        assertTrue(attached.control() instanceof ControlChannel);
        Fx.run(() -> window.attach(attached));
        allAtTheGate();

        robot.type(KeyCode.DIGIT3);
        Fx.waitUntil(
                30, "p3 arrives after its step", () -> stepped(EventType.ARRIVE).contains("p3"));
        assertEquals(List.of("p3"), stepped(EventType.STEP), "the number key granted p3's step, nobody else's");
        Fx.waitUntil(
                10,
                "the status line names who stepped and what it does",
                () -> window.presenter().statusProperty().get().startsWith("p3 took one step: await camp-1"));

        robot.type(KeyCode.DIGIT1);
        Fx.waitUntil(
                30, "p1 arrives after its step", () -> stepped(EventType.ARRIVE).contains("p1"));
        assertEquals(List.of("p3", "p1"), stepped(EventType.STEP));
        assertEquals(List.of("p3", "p1"), stepped(EventType.ARRIVE));
        Fx.run(() -> assertTrue(
                window.viewModel()
                        .stateProperty()
                        .get()
                        .participants()
                        .get("p2")
                        .stepWaiting(),
                "p2 still waits its turn"));

        run.continueRun();
        Verdict v = run.awaitVerdict(2, TimeUnit.MINUTES);
        assertEquals(Verdict.Outcome.PASS, v.outcome(), v.line());
    }

    @Test
    void pickingSaysWhoMovesNextAndWhatItWillDo(FxRobot robot) throws Exception {
        run = Run.start(stepped());
        started = LauncherRunStarter.follow(run, false);
        Fx.run(() -> window.attach(started.source()));
        allAtTheGate();

        Fx.run(() -> window.presenter().stepParticipant("p2"));
        Fx.waitUntil(
                30, "p2 arrives after its step", () -> stepped(EventType.ARRIVE).contains("p2"));
        assertEquals(List.of("p2"), stepped(EventType.STEP));
        robot.type(KeyCode.DIGIT9); // there is no p9: nothing moves, and the status says so
        Fx.waitUntil(
                10,
                "the status explains the key",
                () -> window.presenter().statusProperty().get().contains("no participant 9"));
        assertEquals(List.of("p2"), stepped(EventType.STEP));
        run.continueRun();
        assertEquals(Verdict.Outcome.PASS, run.awaitVerdict(2, TimeUnit.MINUTES).outcome());
    }
}
