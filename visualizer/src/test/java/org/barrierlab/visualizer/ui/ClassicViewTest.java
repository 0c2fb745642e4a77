package org.barrierlab.visualizer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.shape.Rectangle;
import javafx.stage.Stage;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.state.RunReducer;
import org.barrierlab.runmodel.state.RunState;
import org.barrierlab.visualizer.support.Fx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The classic algorithms on stage: critical sections as intervals on the space-time diagram, a
 * legend for its colours, end marks for exited and dead processes, and nothing "in progress"
 * after the run. A headless window (Monocle) showing a scripted trace.
 */
@ExtendWith(ApplicationExtension.class)
class ClassicViewTest {

    private ClassicView view;
    private long zxid = 10;
    private final List<TraceEvent> events = new ArrayList<>();

    @Start
    void start(Stage stage) {
        view = new ClassicView();
        stage.setScene(new javafx.scene.Scene(view, 1400, 700));
        stage.show();
    }

    private TraceEvent ev(String p, EventType t, String scope, String... kv) {
        TraceEvent e = new TraceEvent(zxid++, 0, p, t.wireName(), scope, -1, Map.of());
        for (int i = 0; i + 1 < kv.length; i += 2) {
            e = e.with(kv[i], kv[i + 1]);
        }
        events.add(e);
        return e;
    }

    private void script() {
        ev("launcher", EventType.RUN_START, "", "participants", "p1,p2,p3", "scenario", "mutex");
        ev("p3", EventType.ELECTION, "election", "clock", "1");
        ev("p3", EventType.LEADER, "election", "leader", "p3", "clock", "2");
        ev("p3", EventType.ELECTION, "election", "clock", "3"); // won again: no leader event follows
        ev("p3", EventType.SEND, "election", "to", "p1", "kind", "COORDINATOR", "msg", "m1", "clock", "4");
        ev("p1", EventType.RECEIVE, "election", "from", "p3", "kind", "COORDINATOR", "msg", "m1", "clock", "5");
        ev("p1", EventType.REQUEST, "mutex", "request", "p1-1-r1", "clock", "6");
        ev("p1", EventType.ACQUIRE, "mutex", "request", "p1-1-r1", "clock", "7");
        ev("p1", EventType.LOCAL, "mutex", "clock", "8");
        ev("p1", EventType.RELEASE, "mutex", "request", "p1-1-r1", "clock", "9");
        ev("p2", EventType.REQUEST, "mutex", "request", "p2-1-r1", "clock", "3");
        ev("p2", EventType.ACQUIRE, "mutex", "request", "p2-1-r1", "clock", "10");
        ev("p2", EventType.KILL, "", "signal", "KILL");
        ev("p1", EventType.EXIT, "", "code", "0");
        ev("p3", EventType.LOCAL, "mutex", "clock", "11");
        ev("launcher", EventType.RUN_END, "", "verdict", "PASS");
    }

    private static Stream<Node> all(Node n) {
        if (n instanceof Parent p) {
            return Stream.concat(
                    Stream.of(n), p.getChildrenUnmodifiable().stream().flatMap(ClassicViewTest::all));
        }
        return Stream.of(n);
    }

    private List<Node> styled(String styleClass) {
        return all(view).filter(n -> n.getStyleClass().contains(styleClass)).toList();
    }

    @Test
    void criticalSectionsLegendAndEndMarksAreDrawnAndNothingIsLeftInProgress() {
        script();
        RunState s = RunReducer.applyAll(RunState.EMPTY, events);
        Fx.run(() -> view.show(s, events));
        Fx.run(() -> {
            // on the diagram (the legend shows the same style as its swatch)
            List<Node> sections = styled(Styles.SPACETIME_SECTION).stream()
                    .filter(n -> n.getId() != null && n.getId().startsWith("section-"))
                    .toList();
            assertEquals(2, sections.size(), "one interval per critical section: " + sections);
            Rectangle p1 = (Rectangle) sections.stream()
                    .filter(n -> "section-p1-1-r1".equals(n.getId()))
                    .findFirst()
                    .orElseThrow();
            Rectangle p2 = (Rectangle) sections.stream()
                    .filter(n -> "section-p2-1-r1".equals(n.getId()))
                    .findFirst()
                    .orElseThrow();
            assertTrue(p1.getWidth() > 0, "p1's section spans acquire to release");
            assertTrue(p2.getStyleClass().contains(Styles.SPACETIME_SECTION_CUT), "p2 died in its section");
            assertTrue(p1.getY() != p2.getY(), "each on its own process line");

            Node deadMark = all(view)
                    .filter(n -> "end-p2".equals(n.getId()))
                    .findFirst()
                    .orElseThrow();
            Node exitMark = all(view)
                    .filter(n -> "end-p1".equals(n.getId()))
                    .findFirst()
                    .orElseThrow();
            assertTrue(
                    deadMark.getStyleClass().contains(Styles.SPACETIME_END_DEAD),
                    deadMark.getStyleClass().toString());
            assertTrue(
                    exitMark.getStyleClass().contains(Styles.SPACETIME_END_EXIT),
                    exitMark.getStyleClass().toString());
            assertTrue(all(view).noneMatch(n -> "end-p3".equals(n.getId())), "p3 is still running: no end mark");

            Node legend = all(view)
                    .filter(n -> "classic-legend".equals(n.getId()))
                    .findFirst()
                    .orElseThrow();
            List<String> legendText = all(legend)
                    .filter(n -> n instanceof Label)
                    .map(n -> ((Label) n).getText())
                    .toList();
            for (String item : List.of("send", "receive", "acquire", "release", "critical section", "died", "exited")) {
                assertTrue(legendText.stream().anyMatch(t -> t.contains(item)), item + " missing in " + legendText);
            }
            String elections = all(view)
                    .filter(n -> n instanceof Label l && l.getText().startsWith("Elections in progress"))
                    .map(n -> ((Label) n).getText())
                    .findFirst()
                    .orElseThrow();
            assertEquals("Elections in progress: none", elections);
        });
    }
}
