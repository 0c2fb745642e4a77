package org.barrierlab.visualizer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.state.DeclaredBarrier;
import org.barrierlab.runmodel.state.RunReducer;
import org.barrierlab.runmodel.state.RunState;
import org.barrierlab.runmodel.state.ScopeState;
import org.barrierlab.visualizer.support.Fx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The generation chips of the default tour in the projector theme at the size of the committed
 * screenshot (docs/visualizer-nested-verdict-projector.png), the whole run of 4 participants and
 * 3 songs shown event by event, so that boxes are redrawn whole and header only as on a live
 * stage: after every event each box carries exactly one chip, and it names its barrier's
 * generation ("gen -" before its first event). At the end the bands and the cheer are at gen 2
 * and the backstage and festival double barriers, entered and left once, at gen 0.
 */
@ExtendWith(ApplicationExtension.class)
class GenerationChipTest {

    private static final String FESTIVAL = StageLayoutTest.FESTIVAL;

    private BarrierView view;
    private long zxid = 1;
    private final List<TraceEvent> events = new ArrayList<>();

    @Start
    void start(Stage stage) {
        view = new BarrierView(r -> {});
        StackPane root = new StackPane(new javafx.scene.Group(view));
        root.getStyleClass().addAll(Styles.ROOT, Styles.ZOOM_PREFIX + 100);
        Scene scene = new Scene(root, 1400, 900);
        scene.getStylesheets().addAll(Styles.themeUrl(), Styles.projectorThemeUrl());
        stage.setScene(scene);
        stage.show();
    }

    private void ev(String p, EventType t, String scope, long gen, String... kv) {
        TraceEvent e = new TraceEvent(zxid++, 0, p, t.wireName(), scope, gen, Map.of());
        for (int i = 0; i + 1 < kv.length; i += 2) {
            e = e.with(kv[i], kv[i + 1]);
        }
        events.add(e);
    }

    /** The nested scenario's run with 4 participants and 3 songs, as its participants trace it. */
    private void nestedRun() {
        List<String> all = List.of("p1", "p2", "p3", "p4");
        List<String> a = List.of("p1", "p3");
        List<String> b = List.of("p2", "p4");
        ev(
                "launcher",
                EventType.RUN_START,
                "",
                -1,
                "participants",
                String.join(",", all),
                DeclaredBarrier.ATTR,
                DeclaredBarrier.encode(StageLayoutTest.festivalDeclared(a, b)));
        for (String p : all) {
            ev(p, EventType.SPAWN, "", -1, "host", "local", "pid", "1");
        }
        for (String p : all) {
            ev(p, EventType.ENTER, FESTIVAL, 0, "parties", "4");
        }
        for (String p : all) {
            ev(p, EventType.ENTERED, FESTIVAL, 0);
        }
        for (List<String> band : List.of(a, b)) {
            String backstage = StageLayoutTest.inner(band == a ? "band-a-backstage" : "band-b-backstage");
            for (String p : band) {
                ev(p, EventType.ENTER, backstage, 0, "members", String.join(",", band));
            }
            for (String p : band) {
                ev(p, EventType.ENTERED, backstage, 0);
            }
        }
        for (int song = 0; song < 3; song++) {
            for (List<String> band : List.of(a, b)) {
                String barrier = StageLayoutTest.inner(band == a ? "band-a" : "band-b");
                for (String p : band) {
                    ev(p, EventType.ARRIVE, barrier, song, "members", String.join(",", band));
                }
                for (String p : band) {
                    ev(p, EventType.PASS, barrier, song);
                }
            }
            for (String p : all) {
                ev(p, EventType.ARRIVE, StageLayoutTest.inner("cheer"), song, "parties", "4");
            }
            for (String p : all) {
                ev(p, EventType.PASS, StageLayoutTest.inner("cheer"), song);
            }
        }
        for (List<String> band : List.of(a, b)) {
            String backstage = StageLayoutTest.inner(band == a ? "band-a-backstage" : "band-b-backstage");
            for (String p : band) {
                ev(p, EventType.LEAVE, backstage, 0);
            }
            for (String p : band) {
                ev(p, EventType.LEFT, backstage, 0);
            }
        }
        for (String p : all) {
            ev(p, EventType.LEAVE, FESTIVAL, 0);
        }
        for (String p : all) {
            ev(p, EventType.LEFT, FESTIVAL, 0);
        }
    }

    /** The chips drawn per box, by box. */
    private static Map<String, List<String>> chips(List<ScopePainter.Drawn> drawn) {
        Map<String, List<String>> out = new TreeMap<>();
        for (ScopePainter.Drawn d : drawn) {
            if (d.kind() == ScopePainter.Kind.BOX) {
                out.computeIfAbsent(d.owner(), k -> new ArrayList<>());
            }
        }
        for (ScopePainter.Drawn d : drawn) {
            if (d.kind() == ScopePainter.Kind.CHIP) {
                out.computeIfAbsent(d.owner(), k -> new ArrayList<>()).add(d.text());
            }
        }
        return out;
    }

    @Test
    void everyBoxHasOneChipNamingItsGeneration() {
        nestedRun();
        StagePlan.Declared declared = StagePlan.Declared.from(events);
        List<String> problems = new ArrayList<>();
        Map<String, List<String>> last = Fx.call(() -> {
            // the barriers pane of the 1920x1080 projector screenshot
            view.setViewport(1900, 700, 1);
            RunState s = RunState.EMPTY;
            Map<String, List<String>> now = Map.of();
            for (int i = 0; i < events.size(); i++) {
                s = RunReducer.apply(s, events.get(i));
                view.show(s, Optional.empty(), declared);
                view.animate(1 / 60.0);
                now = chips(view.drawnItems());
                for (Map.Entry<String, List<String>> box : now.entrySet()) {
                    ScopeState st = s.scopes().get(box.getKey());
                    String expected = st == null ? "gen -" : "gen " + st.generation();
                    if (!box.getValue().equals(List.of(expected))) {
                        problems.add("after event " + i + " (" + events.get(i).type() + " "
                                + events.get(i).scope()
                                + "): " + box.getKey() + " shows " + box.getValue() + ", expected [" + expected
                                + "]");
                    }
                }
            }
            return now;
        });
        assertTrue(
                problems.isEmpty(),
                problems.size() + " wrong chips, the first: " + problems.subList(0, Math.min(5, problems.size())));
        assertEquals(6, last.size(), "six boxes: " + last.keySet());
        assertEquals(List.of("gen 2"), last.get(StageLayoutTest.inner("band-a")));
        assertEquals(List.of("gen 2"), last.get(StageLayoutTest.inner("cheer")));
        assertEquals(List.of("gen 0"), last.get(StageLayoutTest.inner("band-a-backstage")));
        assertEquals(List.of("gen 0"), last.get(StageLayoutTest.inner("band-b-backstage")));
        assertEquals(List.of("gen 0"), last.get(FESTIVAL));
    }
}
