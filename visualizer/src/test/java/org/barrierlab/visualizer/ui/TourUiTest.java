package org.barrierlab.visualizer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.application.Platform;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.barrierlab.launcher.run.Run;
import org.barrierlab.launcher.run.RunSpec;
import org.barrierlab.launcher.verdict.Verdict;
import org.barrierlab.launcher.zk.EmbeddedZooKeeper;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.state.ParticipantState;
import org.barrierlab.visualizer.launch.LauncherRunStarter;
import org.barrierlab.visualizer.launch.Tour;
import org.barrierlab.visualizer.support.Fx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The guided tour in one window: PageDown / PageUp change chapter (each a fresh run on the same
 * embedded ZooKeeper, the chapter left ends its participant JVMs), a chapter waits for space and
 * ends in its verdict, and the status line follows the run. Real participant JVMs in a headless
 * (Monocle) window driven by TestFX.
 */
@ExtendWith(ApplicationExtension.class)
class TourUiTest {

    private final EmbeddedZooKeeper zk = EmbeddedZooKeeper.standalone(0);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<String> told = new CopyOnWriteArrayList<>();
    private final List<Run> runs = new CopyOnWriteArrayList<>();
    private VisualizerWindow window;
    private Thread tourThread;

    @Start
    void start(Stage stage) {
        window = new VisualizerWindow(new LauncherRunStarter());
        stage.setScene(window.createScene(1400, 900));
        stage.show();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        closed.set(true);
        if (tourThread != null) {
            tourThread.join(TimeUnit.SECONDS.toMillis(40));
            assertTrue(!tourThread.isAlive(), "the tour ends when its window is closed");
        }
        Fx.run(window::close);
        zk.close();
        // no participant JVM outlives the tour
        waitFor(20, "no participant JVM left", () -> ProcessHandle.current()
                .descendants()
                .noneMatch(ProcessHandle::isAlive));
    }

    private void startTour(List<String> chapters, int participants) {
        Tour tour = new Tour(
                chapters,
                name -> RunSpec.builder(name)
                        .participants(participants)
                        .connectString(zk.connectString())
                        .step(true) // held at the start, as the tour command does
                        .rounds(1) // one round is a whole chapter; the test stays short
                        .speed(20)
                        .build(),
                new Tour.Listener() {
                    @Override
                    public void chapterStarted(int index, String scenario, Run run) {
                        runs.add(run);
                        told.add("started " + index);
                    }

                    @Override
                    public void verdict(int index, String scenario, Verdict verdict, String explanation) {
                        told.add("verdict " + index + " " + verdict.line());
                    }

                    @Override
                    public void left(int index, String scenario, String why) {
                        told.add("left " + index);
                    }
                });
        Tour.TourWindow w = new Tour.TourWindow() {
            @Override
            public void onWindow(Consumer<VisualizerWindow> action) {
                Platform.runLater(() -> action.accept(window));
            }

            @Override
            public boolean isClosed() {
                return closed.get();
            }
        };
        tourThread = new Thread(
                () -> {
                    try {
                        tour.run(0, w);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "tour");
        tourThread.start();
    }

    /** A bounded wait off the FX thread; a timeout fails with {@code what}. */
    private static void waitFor(long seconds, String what, java.util.concurrent.Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out after " + seconds + " s waiting for: " + what, e);
        }
    }

    private String chapterLine() {
        return Fx.call(() -> window.presenter().chapterProperty().get());
    }

    /** Chapter {@code k} (1-based) of {@code of} is on screen, held, its participants at the start gate. */
    private void heldAt(int k, int of, String scenario, int participants) {
        Fx.waitUntil(
                60,
                "chapter " + k + " (" + scenario + ") held with its " + participants + " participants at the gate",
                () -> window.presenter()
                                .chapterProperty()
                                .get()
                                .startsWith("Chapter " + k + " of " + of + ": " + scenario)
                        && window.presenter().heldProperty().get()
                        && window.viewModel().stateProperty().get().scenario().equals(scenario)
                        && window.viewModel().stateProperty().get().participants().values().stream()
                                        .filter(ParticipantState::stepWaiting)
                                        .count()
                                == participants);
    }

    private static Set<Long> aliveChildren() {
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    @Test
    void chapterKeysMoveToAFreshRunAndBackAndAChapterEndsInItsVerdict(FxRobot robot) {
        startTour(List.of("simple", "double", "reusable"), 2);
        heldAt(1, 3, "simple", 2);
        Set<Long> firstJvms = aliveChildren();
        assertTrue(firstJvms.size() >= 2, "the first chapter's participant JVMs run: " + firstJvms);

        robot.type(KeyCode.PAGE_DOWN);
        heldAt(2, 3, "double", 2);
        // leaving a chapter mid-run ends its participant JVMs
        waitFor(30, "the first chapter's JVMs ended", () -> firstJvms.stream()
                .noneMatch(
                        pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
        assertEquals(List.of("started 0", "left 0", "started 1"), List.copyOf(told));

        robot.type(KeyCode.PAGE_UP);
        heldAt(1, 3, "simple", 2);
        assertEquals(3, runs.size(), "PageUp starts the chapter afresh: " + told);
        assertNotEquals(runs.get(0).runId(), runs.get(2).runId());
        robot.type(KeyCode.PAGE_UP);
        Fx.waitUntil(
                10,
                "the window says there is no chapter before the first",
                () -> window.presenter().statusProperty().get().equals("this is the first chapter"));

        robot.type(KeyCode.SPACE);
        Fx.waitUntil(
                60,
                "the chapter's verdict banner",
                () -> window.presenter().verdictLineProperty().get().startsWith("verdict: PASS simple"));
        waitFor(10, "the verdict told to the terminal", () -> told.stream()
                .anyMatch(t -> t.startsWith("verdict 0 verdict: PASS simple")));
        assertTrue(chapterLine().startsWith("Chapter 1 of 3: simple"), chapterLine());
        assertTrue(
                Fx.call(() -> window.presenter().statusProperty().get()).startsWith("run ended: PASS"),
                "the status follows the run to its end");

        // two PageDowns in a row lead two chapters on (keys pressed while a chapter starts add up)
        robot.type(KeyCode.PAGE_DOWN, 2);
        heldAt(3, 3, "reusable", 2);
        assertEquals("started 2", told.get(told.size() - 1), told.toString());
        assertEquals(
                List.of("started 0", "left 0", "started 1", "left 1", "started 0"),
                told.subList(0, 5),
                "a chapter that reached its verdict is not reported as left");
        assertTrue(told.get(5).startsWith("verdict 0"), told.toString());
    }

    @Test
    void aClassicChapterWaitsForStartAndItsStatusFollowsTheRunToTheVerdict(FxRobot robot) {
        startTour(List.of("mutex"), 2);
        heldAt(1, 1, "mutex", 2);
        assertEquals(
                0L,
                Fx.call(() -> window.viewModel().log().stream()
                        .filter(e -> e.is(EventType.REQUEST) || e.is(EventType.ELECTION))
                        .count()),
                "nobody asks for the mutex before Start");
        assertEquals(
                "ready: press space or Start",
                Fx.call(() -> window.presenter().statusProperty().get()));

        robot.type(KeyCode.SPACE);
        Fx.waitUntil(
                60,
                "the mutex chapter's verdict",
                () -> window.presenter().verdictLineProperty().get().startsWith("verdict: PASS mutex"));
        Fx.waitUntil(
                10,
                "the status line says the run ended",
                () -> window.presenter().statusProperty().get().startsWith("run ended: PASS"));
    }
}
