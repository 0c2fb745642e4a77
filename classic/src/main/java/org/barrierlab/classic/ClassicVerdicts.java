package org.barrierlab.classic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.barrierlab.messaging.Participants;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;

/**
 * Verdicts of the classic scenarios, computed from the whole recorded history (events in zxid
 * order, as {@code ZkTraceReader.readAll} returns them). Each returns empty for PASS or the
 * first violation found, naming the events involved.
 *
 * <p>Process identity: events recorded by the algorithms carry {@code inc}, the incarnation of
 * their participant; a participant restarted under the same id is a new process (its Lamport
 * clock restarts, its beliefs and requests are new). Liveness comes from the launcher's {@code
 * spawn}, {@code kill} and {@code exit} events; their participant is attr {@code participant}
 * if present, else the event's {@code p}. A participant is also alive from its first own event.
 * A {@code kill} (or a non-zero {@code exit}) kills the participant's current incarnation.
 *
 * <pre>{@code
 * List<TraceEvent> history = ZkTraceReader.readAll(zk, run);
 * Optional<String> failure = ClassicVerdicts.checkMutex(history);
 * String verdict = failure.map(r -> "FAIL: " + r).orElse("PASS");
 * }</pre>
 */
public final class ClassicVerdicts {

    private ClassicVerdicts() {}

    /**
     * The clock condition over the history: along each process's program order (zxid order of
     * its events) clocks strictly increase, and for every message the {@code send} precedes the
     * {@code receive} (by zxid) with a smaller clock. Fails on a receive without its send, a
     * duplicate message id, a missing or malformed clock, or a history without any message.
     */
    public static Optional<String> checkClock(List<TraceEvent> events) {
        List<TraceEvent> h = ordered(events);
        Map<String, TraceEvent> lastOf = new HashMap<>();
        Map<String, TraceEvent> sends = new HashMap<>();
        int pairs = 0;
        for (TraceEvent e : h) {
            if (e.attr("clock") == null) {
                if (e.is(EventType.SEND) || e.is(EventType.RECEIVE)) {
                    return fail(e, "has no clock");
                }
                continue;
            }
            long c;
            try {
                c = Long.parseLong(e.attr("clock"));
            } catch (NumberFormatException ex) {
                return fail(e, "has a malformed clock '" + e.attr("clock") + "'");
            }
            String proc = process(e);
            TraceEvent prev = lastOf.put(proc, e);
            if (prev != null && clock(prev) >= c) {
                return fail(
                        e,
                        "has clock " + c + " but the previous event of " + proc + " (zxid " + prev.zxid() + ", "
                                + prev.type() + ") has clock " + clock(prev) + ": program order violates the clock");
            }
            String msg = e.attr("msg");
            if (e.is(EventType.SEND)) {
                if (msg == null) {
                    return fail(e, "is a send without a message id");
                }
                if (sends.put(msg, e) != null) {
                    return fail(e, "sends message " + msg + " a second time");
                }
            } else if (e.is(EventType.RECEIVE)) {
                TraceEvent s = msg == null ? null : sends.get(msg);
                if (s == null) {
                    return fail(e, "receives message " + msg + " that was never sent (before it)");
                }
                if (clock(s) >= c) {
                    return fail(e, "receives " + msg + " with clock " + c + " but it was sent with clock " + clock(s));
                }
                pairs++;
            }
        }
        if (pairs == 0) {
            return Optional.of("no message was sent and received: nothing to check the clock condition on");
        }
        return Optional.empty();
    }

    /**
     * Bully election: (1) every {@code leader} names a participant; (2) whenever all live
     * participants follow the same live leader (an election has settled), it is the highest
     * live id; (3) at the end, the participants that were not killed follow one leader, the
     * highest of them.
     */
    public static Optional<String> checkLeader(List<TraceEvent> events) {
        List<TraceEvent> h = ordered(events);
        Lives lives = new Lives();
        Set<String> known = new TreeSet<>(Participants.ORDER);
        for (TraceEvent e : h) {
            String p = lives.participantOf(e);
            if (p != null) {
                known.add(p);
            }
        }
        Map<String, String> belief = new HashMap<>(); // process -> leader
        boolean any = false;
        Set<String> survivors = null;
        Map<String, String> finalBelief = new HashMap<>();
        for (TraceEvent e : h) {
            if (survivors == null && e.is(EventType.EXIT) && isCleanExit(e)) {
                // The story ends when the first participant leaves normally; what the others do
                // after that (they may elect among themselves) is not the story's outcome.
                survivors = lives.live();
                for (String p : survivors) {
                    finalBelief.put(p, belief.get(lives.current(p)));
                }
            }
            lives.apply(e);
            if (e.is(EventType.LEADER) && !isLauncher(e)) {
                any = true;
                String l = e.attr("leader");
                if (l == null || !known.contains(l)) {
                    return fail(e, "follows '" + l + "', which is not a participant " + known);
                }
                belief.put(process(e), l);
            }
            Set<String> live = lives.live();
            if (live.isEmpty()) {
                continue;
            }
            String agreed = null;
            boolean all = true;
            for (String p : live) {
                String b = belief.get(lives.current(p));
                if (b == null || (agreed != null && !agreed.equals(b))) {
                    all = false;
                    break;
                }
                agreed = b;
            }
            if (all && live.contains(agreed)) {
                String highest = Participants.highest(live);
                if (!highest.equals(agreed)) {
                    return fail(
                            e,
                            "after it all live participants " + live + " follow " + agreed + ", but " + highest
                                    + " is alive and higher");
                }
            }
        }
        if (!any) {
            return Optional.of("no participant ever followed a leader");
        }
        if (survivors == null) {
            survivors = lives.survivors();
            for (String p : survivors) {
                finalBelief.put(p, belief.get(lives.current(p)));
            }
        }
        if (survivors.isEmpty()) {
            return Optional.of("no participant survived to the end");
        }
        String highest = Participants.highest(survivors);
        for (String p : survivors) {
            String b = finalBelief.get(p);
            if (!highest.equals(b)) {
                return Optional.of("at the end " + p + " follows " + (b == null ? "nobody" : b)
                        + ", but the highest surviving participant of " + survivors + " is " + highest);
            }
        }
        return Optional.empty();
    }

