package org.barrierlab.visualizer.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.state.ParticipantState;
import org.barrierlab.runmodel.state.RunReducer;
import org.barrierlab.runmodel.state.RunState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The default tour at 4, 16 and 32 participants in a full-screen stage: no token overlaps
 * another token, each token is inside its barrier's box below its title, info and member lines,
 * and no token covers a nested barrier it is not in.
 */
class StageLayoutTest {

    /** The barriers pane of a maximised 1920x1080 window with the side panels collapsed. */
    private static final double STAGE_WIDTH = 1880;

    private static final double STAGE_HEIGHT = 760;

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
        return "festival/inner/" + name;
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
        for (String p : all) {
            ev(p, EventType.SPAWN, "", -1, "host", "local", "pid", "1");
        }
        for (String p : all) {
            ev(p, EventType.ENTER, "festival", 0, "parties", "" + n, "members", everybody);
        }
        for (String p : all.subList(0, n - 1)) {
            ev(p, EventType.ENTERED, "festival", 0);
        }
        for (String p : a) {
            ev(p, EventType.ENTER, inner("band-a-backstage"), 0, "members", String.join(",", a));
        }
        for (String p : b) {
            ev(p, EventType.ENTER, inner("band-b-backstage"), 0, "members", String.join(",", b));
        }
        // band A: half waiting, half passed; band B: all waiting; cheer: a quarter waiting
        for (int i = 0; i < a.size(); i++) {
            ev(a.get(i), EventType.ARRIVE, inner("band-a"), 0, "members", String.join(",", a));
        }
        for (int i = 0; i < b.size(); i++) {
            ev(b.get(i), EventType.ARRIVE, inner("band-b"), 0, "members", String.join(",", b));
        }
        for (int i = 0; i < a.size() / 2; i++) {
            ev(a.get(i), EventType.PASS, inner("band-a"), 0);
        }
        for (int i = 0; i < Math.max(1, n / 4); i++) {
            ev(all.get(i), EventType.ARRIVE, inner("cheer"), 0, "members", everybody);
        }
        ev(all.get(n - 1), EventType.LEAVE, "festival", 0);
        return RunReducer.applyAll(RunState.EMPTY, events);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 16, 32})
    void tokensNeverOverlapEachOtherOrCoverText(int n) {
        RunState s = festival(n);
        BarrierLayout.Fitted fitted = BarrierLayout.fit(s, STAGE_WIDTH, STAGE_HEIGHT, BarrierView.MAX_FIT);
        BarrierLayout l = fitted.layout();
        List<String> problems = new ArrayList<>();
        List<ParticipantState> ps = new ArrayList<>(s.participants().values());
        for (int i = 0; i < ps.size(); i++) {
            BarrierLayout.Rect t = token(l, ps.get(i).id());
            for (int j = i + 1; j < ps.size(); j++) {
                BarrierLayout.Rect u = token(l, ps.get(j).id());
                if (overlap(t, u)) {
                    problems.add(ps.get(i).id() + " overlaps " + ps.get(j).id());
                }
            }
            String scope = ps.get(i).scope();
            BarrierLayout.Box box = l.boxes().get(scope);
            if (box == null) {
                continue; // in the lobby
            }
            BarrierLayout.Rect r = box.rect();
            double textBottom = r.y() + BarrierLayout.header(box.scope(), s);
            if (t.x() < r.x() || t.x() + t.w() > r.x() + r.w() || t.y() + t.h() > r.y() + r.h()) {
                problems.add(ps.get(i).id() + " sticks out of " + scope);
            }
            if (t.y() < textBottom) {
                problems.add(ps.get(i).id() + " covers the title lines of " + scope);
            }
            for (BarrierLayout.Box other : l.boxes().values()) {
                boolean nestedElsewhere = other.depth() > box.depth() || (other.depth() == box.depth() && other != box);
                if (nestedElsewhere && !other.scope().path().equals(scope) && overlap(t, other.rect())) {
                    problems.add(ps.get(i).id() + " (in " + scope + ") covers "
                            + other.scope().path());
                }
            }
        }
        assertTrue(problems.isEmpty(), n + " participants: " + problems);
        assertTrue(
                l.height() * fitted.factor() <= STAGE_HEIGHT || fitted.factor() <= BarrierLayout.MIN_FIT,
                "drawn to fit the stage or at the smallest readable factor");
    }

    private static BarrierLayout.Rect token(BarrierLayout l, String id) {
        double[] xy = l.tokens().get(id);
        double r = BarrierLayout.TOKEN_RADIUS;
        return new BarrierLayout.Rect(xy[0] - r, xy[1] - r, 2 * r, 2 * r);
    }

    private static boolean overlap(BarrierLayout.Rect a, BarrierLayout.Rect b) {
        return a.x() < b.x() + b.w() && b.x() < a.x() + a.w() && a.y() < b.y() + b.h() && b.y() < a.y() + a.h();
    }
}
