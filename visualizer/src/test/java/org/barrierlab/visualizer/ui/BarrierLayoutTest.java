package org.barrierlab.visualizer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.state.ParticipantState;
import org.barrierlab.runmodel.state.RunReducer;
import org.barrierlab.runmodel.state.RunState;
import org.junit.jupiter.api.Test;

/** The barriers layout of the default tour (an outer double barrier with five inner ones). */
class BarrierLayoutTest {

    private static final String FESTIVAL = "festival";
    private static final List<String> INNER =
            List.of("band-a", "band-a-backstage", "band-b", "band-b-backstage", "cheer");

    /**
     * Width of the Barriers pane's viewport in a 1600x1000 window with the participants table and
     * the log collapsed, as the window opens.
     */
    private static final double PANE_WIDTH = 1560;

    private static final double PANE_HEIGHT = 620;

    private long zxid = 1;
    private final List<TraceEvent> events = new ArrayList<>();

    private void ev(String p, EventType t, String scope, long gen, String... kv) {
        TraceEvent e = new TraceEvent(zxid++, 0, p, t.wireName(), scope, gen, Map.of());
        for (int i = 0; i + 1 < kv.length; i += 2) {
            e = e.with(kv[i], kv[i + 1]);
        }
        events.add(e);
    }

    private static String inner(String name) {
        return FESTIVAL + "/inner/" + name;
    }

    /** Mid-run of the festival: every inner barrier seen, tokens spread over them. */
    private RunState festivalMidRun() {
        List<String> all = List.of("p1", "p2", "p3", "p4", "p5", "p6");
        for (String p : all) {
            ev(p, EventType.SPAWN, "", -1, "host", "local", "pid", "1");
        }
        for (String p : all) {
            ev(p, EventType.ENTER, FESTIVAL, 0, "parties", "6");
        }
        for (String p : all) {
            ev(p, EventType.ENTERED, FESTIVAL, 0);
        }
        String a = "p1,p3,p5";
        String b = "p2,p4,p6";
        for (String p : List.of("p1", "p3", "p5")) {
            ev(p, EventType.ENTER, inner("band-a-backstage"), 0, "parties", "3", "members", a);
        }
        for (String p : List.of("p2", "p4", "p6")) {
            ev(p, EventType.ENTER, inner("band-b-backstage"), 0, "parties", "3", "members", b);
        }
        for (String p : List.of("p1", "p3", "p5")) {
            ev(p, EventType.ARRIVE, inner("band-a"), 0, "parties", "3", "members", a);
        }
        for (String p : List.of("p1", "p3", "p5")) {
            ev(p, EventType.PASS, inner("band-a"), 0);
        }
        ev("p2", EventType.ARRIVE, inner("band-b"), 0, "parties", "3", "members", b);
        ev("p4", EventType.ARRIVE, inner("band-b"), 0, "parties", "3", "members", b);
        for (String p : List.of("p1", "p3")) {
            ev(p, EventType.ARRIVE, inner("cheer"), 0, "parties", "6", "members", String.join(",", all));
        }
        return RunReducer.applyAll(RunState.EMPTY, events);
    }

    @Test
    void outerBarrierWithItsInnerBarriersAndTokensFitsTheProjectorPane() {
        RunState s = festivalMidRun();
        // as BarrierView does it: shrink (and lay out wider) until the height fits
        BarrierLayout.Fitted fitted = BarrierLayout.fit(s, PANE_WIDTH, PANE_HEIGHT, 1);
        BarrierLayout l = fitted.layout();
        assertTrue(
                l.height() * fitted.factor() <= PANE_HEIGHT,
                "the whole festival fits the pane: " + l.height() + " px at " + fitted.factor());
        assertTrue(fitted.factor() >= 0.8, "fonts stay readable: drawn at " + fitted.factor());
        double laidOutWidth = PANE_WIDTH / fitted.factor();

        BarrierLayout.Box outer = l.boxes().get(FESTIVAL);
        assertEquals(
                laidOutWidth - 2 * BarrierLayout.PAD, outer.rect().w(), 0.5, "the outer barrier uses the pane's width");
        double left = outer.gates().get(0);
        double right = outer.gates().get(1);
        Set<Double> rows = new TreeSet<>();
        List<BarrierLayout.Rect> innerRects = new ArrayList<>();
        for (String name : INNER) {
            BarrierLayout.Rect r = l.boxes().get(inner(name)).rect();
            assertTrue(r.x() > left && r.x() + r.w() < right, name + " lies in the outer's inside lane: " + r);
            assertTrue(within(r, outer.rect()), name + " lies inside the outer box: " + r);
            for (BarrierLayout.Rect other : innerRects) {
                assertTrue(!overlap(r, other), name + " overlaps another inner barrier: " + r + " / " + other);
            }
            innerRects.add(r);
            rows.add(r.y());
        }
        assertTrue(rows.size() <= 2, "the five inner barriers flow in at most two rows, were " + rows.size());
        for (ParticipantState p : s.participants().values()) {
            double[] xy = l.tokens().get(p.id());
            BarrierLayout.Rect box = l.boxes().get(p.scope()).rect();
            BarrierLayout.Rect token = new BarrierLayout.Rect(
                    xy[0] - BarrierLayout.TOKEN_RADIUS,
                    xy[1] - BarrierLayout.TOKEN_RADIUS,
                    2 * BarrierLayout.TOKEN_RADIUS,
                    2 * BarrierLayout.TOKEN_RADIUS);
            assertTrue(within(token, box), p.id() + " is drawn inside " + p.scope() + ": " + token + " in " + box);
        }
    }

    @Test
    void innerBarriersKeepTheirPlaceWhileTokensMove() {
        RunState before = festivalMidRun();
        ev("p6", EventType.ARRIVE, inner("band-b"), 0, "parties", "3", "members", "p2,p4,p6");
        for (String p : List.of("p2", "p4", "p6")) {
            ev(p, EventType.PASS, inner("band-b"), 0);
        }
        RunState after = RunReducer.applyAll(RunState.EMPTY, events);
        BarrierLayout.Fitted a = BarrierLayout.fit(before, PANE_WIDTH, PANE_HEIGHT, 1);
        BarrierLayout.Fitted b = BarrierLayout.fit(after, PANE_WIDTH, PANE_HEIGHT, 1);
        assertEquals(a.factor(), b.factor(), 1e-9, "the drawing does not zoom while tokens move");
        for (String name : INNER) {
            assertEquals(
                    a.layout().boxes().get(inner(name)).rect(),
                    b.layout().boxes().get(inner(name)).rect(),
                    name + " stays where it was");
        }
    }

    private static boolean within(BarrierLayout.Rect in, BarrierLayout.Rect out) {
        return in.x() >= out.x()
                && in.y() >= out.y()
                && in.x() + in.w() <= out.x() + out.w()
                && in.y() + in.h() <= out.y() + out.h();
    }

    private static boolean overlap(BarrierLayout.Rect a, BarrierLayout.Rect b) {
        return a.x() < b.x() + b.w() && b.x() < a.x() + a.w() && a.y() < b.y() + b.h() && b.y() < a.y() + a.h();
    }
}
