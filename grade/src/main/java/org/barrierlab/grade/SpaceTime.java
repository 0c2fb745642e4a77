package org.barrierlab.grade;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;

/**
 * A short text space-time diagram of a history: one column per participant, one row per event in
 * ZooKeeper's order, the row of the violating step marked {@code >>}. What a counterexample shows
 * in the terminal and in the report, next to its replayable recording.
 *
 * <pre>{@code
 *      p1               p2               p3
 *      arrive gate#1    |                |
 *   >> |                pass gate#1      |
 * }</pre>
 */
final class SpaceTime {

    private static final int WIDTH = 22;
    private static final int BEFORE = 12;
    private static final int AFTER = 4;

    private SpaceTime() {}

    /** The excerpt around the event with {@code focusZxid} (the end of the history if 0). */
    static String excerpt(List<TraceEvent> unsorted, List<String> participants, long focusZxid) {
        List<TraceEvent> events = new ArrayList<>();
        for (TraceEvent e : unsorted) {
            if (shown(e)) {
                events.add(e);
            }
        }
        events.sort(Comparator.comparingLong(TraceEvent::zxid));
        int focus = events.size() - 1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).zxid() == focusZxid) {
                focus = i;
            }
        }
        int from = Math.max(0, focus - BEFORE);
        int to = Math.min(events.size(), focus + AFTER + 1);
        StringBuilder sb = new StringBuilder();
        sb.append("      ");
        for (String p : participants) {
            sb.append(pad(p));
        }
        sb.append('\n');
        if (from > 0) {
            sb.append("      (").append(from).append(" earlier events)\n");
        }
        for (int i = from; i < to; i++) {
            TraceEvent e = events.get(i);
            sb.append(i == focus && focusZxid != 0 ? "   >> " : "      ");
            for (String p : participants) {
                sb.append(pad(p.equals(e.participant()) ? label(e) : "|"));
            }
            sb.append('\n');
        }
        if (to < events.size()) {
            sb.append("      (").append(events.size() - to).append(" later events)\n");
        }
        return sb.toString();
    }

    private static boolean shown(TraceEvent e) {
        return e.generation() >= 0 && e.attr("text") == null
                || e.is(EventType.KILL)
                || e.is(EventType.NOTE) && (e.attr("fault") != null || e.attr("error") != null);
    }

    private static String label(TraceEvent e) {
        if (e.is(EventType.NOTE)) {
            return e.attr("error") != null ? "error" : e.attr("fault") + "!";
        }
        if (e.is(EventType.KILL)) {
            return "killed";
        }
        String scope = e.scope().replaceFirst("^/barriers/", "");
        String type = e.is(EventType.BREAK) ? "timeout" : e.type();
        return type + " " + scope + "#" + e.generation();
    }

    private static String pad(String s) {
        String t = s.length() >= WIDTH - 1 ? s.substring(0, WIDTH - 2) + "~" : s;
        return String.format(Locale.ROOT, "%-" + WIDTH + "s", t);
    }
}
