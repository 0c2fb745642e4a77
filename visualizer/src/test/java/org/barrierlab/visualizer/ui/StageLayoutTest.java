package org.barrierlab.visualizer.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.state.DeclaredBarrier;
import org.barrierlab.runmodel.state.ParticipantState;
import org.barrierlab.runmodel.state.RunReducer;
import org.barrierlab.runmodel.state.RunState;
import org.barrierlab.runmodel.state.ScopeKind;
import org.barrierlab.visualizer.support.Fx;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The stage as drawn for a projector (a maximised 1920x1080 window, side panels collapsed) on
 * the default tour at 4, 16 and 32 participants, every barrier and lane in use and one barrier
 * broken. It checks what the canvas actually drew (every text with its measured width in the
 * theme's font, every token where it is drawn once it settled): no token overlaps another token
 * or any text, each token lies inside its barrier's box (or the lobby) and covers no nested
 * barrier it is not in, every text lies inside its box, and no two texts of a box overlap.
 */
@ExtendWith(ApplicationExtension.class)
class StageLayoutTest {

    /** The barriers pane of a maximised 1920x1080 window with the side panels collapsed. */
    private static final double STAGE_WIDTH = 1880;

    private static final double STAGE_HEIGHT = 760;

    private BarrierView view;
    private long zxid = 1;
    private final List<TraceEvent> events = new ArrayList<>();

    @Start
    void start(Stage stage) {
        view = new BarrierView(r -> {});
        StackPane root = new StackPane(new javafx.scene.Group(view));
        root.getStyleClass().addAll(Styles.ROOT, Styles.ZOOM_PREFIX + 100);
        Scene scene = new Scene(root, 1400, 900);
        scene.getStylesheets().add(Styles.themeUrl());
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

    static String inner(String name) {
        return "/barriers/festival/inner/" + name;
    }

    static final String FESTIVAL = "/barriers/festival";

    /** The default tour's declarations, as the nested scenario makes them. */
    static List<DeclaredBarrier> festivalDeclared(List<String> a, List<String> b) {
        return List.of(
                new DeclaredBarrier(FESTIVAL, ScopeKind.DOUBLE, List.of()),
                new DeclaredBarrier(inner("band-a-backstage"), ScopeKind.DOUBLE, a),
                new DeclaredBarrier(inner("band-a"), ScopeKind.SIMPLE, a),
                new DeclaredBarrier(inner("band-b-backstage"), ScopeKind.DOUBLE, b),
                new DeclaredBarrier(inner("band-b"), ScopeKind.SIMPLE, b),
                new DeclaredBarrier(inner("cheer"), ScopeKind.SIMPLE, List.of()));
    }

    /** Mid-run of the festival with {@code n} participants spread over every barrier and lane. */
    private RunState festival(int n) {
        List<String> all = new ArrayList<>();
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            all.add("p" + i);
            (i % 2 == 1 ? a : b).add("p" + i);
        }
        String everybody = String.join(",", all);
        ev(
                "launcher",
                EventType.RUN_START,
                "",
                -1,
                "participants",
                everybody,
                DeclaredBarrier.ATTR,
                DeclaredBarrier.encode(festivalDeclared(a, b)));
        for (String p : all) {
            ev(p, EventType.SPAWN, "", -1, "host", "local", "pid", "1");
        }
        for (String p : all) {
            ev(p, EventType.ENTER, FESTIVAL, 0, "parties", "" + n, "members", everybody);
        }
        for (String p : all.subList(0, n - 1)) {
            ev(p, EventType.ENTERED, FESTIVAL, 0);
        }
        for (String p : a) {
            ev(p, EventType.ENTER, inner("band-a-backstage"), 0, "members", String.join(",", a));
        }
        for (String p : b) {
            ev(p, EventType.ENTER, inner("band-b-backstage"), 0, "members", String.join(",", b));
        }
        // band A: half waiting, half passed; band B: all waiting; cheer: a quarter waiting
        for (String p : a) {
            ev(p, EventType.ARRIVE, inner("band-a"), 0, "members", String.join(",", a));
        }
        for (String p : b) {
            ev(p, EventType.ARRIVE, inner("band-b"), 0, "members", String.join(",", b));
        }
        for (int i = 0; i < a.size() / 2; i++) {
            ev(a.get(i), EventType.PASS, inner("band-a"), 0);
        }
        for (int i = 0; i < Math.max(1, n / 4); i++) {
            ev(all.get(i), EventType.ARRIVE, inner("cheer"), 0, "members", everybody);
        }
        // band B's barrier broken by its last member, with a long reason
        ev(
                b.get(b.size() - 1),
                EventType.BREAK,
                inner("band-b"),
                0,
                "reason",
                b.get(b.size() - 1) + " timed out after 30000 ms waiting for the others");
        ev(all.get(n - 1), EventType.LEAVE, FESTIVAL, 0);
        return RunReducer.applyAll(RunState.EMPTY, events);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 16, 32})
    void nothingDrawnOverlapsOrSticksOut(int n) {
        RunState s = festival(n);
        List<String> problems = Fx.call(() -> {
            view.setViewport(STAGE_WIDTH, STAGE_HEIGHT, 1);
            view.show(s, Optional.empty(), StagePlan.Declared.from(events));
            for (int i = 0; i < 10 && view.animate(1.0); i++) {
                // a one-second step takes every token to its place
            }
            return check(s, view.drawnItems());
        });
        assertTrue(problems.isEmpty(), n + " participants: " + problems);
        double fit = Fx.call(view::fit);
        double height = Fx.call(() -> view.stageLayout().height());
        assertTrue(
                height * fit <= STAGE_HEIGHT || fit <= BarrierLayout.MIN_FIT,
                "drawn to fit the stage or at the smallest readable factor: " + height + " at " + fit);
        assertTrue(
                Fx.call(() -> view.drawnItems().stream().anyMatch(d -> d.kind() == ScopePainter.Kind.REASON)),
                "the broken barrier's reason is drawn");
    }

    private static List<String> check(RunState s, List<ScopePainter.Drawn> drawn) {
        List<String> problems = new ArrayList<>();
        List<ScopePainter.Drawn> tokens = new ArrayList<>();
        List<ScopePainter.Drawn> texts = new ArrayList<>();
        Map<String, BarrierLayout.Rect> boxes = new java.util.HashMap<>();
        BarrierLayout.Rect lobby = null;
        for (ScopePainter.Drawn d : drawn) {
            switch (d.kind()) {
                case TOKEN -> tokens.add(d);
                case BOX -> boxes.put(d.owner(), d.bounds());
                case LOBBY -> lobby = d.bounds();
                default -> texts.add(d);
            }
        }
        if (tokens.size() != s.participants().size()) {
            problems.add(
                    "drew " + tokens.size() + " tokens for " + s.participants().size() + " participants");
        }
        for (int i = 0; i < tokens.size(); i++) {
            ScopePainter.Drawn t = tokens.get(i);
            for (int j = i + 1; j < tokens.size(); j++) {
                if (t.bounds().overlaps(tokens.get(j).bounds())) {
                    problems.add(t.owner() + " overlaps " + tokens.get(j).owner());
                }
            }
            for (ScopePainter.Drawn x : texts) {
                if (t.bounds().overlaps(x.bounds())) {
                    problems.add(t.owner() + " covers " + x.kind() + " '" + x.text() + "' of " + x.owner());
                }
            }
            ParticipantState p = s.participants().get(t.owner());
            BarrierLayout.Rect home = p.scope().isEmpty() ? lobby : boxes.get(p.scope());
            if (home == null || !home.contains(t.bounds())) {
                problems.add(t.owner() + " sticks out of " + (p.scope().isEmpty() ? "the lobby" : p.scope()));
            }
            for (Map.Entry<String, BarrierLayout.Rect> box : boxes.entrySet()) {
                boolean mine = p.scope().equals(box.getKey()) || p.scope().startsWith(box.getKey() + "/");
                if (!mine && t.bounds().overlaps(box.getValue())) {
                    problems.add(t.owner() + " (in " + p.scope() + ") covers " + box.getKey());
                }
            }
        }
        for (ScopePainter.Drawn x : texts) {
            BarrierLayout.Rect home = x.owner().isEmpty() ? lobby : boxes.get(x.owner());
            if (home == null || !home.contains(x.bounds())) {
                problems.add(x.kind() + " '" + x.text() + "' sticks out of " + x.owner());
            }
            for (ScopePainter.Drawn y : texts) {
                if (x != y
                        && x.owner().equals(y.owner())
                        && x.bounds().overlaps(y.bounds())
                        && x.kind().ordinal() < y.kind().ordinal()) {
                    problems.add(x.kind() + " '" + x.text() + "' overlaps " + y.kind() + " '" + y.text() + "' in "
                            + x.owner());
                }
            }
        }
        Set<String> drawnBoxes = boxes.keySet();
        if (!drawnBoxes.containsAll(s.scopes().keySet())) {
            problems.add("not every barrier drawn: " + drawnBoxes + " vs "
                    + s.scopes().keySet());
        }
        return problems;
    }
}
