package org.barrierlab.visualizer.ui;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.state.NaturalOrder;

/**
 * The space-time diagram's model, computed from the event log alone (no scene graph): the
 * classic-algorithm events per process, the messages (a {@code send} matched to the {@code
 * receive} with the same {@code msg} id) and the causal past of any event (Lamport's
 * happened-before: earlier events of the same process, and across matched messages,
 * transitively).
 *
 * <pre>{@code
 * SpaceTime st = SpaceTime.of(events, 400);
 * BitSet past = st.causalPast(st.events().size() - 1);
 * }</pre>
 */
final class SpaceTime {

    private static final Set<String> TYPES = Set.of(
            EventType.SEND.wireName(),
            EventType.RECEIVE.wireName(),
            EventType.LOCAL.wireName(),
            EventType.ELECTION.wireName(),
            EventType.LEADER.wireName(),
            EventType.REQUEST.wireName(),
            EventType.ACQUIRE.wireName(),
            EventType.RELEASE.wireName());

    /** A message: indexes of its send and receive in {@link #events()}. */
    record Message(int send, int receive) {}

    private final List<TraceEvent> events;
    private final List<String> processes;
    private final List<Message> messages;
    private final int[] previousOnProcess;
    private final int[] sendOf;

    private SpaceTime(List<TraceEvent> events) {
        this.events = events;
        TreeSet<String> ps = new TreeSet<>(NaturalOrder.INSTANCE);
        for (TraceEvent e : events) {
            ps.add(e.participant());
        }
        this.processes = List.copyOf(ps);
        previousOnProcess = new int[events.size()];
        sendOf = new int[events.size()];
        Map<String, Integer> last = new HashMap<>();
        Map<String, Integer> sends = new HashMap<>();
        List<Message> ms = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            TraceEvent e = events.get(i);
            previousOnProcess[i] = last.getOrDefault(e.participant(), -1);
            last.put(e.participant(), i);
            sendOf[i] = -1;
            String msg = e.attr("msg");
            if (msg != null && e.is(EventType.SEND)) {
                sends.put(msg, i);
            } else if (msg != null && e.is(EventType.RECEIVE)) {
                Integer s = sends.get(msg);
                if (s != null) {
                    sendOf[i] = s;
                    ms.add(new Message(s, i));
                }
            }
        }
        this.messages = List.copyOf(ms);
    }

    /** The diagram of the last {@code limit} classic-algorithm events of the log. */
    static SpaceTime of(List<TraceEvent> log, int limit) {
        List<TraceEvent> picked = new ArrayList<>();
        for (int i = log.size() - 1; i >= 0 && picked.size() < limit; i--) {
            TraceEvent e = log.get(i);
            if (TYPES.contains(e.type())) {
                picked.add(e);
            }
        }
        java.util.Collections.reverse(picked);
        return new SpaceTime(picked);
    }

    /** True if the event type belongs in the diagram. */
    static boolean isClassic(TraceEvent e) {
        return TYPES.contains(e.type());
    }

    List<TraceEvent> events() {
        return events;
    }

    List<String> processes() {
        return processes;
    }

    List<Message> messages() {
        return messages;
    }

    /** The events that happened before event {@code i} (including {@code i}). */
    BitSet causalPast(int i) {
        BitSet seen = new BitSet(events.size());
        Deque<Integer> todo = new ArrayDeque<>();
        todo.push(i);
        while (!todo.isEmpty()) {
            int k = todo.pop();
            if (k < 0 || seen.get(k)) {
                continue;
            }
            seen.set(k);
            todo.push(previousOnProcess[k]);
            todo.push(sendOf[k]);
        }
        return seen;
    }
}
