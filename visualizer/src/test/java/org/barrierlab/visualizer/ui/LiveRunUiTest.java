package org.barrierlab.visualizer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.barrierlab.launcher.run.Run;
import org.barrierlab.launcher.run.RunSpec;
import org.barrierlab.launcher.verdict.Verdict;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.state.ParticipantState;
import org.barrierlab.runmodel.state.Phase;
import org.barrierlab.runmodel.state.RunState;
import org.barrierlab.runmodel.state.ScopeState;
import org.barrierlab.visualizer.launch.LauncherRunStarter;
import org.barrierlab.visualizer.source.ReplaySource;
import org.barrierlab.visualizer.source.RunStarter;
import org.barrierlab.visualizer.support.Fx;
import org.barrierlab.visualizer.viewmodel.EventFunnel;
import org.barrierlab.visualizer.viewmodel.RunViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The visualizer on REAL runs: an embedded ZooKeeper and participant JVMs started through the
 * launcher's Run API, shown in a headless (Monocle) window driven by TestFX.
 */
@ExtendWith(ApplicationExtension.class)
class LiveRunUiTest {

    private static final String STROKE = "/barriers/stroke";

    private VisualizerWindow window;
    private RunStarter.StartedRun started;
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
        if (run != null) {
            run.close();
        }
    }

    private void startRun(RunSpec spec) throws Exception {
        run = Run.start(spec);
        started = LauncherRunStarter.follow(run, false);
        Fx.run(() -> window.attach(started.source()));
    }

    /**
     * Attaches as another process would: plain ZooKeeper source with the run's secret (what
     * {@code visualize --secret-file} reads), commands via the control channel.
     */
    private void startRunAttached(RunSpec spec) throws Exception {
        run = Run.start(spec);
        org.barrierlab.visualizer.source.ZkEventSource source = org.barrierlab.visualizer.source.ZkEventSource.connect(
                run.connectString(), run.runId(), run.layout().secret().orElseThrow(), null);
        assertTrue(source.control() instanceof org.barrierlab.visualizer.source.ControlChannel);
        Fx.run(() -> window.attach(source));
    }

    private RunViewModel vm() {
        return window.viewModel();
    }

    private long count(EventType type) {
        return Fx.call(() -> vm().log().stream().filter(e -> e.is(type)).count());
    }

    @Test
    void arrivalsAppearWithCountAndTheReleaseMovesAllWaitersThrough() throws Exception {
        AtomicBoolean countShown = new AtomicBoolean();
        AtomicBoolean releaseShown = new AtomicBoolean();
        AtomicBoolean watching = new AtomicBoolean();
        Fx.run(() -> vm().stateProperty().addListener((o, a, s) -> {
            ScopeState stroke = s.scopes().get(STROKE);
            if (stroke == null) {
                return;
            }
            // what the scope header shows, as drawn (the canvas draws on the next pulse: sample each pulse)
            if (watching.compareAndSet(false, true)) {
                new javafx.animation.AnimationTimer() {
                    @Override
                    public void handle(long now) {
                        window.barrierView().scope(STROKE).ifPresent(n -> {
                            if (n.info().matches("waiting [12]/3.*")) {
                                countShown.set(true);
                                stop();
                            }
                        });
                    }
                }.start();
            }
            // a release on screen: every token has its target in the "passed" lane of the same generation
            List<ParticipantState> ps = List.copyOf(s.participants().values());
            if (ps.size() == 3
                    && ps.stream()
                            .allMatch(p -> p.scope().equals(STROKE)
                                    && p.phase() == Phase.PASSED
                                    && p.generation() == ps.get(0).generation())) {
                BarrierLayout l = BarrierLayout.compute(
                        window.barrierView().stageLayout().plan(),
                        s,
                        window.barrierView().viewWidthForTests());
                double gate = l.boxes().get(STROKE).gates().get(0);
                boolean allRight = ps.stream().allMatch(p -> l.tokens().get(p.id())[0] > gate);
                if (allRight) {
                    releaseShown.set(true);
                }
            }
        }));
        startRun(
                RunSpec.builder("reusable").participants(3).rounds(6).speed(0.5).build());

        Fx.waitUntil(60, "an arrival with its count (waiting k/3) on screen", countShown::get);
        Fx.waitUntil(60, "a release: all three tokens passed the same generation", releaseShown::get);
        Verdict v = run.awaitVerdict(2, TimeUnit.MINUTES);
        assertEquals(0, v.exitCode(), v.line());
        Fx.waitUntil(20, "the last pass on screen", () -> vm().stateProperty().get().participants().values().stream()
                .allMatch(p -> p.phase() == Phase.PASSED && p.generation() >= 5));
        Fx.waitUntil(20, "tokens settled in the passed lane", window::settled);
        Fx.run(() -> {
            RunState s = vm().stateProperty().get();
            BarrierLayout layout = BarrierLayout.compute(
                    window.barrierView().stageLayout().plan(),
                    s,
                    window.barrierView().viewWidthForTests());
            double gate = layout.boxes().get(STROKE).gates().get(0);
            for (String p : List.of("p1", "p2", "p3")) {
                double x = window.barrierView().token(p).orElseThrow().x();
                assertTrue(x > gate, p + " is drawn right of the gate after the release: " + x + " vs " + gate);
            }
        });
    }

    @Test
    void stepModeGrantsExactlyOneStepThroughTheControlChannel(FxRobot robot) throws Exception {
        startRunAttached(
                RunSpec.builder("reusable").participants(3).rounds(3).step(true).build());
        Fx.waitUntil(
                60,
                "all three participants waiting at the step gate",
                () -> vm().stateProperty().get().participants().values().stream()
                                .filter(ParticipantState::stepWaiting)
                                .count()
                        == 3);
        assertEquals(0, count(EventType.STEP));
        robot.type(KeyCode.PERIOD);
        Fx.waitUntil(30, "one step granted", () -> count(EventType.STEP) >= 1);
        TraceEvent step = Fx.call(() -> vm().log().stream()
                .filter(e -> e.is(EventType.STEP))
                .findFirst()
                .orElseThrow());
        // the stepped participant goes on to its barrier operation and blocks there
        Fx.waitUntil(30, step.participant() + " arrives after its step", () -> vm().log().stream()
                .anyMatch(e -> e.participant().equals(step.participant())
                        && e.is(EventType.ARRIVE)
                        && e.zxid() > step.zxid()));
        assertEquals(1, count(EventType.STEP), "exactly one step after one key press");
        Fx.run(() -> assertEquals(
                2,
                vm().stateProperty().get().participants().values().stream()
                        .filter(ParticipantState::stepWaiting)
                        .count()));
        robot.type(KeyCode.SPACE);
        Fx.waitUntil(30, "a second step after the second key press", () -> count(EventType.STEP) >= 2);
    }

    @Test
    void killFromTheContextMenuMarksTheParticipantDeadAndTheBarrierBroken(FxRobot robot) throws Exception {
        startRun(RunSpec.builder("reusable")
                .participants(3)
                .rounds(30)
                .step(true)
                .build());
        Fx.waitUntil(
                60,
                "all three participants waiting at the step gate",
                () -> vm().stateProperty().get().participants().values().stream()
                                .filter(ParticipantState::stepWaiting)
                                .count()
                        == 3);
        run.grantStep();
        // the participant that got the step arrives and waits in the barrier: it is the victim
        Fx.waitUntil(30, "one arrival after the step", () -> count(EventType.ARRIVE) >= 1);
        String victim = Fx.call(() -> vm().log().stream()
                .filter(e -> e.is(EventType.ARRIVE))
                .findFirst()
                .orElseThrow()
                .participant());
        Fx.waitUntil(20, "tokens settled", window::settled);
        javafx.geometry.Point2D at =
                Fx.call(() -> window.barrierView().tokenOnScreen(victim).orElseThrow());
        robot.clickOn(at, MouseButton.SECONDARY);
        robot.clickOn("Kill " + victim + " (SIGKILL)");
        Fx.waitUntil(
                30,
                victim + " shown dead",
                () -> !vm().stateProperty().get().participants().get(victim).alive()
                        && window.barrierView().token(victim).orElseThrow().shows(Styles.TOKEN_DEAD));
        run.continueRun();
        try {
            Fx.waitUntil(60, "the barrier shown broken", () -> {
                ScopeState s = vm().stateProperty().get().scopes().get(STROKE);
                return s != null
                        && s.broken()
                        && window.barrierView()
                                .scope(STROKE)
                                .map(n -> n.info().startsWith("BROKEN"))
                                .orElse(false);
            });
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + "; last events: "
                            + Fx.call(() -> {
                                List<TraceEvent> log = vm().log();
                                return log.subList(Math.max(0, log.size() - 12), log.size())
                                        .toString();
                            }),
                    e);
        }
    }

    @Test
    void newRunFromTheWindowStartsTheChosenScenarioWithTheChosenParticipants(FxRobot robot) {
        robot.clickOn("#new-run");
        Fx.waitUntil(10, "the new-run dialog", () -> robot.lookup("#scenario-choice")
                .tryQuery()
                .isPresent());
        Fx.run(() -> {
            robot.lookup("#scenario-choice")
                    .<javafx.scene.control.ComboBox<String>>query()
                    .getSelectionModel()
                    .select("reusable");
            robot.lookup("#participants-choice")
                    .<javafx.scene.control.Spinner<Integer>>query()
                    .getValueFactory()
                    .setValue(2);
        });
        robot.clickOn("OK");
        Fx.waitUntil(60, "the started run's two participants passing on screen", () -> {
            RunState s = vm().stateProperty().get();
            return s.scenario().equals("reusable")
                    && s.participants().size() == 2
                    && s.participants().values().stream().anyMatch(p -> p.phase() == Phase.PASSED);
        });
        assertTrue(Fx.call(() -> window.control().supportsFaults()), "a started run can be controlled");
    }

    @Test
    void replayOfTheRecordingYieldsTheSameViewStatesAsTheLiveRun(@TempDir Path dir) throws Exception {
        Path recording = dir.resolve("run.jsonl");
        startRun(RunSpec.builder("reusable")
                .participants(3)
                .rounds(3)
                .speed(4)
                .recordFile(recording)
                .build());
        Verdict v = run.awaitVerdict(2, TimeUnit.MINUTES);
        assertEquals(0, v.exitCode(), v.line());
        List<TraceEvent> recorded = ReplaySource.read(recording);
        Fx.waitUntil(
                30, "the live view has every recorded event", () -> vm().log().size() >= recorded.size());

        RunViewModel replay = Fx.call(RunViewModel::new);
        EventFunnel funnel = new EventFunnel();
        try (ReplaySource source = ReplaySource.instant(recorded, "run.jsonl")) {
            source.start(funnel::offer);
        }
        Fx.run(() -> replay.accept(funnel.drain()));
        Fx.run(() -> {
            assertEquals(recorded.size(), replay.log().size());
            for (int k = 0; k <= recorded.size(); k++) {
                assertEquals(vm().stateAt(k), replay.stateAt(k), "view state after " + k + " events");
            }
        });
    }
}
