package org.barrierlab.visualizer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javafx.scene.control.Label;
import javafx.scene.control.TreeItem;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.launcher.zk.EmbeddedZooKeeper;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.layout.RunLayout;
import org.barrierlab.runmodel.state.RunState;
import org.barrierlab.visualizer.source.ReplaySource;
import org.barrierlab.visualizer.source.ZkEventSource;
import org.barrierlab.visualizer.source.ZnodeSnapshot;
import org.barrierlab.visualizer.support.Fx;
import org.barrierlab.visualizer.support.ScriptedRun;
import org.barrierlab.visualizer.support.ZkClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The window on a scripted run written into a REAL embedded ZooKeeper (nested double barriers,
 * restricted barriers, a kill that breaks a generation, classic-algorithm traffic), followed
 * live through the ZooKeeper source; and the presenter's keys and exports on a replay of it.
 */
@ExtendWith(ApplicationExtension.class)
class ScriptedViewTest {

    private static EmbeddedZooKeeper server;
    private static ZooKeeper zk;
    private static List<TraceEvent> story;
    private static int runs;

    private VisualizerWindow window;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        server = EmbeddedZooKeeper.standalone(0);
        zk = ZkClients.connect(server.connectString());
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        zk.close();
        server.close();
    }

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

    private List<TraceEvent> writeStory() throws Exception {
        ScriptedRun run = new ScriptedRun(zk, RunLayout.of("scripted-" + (++runs)), null);
        run.story(6);
        return run.written();
    }

    @Test
    void liveViewFollowsTheNewestRunAndShowsNestingMembersBreakageAndClassics(FxRobot robot) throws Exception {
        // its own server: the view starts before any run exists and must pick up the first one
        try (EmbeddedZooKeeper own = EmbeddedZooKeeper.standalone(0);
                ZooKeeper client = ZkClients.connect(own.connectString())) {
            ZkEventSource source = ZkEventSource.connect(own.connectString(), null);
            Fx.run(() -> window.attach(source));
            ScriptedRun run = new ScriptedRun(client, RunLayout.of("scripted-live"), null);
            run.story(6);
            story = run.written();
            checkLiveView(robot, source);
        }
    }

    private void checkLiveView(FxRobot robot, ZkEventSource source) throws Exception {
        Fx.waitUntil(
                30,
                "all " + story.size() + " events in the view",
                () -> window.viewModel().log().size() == story.size());
        Fx.waitUntil(20, "view settled", window::settled);
        Fx.run(() -> {
            RunState s = window.viewModel().stateProperty().get();
            assertEquals(s, window.viewModel().stateAt(story.size()));
            // nested scopes are drawn inside their parent
            BarrierView view = window.barrierView();
            BarrierLayout.Rect outer =
                    view.stageLayout().boxes().get("/barriers/outer").rect();
            BarrierLayout.Rect pair =
                    view.stageLayout().boxes().get("/barriers/outer/inner/pair").rect();
            assertTrue(outer.contains(pair), "inner region inside outer");
            // restricted: the member list is drawn
            assertEquals(
                    "members: p1, p2",
                    view.scope("/barriers/outer/inner/pair").orElseThrow().members());
            // broken generation with its reason (the one failure story: the dead member broke
            // it, whoever noticed first), and the dead participant
            ScopePainter.Shown all = view.scope("/barriers/all").orElseThrow();
            assertEquals("BROKEN gen 3 by p6", all.info());
            assertEquals("reason: p6 died", all.reason());
            assertTrue(view.token("p6").orElseThrow().shows(Styles.TOKEN_DEAD));
            assertEquals(
                    Optional.of(Set.of("p1", "p2", "p3", "p4", "p5")),
                    window.viewModel().presenceProperty().get());
        });
        // classic algorithms view
        robot.clickOn("Classic algorithms");
        Fx.waitUntil(10, "leader shown", () -> robot.lookup("#classic-leader")
                .queryAs(Label.class)
                .getText()
                .equals("Leader: p4"));
        assertEquals(
                "Mutex holder: p2",
                robot.lookup("#classic-mutex").queryAs(Label.class).getText());
        // the last receive: its causal past spans earlier events of its process and the sender's
        List<javafx.scene.shape.Circle> receives =
                List.copyOf(robot.lookup(".st-receive").queryAllAs(javafx.scene.shape.Circle.class));
        javafx.geometry.Bounds viewport = Fx.call(() -> {
            javafx.scene.Node sp = robot.lookup("#classic-view .scroll-pane").query();
            return sp.localToScreen(sp.getBoundsInLocal());
        });
        javafx.scene.shape.Circle target = receives.stream()
                .filter(c -> Fx.call(() -> {
                    javafx.geometry.Bounds b = c.localToScreen(c.getBoundsInLocal());
                    return viewport.contains(b.getCenterX(), b.getCenterY());
                }))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no receive visible in " + viewport));
        robot.clickOn(target);
        Fx.waitUntil(
                5,
                "causal past highlighted",
                () -> robot.lookup(".st-causal").queryAll().size() >= 3
                        && robot.lookup(".st-selected").queryAll().size() == 1);
        // znode inspector: the run namespace with data and stat
        robot.clickOn("Znodes");
        Fx.waitUntil(20, "znode tree read", () -> {
            TreeItem<ZnodeSnapshot> root = window.inspectorForTests().tree().getRoot();
            return root != null
                    && root.getValue().path().equals("/barrierlab/runs/scripted-live")
                    && source.layout().orElseThrow().runId().equals("scripted-live");
        });
        Fx.run(() -> {
            TreeItem<ZnodeSnapshot> root = window.inspectorForTests().tree().getRoot();
            assertTrue(root.getChildren().stream()
                    .anyMatch(c -> c.getValue().name().equals("participants")));
            assertTrue(root.getValue().data().contains("run-start"));
        });
    }

    @Test
    void presenterKeysScrubZoomHelpAndStepAReplay(FxRobot robot, @TempDir Path dir) throws Exception {
        if (story == null) {
            story = writeStory();
        }
        ReplaySource replay = ReplaySource.paced(story, "story");
        replay.pause();
        Fx.run(() -> window.attach(replay));
        assertEquals(0, Fx.call(() -> window.viewModel().log().size()));
        robot.type(KeyCode.PERIOD);
        Fx.waitUntil(
                10, "one event after one step", () -> window.viewModel().log().size() == 1);
        robot.type(KeyCode.SPACE);
        robot.type(KeyCode.SPACE);
        Fx.waitUntil(
                10,
                "three events after three steps",
                () -> window.viewModel().log().size() == 3);
        replay.setSpeed(50);
        replay.continueRun();
        Fx.waitUntil(30, "replay done", () -> window.viewModel().log().size() == story.size());

        robot.type(KeyCode.LEFT);
        robot.type(KeyCode.LEFT);
        Fx.waitUntil(
                5,
                "scrubbed back two",
                () -> window.viewModel().positionProperty().get() == story.size() - 2
                        && !window.viewModel().followingProperty().get());
        assertEquals(
                Fx.call(() -> window.viewModel().stateAt(story.size() - 2)),
                Fx.call(() -> window.viewModel().stateProperty().get()));
        robot.press(KeyCode.SHIFT).type(KeyCode.LEFT).release(KeyCode.SHIFT);
        Fx.waitUntil(
                5,
                "scrubbed back ten more",
                () -> window.viewModel().positionProperty().get() == story.size() - 12);
        robot.type(KeyCode.END);
        Fx.waitUntil(
                5, "live again", () -> window.viewModel().followingProperty().get());

        robot.press(KeyCode.CONTROL).type(KeyCode.EQUALS).release(KeyCode.CONTROL);
        Fx.waitUntil(5, "zoomed in", () -> window.zoomPercent() == 115);
        robot.press(KeyCode.CONTROL).type(KeyCode.MINUS).type(KeyCode.MINUS).release(KeyCode.CONTROL);
        Fx.waitUntil(5, "zoomed out", () -> window.zoomPercent() == 90);
        assertTrue(Fx.call(() -> window.root().getStyleClass().contains("zoom-90")));

        assertFalse(Fx.call(window::helpVisible));
        robot.write("?");
        Fx.waitUntil(5, "help shown", window::helpVisible);
        robot.type(KeyCode.ESCAPE);
        Fx.waitUntil(5, "help hidden", () -> !window.helpVisible());

        javafx.geometry.Point2D p3 =
                Fx.call(() -> window.barrierView().tokenOnScreen("p3").orElseThrow());
        robot.clickOn(p3, javafx.scene.input.MouseButton.SECONDARY);
        Fx.waitUntil(5, "replay menu has no faults", () -> robot.lookup("Kill p3 (SIGKILL)")
                .tryQuery()
                .isPresent());
        robot.type(KeyCode.ESCAPE);

        Path png = dir.resolve("view.png");
        Fx.run(() -> {
            try {
                window.exportPng(png);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        byte[] head = Files.readAllBytes(png);
        assertTrue(head.length > 1000 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G', "a PNG file");

        Path saved = dir.resolve("saved.jsonl");
        Fx.run(() -> {
            try {
                window.saveRecording(saved);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertEquals(story, ReplaySource.read(saved));
    }
}
