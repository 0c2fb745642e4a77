package org.barrierlab.visualizer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.barrierlab.visualizer.source.Recording;
import org.barrierlab.visualizer.source.ReplaySource;
import org.barrierlab.visualizer.support.Fx;
import org.barrierlab.visualizer.ui.BarrierSpaceTime.Kind;
import org.barrierlab.visualizer.ui.BarrierSpaceTime.Mark;
import org.barrierlab.visualizer.ui.BarrierSpaceTime.Notification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The space-time view of a barrier run, on the shipped recordings replayed through the window:
 * one lane per participant, each lane's marks in time order, every release after the last
 * arrival of its generation with a notification arrow from it, breaks and deaths marked, and
 * the diagram on screen in its own tab.
 */
@ExtendWith(ApplicationExtension.class)
class BarrierSpaceTimeUiTest {

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

    private BarrierSpaceTime replayInSpaceTimeTab(FxRobot robot, String file) {
        Recording r;
        try {
            r = Recording.read(Path.of("..", "docs", "recordings", file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        int all = r.events().size();
        assertTrue(all > 0);
        Fx.run(() -> {
            window.attach(ReplaySource.instant(r.events(), r.name()));
            window.selectTab("spacetime");
        });
        Fx.waitUntil(
                10,
                "the whole recording in the window",
                () -> window.viewModel().log().size() == all);
        Fx.waitUntil(10, "the space-time view drawn from every event", () -> {
            BarrierSpaceTimeView v =
                    (BarrierSpaceTimeView) robot.lookup("#barrier-spacetime").query();
            return v.model().lanes().size() == 4 && v.model().marks().stream().anyMatch(m -> m.kind() == Kind.EXIT);
        });
        String selected = Fx.call(() -> robot.lookup("#tabs")
                .queryAs(TabPane.class)
                .getSelectionModel()
                .getSelectedItem()
                .getText());
        assertEquals("Space-time", selected);
        BarrierSpaceTimeView view =
                (BarrierSpaceTimeView) robot.lookup("#barrier-spacetime").query();
        assertTrue(Fx.call(view::isVisible) && Fx.call(() -> view.getScene() != null), "the view is on screen");
        BarrierSpaceTime model = Fx.call(view::model);
        // every mark of the model is drawn, and nothing else carries the mark style in the diagram
        int drawn = Fx.call(() ->
                robot
                        .lookup("#barrier-spacetime-diagram")
                        .queryAs(javafx.scene.layout.Pane.class)
                        .getChildren()
                        .stream()
                        .filter(n -> n.getStyleClass().contains(BarrierSpaceTimeView.MARK))
                        .toList()
                        .size());
        assertEquals(model.marks().size(), drawn, "one node per mark");
        assertEquals(List.of("p1", "p2", "p3", "p4"), model.lanes());
        for (String p : model.lanes()) {
            List<Mark> lane = model.marksOf(p);
            for (int i = 1; i < lane.size(); i++) {
                assertTrue(lane.get(i - 1).column() < lane.get(i).column(), p + " marks in column order");
                assertTrue(lane.get(i - 1).zxid() < lane.get(i).zxid(), p + " marks in zxid order: " + lane);
            }
        }
        return model;
    }

    private static Map<Kind, Integer> count(List<Mark> marks) {
        Map<Kind, Integer> out = new HashMap<>();
        for (Mark m : marks) {
            out.merge(m.kind(), 1, Integer::sum);
        }
        return out;
    }

    /**
     * At 1280x720 the nested run's whole diagram fits the tab's width (no sideways scrolling), and
     * what is drawn still reads as the run: each lane left to right in time, every notification
     * arrow pointing right, and a generation's arrivals left to right in the order they happened
     * (its last arrival, the one that releases the others, drawn after all the others).
     */
    @Test
    void nestedRunFitsTheWidthAt1280(FxRobot robot) {
        BarrierSpaceTime st = replayInSpaceTimeTab(robot, "nested.jsonl");
        BarrierSpaceTimeView view =
                (BarrierSpaceTimeView) robot.lookup("#barrier-spacetime").query();
        ScrollPane scroll = robot.lookup("#barrier-spacetime .scroll-pane").queryAs(ScrollPane.class);
        javafx.scene.layout.Pane diagram =
                robot.lookup("#barrier-spacetime-diagram").queryAs(javafx.scene.layout.Pane.class);
        double viewport = Fx.call(() -> scroll.getViewportBounds().getWidth());
        assertTrue(viewport > 1000, "the tab is about 1280 px wide: " + viewport);
        // bounded: the view redraws for its viewport once the tab is laid out
        Fx.waitUntil(
                5,
                "the diagram fits the viewport's width (no sideways scrolling)",
                () -> diagram.getPrefWidth() <= scroll.getViewportBounds().getWidth());
        double[] x = Fx.call(view::markXs);
        List<Mark> marks = st.marks();
        Map<String, Double> lastOnLane = new HashMap<>();
        Map<String, Double> lastArrival = new HashMap<>();
        for (int i = 0; i < marks.size(); i++) {
            Mark m = marks.get(i);
            Double before = lastOnLane.put(m.participant(), x[i]);
            assertTrue(before == null || before < x[i], m.participant() + "'s lane left to right at " + m.describe());
            if (m.kind() == Kind.ARRIVE) {
                Double earlier = lastArrival.put(m.scope() + "|" + m.gen(), x[i]);
                assertTrue(earlier == null || earlier < x[i], "arrivals in order at " + m.describe());
            }
        }
        for (Notification n : st.notifications()) {
            assertTrue(
                    x[n.from()] < x[n.to()],
                    "arrow to the right: " + marks.get(n.to()).describe());
        }
    }

    @Test
    void nestedRunHasALaneAMarkAndANotificationForEveryCrossing(FxRobot robot) {
        BarrierSpaceTime st = replayInSpaceTimeTab(robot, "nested.jsonl");
        for (String p : st.lanes()) {
            // the recording: per participant 6 arrive + 2 enter, 6 pass + 2 entered + 2 left, 2 leave, 1 exit
            assertEquals(
                    Map.of(Kind.ARRIVE, 8, Kind.RELEASE, 10, Kind.LEAVE, 2, Kind.EXIT, 1),
                    count(st.marksOf(p)),
                    p + "'s marks");
            List<Mark> lane = st.marksOf(p);
            assertEquals(Kind.EXIT, lane.get(lane.size() - 1).kind(), p + "'s lane ends with its exit");
        }
        Map<Integer, Notification> byRelease = new HashMap<>();
        for (Notification n : st.notifications()) {
            assertFalse(n.broke());
            byRelease.put(n.to(), n);
        }
        List<Mark> marks = st.marks();
        for (int i = 0; i < marks.size(); i++) {
            Mark release = marks.get(i);
            if (release.kind() != Kind.RELEASE) {
                continue;
            }
            Notification n = byRelease.get(i);
            assertNotNull(n, "a notification reaches " + release.describe());
            Mark from = marks.get(n.from());
            assertEquals(release.scope(), from.scope());
            assertEquals(release.gen(), from.gen());
            assertTrue(from.column() < release.column(), "release after the arrival that woke it");
            // it is the LAST arrival (or leave) of that generation before the release
            Kind cause = from.kind();
            for (int j = 0; j < i; j++) {
                Mark m = marks.get(j);
                if (m.kind() == cause && m.scope().equals(release.scope()) && m.gen() == release.gen()) {
                    assertTrue(m.column() <= from.column(), release.describe() + " after the last " + cause);
                }
            }
        }
    }

    @Test
    void reusableKillShowsTheDeathTheBreakAndWhoItBroke(FxRobot robot) {
        BarrierSpaceTime st = replayInSpaceTimeTab(robot, "reusable-kill.jsonl");
        List<Mark> p2 = st.marksOf("p2");
        assertEquals(Kind.DEATH, p2.get(p2.size() - 1).kind(), "p2's lane ends at its kill, not an exit: " + p2);
        assertEquals(1, count(st.marksOf("p3")).getOrDefault(Kind.BREAK, 0), "p3 broke the generation");
        assertTrue(
                st.segmentsOf("p2").stream().allMatch(s -> s.to() >= 0),
                "p2's lane is cut at its death: " + st.segmentsOf("p2"));
        List<Mark> marks = st.marks();
        Map<String, Kind> brokenBy = new HashMap<>();
        for (Notification n : st.notifications()) {
            if (n.broke()) {
                assertEquals(Kind.BROKEN, marks.get(n.to()).kind());
                assertTrue(marks.get(n.from()).column() < marks.get(n.to()).column());
                brokenBy.put(
                        marks.get(n.to()).participant(), marks.get(n.from()).kind());
            }
        }
        assertEquals(Map.of("p1", Kind.BREAK, "p4", Kind.BREAK, "p3", Kind.DEATH), brokenBy);
        Node legend = robot.lookup("#barrier-spacetime-legend").query();
        assertTrue(Fx.call(legend::isVisible));
    }
}
