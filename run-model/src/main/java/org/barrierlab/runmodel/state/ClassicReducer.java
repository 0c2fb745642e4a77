package org.barrierlab.runmodel.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;

/**
 * The classic-algorithm part of {@link RunReducer}: Lamport clocks, elections and the mutex
 * queue. Pure; the same events give the same {@link ClassicState}.
 */
final class ClassicReducer {

    private ClassicReducer() {}

    /** True for the event types this part folds. */
    static boolean handles(EventType t) {
        return switch (t) {
            case SEND, RECEIVE, LOCAL, ELECTION, LEADER, REQUEST, ACQUIRE, RELEASE -> true;
            default -> false;
        };
    }

    /** The classic state after {@code e} (of a type {@link #handles} accepts). */
    static ClassicState apply(ClassicState c, EventType t, TraceEvent e) {
        String who = e.participant();
        return switch (t) {
            case SEND, RECEIVE -> {
                ClassicState k = clock(c, e);
                // Announcing or learning the coordinator ends an election, also when the leader
                // stays who it was (and so no leader event follows).
                yield "COORDINATOR".equals(e.attr("kind")) ? k.withoutElection(who) : k;
            }
            case LOCAL -> clock(c, e);
            case ELECTION -> {
                Set<String> running = new HashSet<>(c.electionsInProgress());
                running.add(who);
                ClassicState k = clock(c, e);
                yield new ClassicState(
                        k.leader(), k.followers(), running, k.mutexHolder(), k.mutexQueue(), k.clocks(), k.sections());
            }
            case LEADER -> {
                ClassicState k = clock(c, e);
                String leader = e.attr("leader") == null ? "" : e.attr("leader");
                Map<String, String> followers = new HashMap<>(k.followers());
                followers.put(who, leader);
                Set<String> running = new HashSet<>(k.electionsInProgress());
                running.remove(who);
                yield new ClassicState(
                        leader, followers, running, k.mutexHolder(), k.mutexQueue(), k.clocks(), k.sections());
            }
            case REQUEST -> {
                List<String> queue = new ArrayList<>(c.mutexQueue());
                if (!queue.contains(who) && !who.equals(c.mutexHolder())) {
                    queue.add(who);
                }
                yield mutex(c, c.mutexHolder(), queue, c.sections());
            }
            case ACQUIRE -> {
                List<String> queue = new ArrayList<>(c.mutexQueue());
                queue.remove(who);
                List<ClassicState.Section> sections = new ArrayList<>(c.sections());
                sections.add(new ClassicState.Section(who, request(e), e.zxid(), 0, false));
                yield mutex(c, who, queue, sections);
            }
            case RELEASE -> {
                List<ClassicState.Section> sections = new ArrayList<>(c.sections());
                for (int i = sections.size() - 1; i >= 0; i--) {
                    ClassicState.Section s = sections.get(i);
                    // By request id: a coordinator also records releases of others' requests.
                    boolean same = e.attr("request") != null
                            ? s.request().equals(e.attr("request"))
                            : s.participant().equals(who);
                    if (s.open() && same) {
                        sections.set(
                                i, new ClassicState.Section(s.participant(), s.request(), s.from(), e.zxid(), false));
                        break;
                    }
                }
                yield mutex(c, who.equals(c.mutexHolder()) ? "" : c.mutexHolder(), c.mutexQueue(), sections);
            }
            default -> c;
        };
    }

    private static ClassicState clock(ClassicState c, TraceEvent e) {
        String text = e.attr("clock");
        if (text == null) {
            return c;
        }
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException ex) {
            return c; // a malformed clock is not a clock: keep the last good one
        }
        Map<String, Long> clocks = new HashMap<>(c.clocks());
        clocks.put(e.participant(), value);
        return new ClassicState(
                c.leader(),
                c.followers(),
                c.electionsInProgress(),
                c.mutexHolder(),
                c.mutexQueue(),
                clocks,
                c.sections());
    }

    private static ClassicState mutex(
            ClassicState c, String holder, List<String> queue, List<ClassicState.Section> sections) {
        return new ClassicState(
                c.leader(), c.followers(), c.electionsInProgress(), holder, queue, c.clocks(), sections);
    }

    private static String request(TraceEvent e) {
        String r = e.attr("request");
        return r == null ? "" : r;
    }
}
