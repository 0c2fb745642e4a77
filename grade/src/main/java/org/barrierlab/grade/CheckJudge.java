package org.barrierlab.grade;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.barrierlab.grade.plan.Check;
import org.barrierlab.launcher.verdict.BarrierInvariant;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;

/**
 * The verdict of one check from its recorded history (zxid order) and the processes that were
 * still running at the check's deadline. Safety first: the launcher's {@link BarrierInvariant}
 * (nobody passes generation g before every party arrived at g; all or none), then the
 * oversubscribed check's own property (the arrival beyond the parties must not pass); then
 * errors; then liveness per schedule (who waited in vain, where).
 */
final class CheckJudge {

    /**
     * A verdict and the event it is about (for the space-time excerpt).
     *
     * @param focusZxid zxid of the event the verdict is about, 0 for the end of the history
     */
    record Judgement(Outcome outcome, String detail, long focusZxid) {}

    private CheckJudge() {}

    static Judgement judge(Check check, List<TraceEvent> unsorted, Set<String> stillRunning) {
        List<TraceEvent> history = new ArrayList<>(unsorted);
        history.sort(Comparator.comparingLong(TraceEvent::zxid));
        if (check == Check.OVERSUBSCRIBED) {
            // The participants' generation numbers say "my first call", not the barrier's generation: the
            // arrival order decides which set (generation) each arrival belongs to.
            Judgement j = oversubscribed(history);
            if (j != null) {
                return j;
            }
        } else {
            List<String> violations = BarrierInvariant.check(history);
            if (!violations.isEmpty()) {
                String v = violations.get(0);
                return new Judgement(Outcome.FAIL, v, focusOf(v, history));
            }
        }
        if (!stillRunning.isEmpty()) {
            List<String> where = new ArrayList<>();
            for (String p : stillRunning) {
                where.add(waiting(p, history));
            }
            return new Judgement(Outcome.HUNG, String.join("; ", where) + " at the check's deadline", 0);
        }
        for (TraceEvent e : history) {
            if (e.is(EventType.NOTE) && e.attr("error") != null) {
                return new Judgement(Outcome.FAIL, e.participant() + " failed: " + e.attr("error"), e.zxid());
            }
        }
        boolean faultExpected = check == Check.KILL || check == Check.KILL_INSIDE || check == Check.PHANTOM;
        Set<String> extras = check == Check.OVERSUBSCRIBED ? extras(history) : Set.of();
        for (TraceEvent e : history) {
            boolean expectedVain = faultExpected || extras.contains(e.participant());
            if (e.is(EventType.BREAK) && !expectedVain) {
                return new Judgement(
                        Outcome.HUNG,
                        e.participant() + " waited in " + call(e.attr("op")) + " of " + e.scope() + " generation "
                                + e.generation() + " in vain (" + e.attr("reason") + ")",
                        e.zxid());
            }
            if (e.is(EventType.BROKEN) && !expectedVain) {
                return new Judgement(
                        Outcome.FAIL,
                        e.participant() + " was told " + e.scope() + " generation " + e.generation()
                                + " is broken with no fault injected (" + e.attr("reason") + ")",
                        e.zxid());
            }
        }
        return new Judgement(Outcome.PASS, "", 0);
    }

    /**
     * Arrivals in zxid order fill sets of {@code parties}: arrival k (from 0) belongs to set k /
     * parties, and may pass only after the arrival that completes its set; an arrival of a set
     * that is never completed must not pass at all.
     */
    private static Judgement oversubscribed(List<TraceEvent> history) {
        List<TraceEvent> arrivals = new ArrayList<>();
        int parties = 0;
        for (TraceEvent e : history) {
            if (e.is(EventType.ARRIVE)) {
                arrivals.add(e);
                parties = Integer.parseInt(e.attr("parties"));
            }
        }
        for (TraceEvent e : history) {
            if (!e.is(EventType.PASS)) {
                continue;
            }
            int k = -1;
            for (int i = 0; i < arrivals.size(); i++) {
                if (arrivals.get(i).participant().equals(e.participant())) {
                    k = i;
                }
            }
            int completing = (k / parties + 1) * parties - 1;
            if (completing >= arrivals.size() || arrivals.get(completing).zxid() > e.zxid()) {
                return new Judgement(
                        Outcome.FAIL,
                        e.participant() + " passed " + e.scope() + " as arrival " + (k + 1) + " of a barrier of "
                                + parties + " parties before arrival " + (completing + 1) + " completed its set",
                        e.zxid());
            }
        }
        return null;
    }

    /** The barrier call a recorded call event stands for: {@code arrive} is {@code await}. */
    private static String call(String op) {
        return "arrive".equals(op) ? "await" : op;
    }

    /**
     * The arrivals beyond the last complete set, in zxid order: those that must wait in vain. By
     * arrival order, not by the schedule's intent: under load the staggered arrivals can swap.
     */
    private static Set<String> extras(List<TraceEvent> history) {
        List<String> arrivals = new ArrayList<>();
        int parties = 1;
        for (TraceEvent e : history) {
            if (e.is(EventType.ARRIVE)) {
                arrivals.add(e.participant());
                parties = Integer.parseInt(e.attr("parties"));
            }
        }
        return new java.util.HashSet<>(arrivals.subList(arrivals.size() / parties * parties, arrivals.size()));
    }

    /** "p3 in await of /barriers/stroke generation 2" from p3's last call without a return. */
    private static String waiting(String p, List<TraceEvent> history) {
        Map<String, TraceEvent> open = new LinkedHashMap<>();
        for (TraceEvent e : history) {
            if (!e.participant().equals(p)) {
                continue;
            }
            String key = e.scope() + "#" + e.generation();
            if (e.is(EventType.ARRIVE) || e.is(EventType.ENTER) || e.is(EventType.LEAVE)) {
                open.put(key, e);
            } else if (e.attr("op") != null) {
                open.remove(key);
            }
        }
        if (open.isEmpty()) {
            return p + " was still running outside any barrier call";
        }
        TraceEvent last = null;
        for (TraceEvent e : open.values()) {
            last = e;
        }
        String op = last.is(EventType.ARRIVE) ? "await" : last.type();
        return p + " in " + op + " of " + last.scope() + " generation " + last.generation();
    }

    /** The completion event an invariant violation names (its first word is the participant). */
    private static long focusOf(String violation, List<TraceEvent> history) {
        String[] words = violation.split(" ");
        if (words.length < 5) {
            return 0;
        }
        String p = words[0];
        EventType done =
                switch (words[1]) {
                    case "passed" -> EventType.PASS;
                    case "entered" -> EventType.ENTERED;
                    default -> EventType.LEFT;
                };
        String scope = words[2];
        long gen;
        try {
            gen = Long.parseLong(words[4]);
        } catch (NumberFormatException ex) {
            return 0;
        }
        for (TraceEvent e : history) {
            if (e.participant().equals(p) && e.scope().equals(scope) && e.generation() == gen && e.is(done)) {
                return e.zxid();
            }
        }
        return 0;
    }
}