    /**
     * Centralized mutex: (1) no {@code acquire} while another process holds the mutex (from its
     * {@code acquire} to the {@code release} of the same request, by the holder or by the
     * coordinator for a dead holder, or the holder's death), in zxid order; (2) every {@code
     * acquire} follows a {@code grant} of that request; (3) each coordinator grants in the order
     * it queued ({@code enqueue}), skipping only requests released (dead or withdrawn) before;
     * (4) every {@code request} is acquired, withdrawn, or its requester died.
     */
    public static Optional<String> checkMutex(List<TraceEvent> events) {
        List<TraceEvent> h = ordered(events);
        Lives lives = new Lives();
        Map<String, TraceEvent> holds = new LinkedHashMap<>(); // request -> acquire event
        Map<String, TraceEvent> requests = new LinkedHashMap<>(); // request -> request event
        Set<String> granted = new HashSet<>();
        Set<String> settled = new HashSet<>(); // acquired or withdrawn
        Map<String, List<String>> queues = new HashMap<>(); // coordinator process -> queued request ids
        boolean anyRequest = false;
        for (TraceEvent e : h) {
            if (lives.apply(e)) {
                // a death or a new incarnation ends the dead process's holds
                holds.values().removeIf(a -> !lives.isAliveProcess(process(a)));
            }
            if (isLauncher(e) || !CLASSIC_MUTEX.equals(e.scope())) {
                continue;
            }
            String r = e.attr("request");
            String proc = process(e);
            if (e.is(EventType.LOCAL) && "coordinator-start".equals(e.attr("role"))) {
                queues.put(proc, new ArrayList<>());
            } else if (e.is(EventType.LOCAL) && "coordinator-end".equals(e.attr("role"))) {
                queues.remove(proc);
            } else if (r == null) {
                if (e.is(EventType.REQUEST)
                        || e.is(EventType.ACQUIRE)
                        || e.is(EventType.RELEASE)
                        || e.is(EventType.ENQUEUE)
                        || e.is(EventType.GRANT)) {
                    return fail(e, "has no request id");
                }
            } else if (e.is(EventType.REQUEST)) {
                anyRequest = true;
                requests.put(r, e);
            } else if (e.is(EventType.ENQUEUE)) {
                queues.computeIfAbsent(proc, k -> new ArrayList<>()).add(r);
            } else if (e.is(EventType.GRANT)) {
                List<String> q = queues.getOrDefault(proc, List.of());
                int at = q.indexOf(r);
                if (at < 0) {
                    return fail(e, "grants " + r + ", which this coordinator never queued");
                }
                if (at > 0) {
                    return fail(e, "grants " + r + " before " + q.get(0) + ", which was queued earlier");
                }
                q.remove(0);
                granted.add(r);
            } else if (e.is(EventType.ACQUIRE)) {
                if (!granted.contains(r)) {
                    return fail(e, "acquires " + r + ", which no coordinator granted");
                }
                for (Map.Entry<String, TraceEvent> other : holds.entrySet()) {
                    if (!other.getKey().equals(r)) {
                        TraceEvent a = other.getValue();
                        return fail(
                                e,
                                "acquires " + r + " while " + a.participant() + " holds " + other.getKey()
                                        + " (acquired at zxid " + a.zxid() + ")");
                    }
                }
                holds.put(r, e);
                settled.add(r);
            } else if (e.is(EventType.RELEASE)) {
                holds.remove(r);
                for (List<String> q : queues.values()) {
                    q.remove(r);
                }
                if ("withdrawn".equals(e.attr("reason")) && e.participant().equals(participantOfRequest(requests, r))) {
                    settled.add(r);
                }
            }
        }
        if (!anyRequest) {
            return Optional.of("no mutex request was recorded");
        }
        for (Map.Entry<String, TraceEvent> q : requests.entrySet()) {
            if (!settled.contains(q.getKey()) && lives.endedAlive(process(q.getValue()))) {
                return fail(
                        q.getValue(),
                        "requests " + q.getKey() + ", which was never granted though "
                                + q.getValue().participant() + " did not die");
            }
        }
        return Optional.empty();
    }

    private static final String CLASSIC_MUTEX = "mutex";

    private static String participantOfRequest(Map<String, TraceEvent> requests, String r) {
        TraceEvent q = requests.get(r);
        return q == null ? null : q.participant();
    }

    // ------------------------------------------------------------------ shared

    /** Liveness of participants and their current incarnation, replayed event by event. */
    private static final class Lives {
        private final Map<String, Boolean> alive = new HashMap<>();
        private final Map<String, String> current = new HashMap<>(); // participant -> process
        private final Set<String> deadProcesses = new HashSet<>();
        private final Map<String, Boolean> cleanExit = new HashMap<>();

        String participantOf(TraceEvent e) {
            if (isLifecycle(e)) {
                String p = e.attr("participant");
                return p != null ? p : (isLauncher(e) ? null : e.participant());
            }
            return isLauncher(e) ? null : e.participant();
        }

        /** Applies the event; true if some process died or was superseded. */
        boolean apply(TraceEvent e) {
            String p = participantOf(e);
            if (p == null) {
                return false;
            }
            if (e.is(EventType.SPAWN)) {
                alive.put(p, true);
                cleanExit.remove(p);
                return false;
            }
            if (e.is(EventType.KILL) || e.is(EventType.EXIT)) {
                alive.put(p, false);
                boolean clean = e.is(EventType.EXIT) && isCleanExit(e);
                cleanExit.put(p, clean);
                if (!clean) {
                    String proc = current.remove(p);
                    if (proc != null) {
                        deadProcesses.add(proc);
                    }
                }
                return true;
            }
            if (e.attr("inc") == null) {
                return false; // not an algorithm event: says nothing about incarnations
            }
            String proc = process(e);
            if (deadProcesses.contains(proc)) {
                return false; // a write of a killed process that landed after its kill record
            }
            String before = current.put(p, proc);
            if (!proc.equals(before)) {
                alive.put(p, true);
                cleanExit.remove(p);
                if (before != null) {
                    deadProcesses.add(before); // restarted: the old incarnation is gone
                    return true;
                }
            }
            return false;
        }

        Set<String> live() {
            Set<String> out = new TreeSet<>(Participants.ORDER);
            alive.forEach((p, a) -> {
                if (a && current.containsKey(p)) {
                    out.add(p);
                }
            });
            return out;
        }

        String current(String p) {
            return current.get(p);
        }

        boolean isAliveProcess(String proc) {
            if (deadProcesses.contains(proc)) {
                return false;
            }
            for (Map.Entry<String, String> c : current.entrySet()) {
                if (c.getValue().equals(proc)) {
                    return alive.getOrDefault(c.getKey(), false);
                }
            }
            return false;
        }

        /** True if the process was not killed nor replaced by the end of the history. */
        boolean endedAlive(String proc) {
            return !deadProcesses.contains(proc);
        }

        /** Participants alive at the end or exited normally. */
        Set<String> survivors() {
            Set<String> out = new TreeSet<>(Participants.ORDER);
            for (String p : current.keySet()) {
                if (alive.getOrDefault(p, false) || Boolean.TRUE.equals(cleanExit.get(p))) {
                    out.add(p);
                }
            }
            return out;
        }
    }

    private static boolean isCleanExit(TraceEvent e) {
        return e.attr("code") == null || "0".equals(e.attr("code"));
    }

    private static boolean isLifecycle(TraceEvent e) {
        return e.is(EventType.SPAWN) || e.is(EventType.KILL) || e.is(EventType.EXIT);
    }

    private static boolean isLauncher(TraceEvent e) {
        return "launcher".equals(e.participant());
    }

    private static String process(TraceEvent e) {
        String inc = e.attr("inc");
        return inc == null ? e.participant() : e.participant() + "#" + inc;
    }

    private static long clock(TraceEvent e) {
        return Long.parseLong(e.attr("clock"));
    }

    private static List<TraceEvent> ordered(List<TraceEvent> events) {
        Objects.requireNonNull(events, "events");
        List<TraceEvent> h = new ArrayList<>(events);
        h.sort(Comparator.comparingLong(TraceEvent::zxid));
        return h;
    }

    private static Optional<String> fail(TraceEvent e, String what) {
        return Optional.of(e.participant() + " (" + e.type() + " at zxid " + e.zxid() + ") " + what);
    }
}
