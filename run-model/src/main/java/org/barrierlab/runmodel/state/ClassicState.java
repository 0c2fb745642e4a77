package org.barrierlab.runmodel.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The classic algorithms (Lamport clocks, election, mutex) after some prefix of the trace.
 * Immutable. The space-time diagram itself is drawn from the event log; this holds what the
 * side panel shows, and the mutex's critical sections the diagram draws as intervals.
 *
 * <pre>{@code
 * ClassicState c = state.classic();
 * String line = "leader " + c.leader() + ", mutex held by " + c.mutexHolder() + ", queue " + c.mutexQueue();
 * }</pre>
 *
 * @param leader the leader most recently announced ({@code leader} events), empty if none
 * @param followers who follows whom ({@code leader} events), by participant
 * @param electionsInProgress participants that started an election and have not finished it:
 *     no leader seen, no {@code COORDINATOR} message sent or received since, still running, and
 *     the run not over
 * @param mutexHolder participant holding the mutex, empty if free
 * @param mutexQueue participants that requested the mutex and do not hold it yet, in request order
 * @param clocks the latest Lamport clock of each participant
 * @param sections the mutex's critical sections so far, in the order they began
 */
public record ClassicState(
        String leader,
        Map<String, String> followers,
        Set<String> electionsInProgress,
        String mutexHolder,
        List<String> mutexQueue,
        Map<String, Long> clocks,
        List<Section> sections) {

    /**
     * One critical section: {@code participant} held the mutex from the {@code acquire} event
     * with zxid {@code from} to the {@code release} with zxid {@code to}.
     *
     * @param to the release's zxid, 0 while held; {@code ended} tells a section cut short (the
     *     holder died or the run ended first) from one still open
     * @param ended true if the section is over without a release (the holder died, the run ended)
     */
    public record Section(String participant, String request, long from, long to, boolean ended) {
        public Section {
            Objects.requireNonNull(participant, "participant");
            Objects.requireNonNull(request, "request");
        }

        /** True while the holder is in its critical section. */
        public boolean open() {
            return to == 0 && !ended;
        }
    }

    public ClassicState {
        Objects.requireNonNull(leader, "leader");
        followers = Map.copyOf(followers);
        electionsInProgress = Set.copyOf(electionsInProgress);
        Objects.requireNonNull(mutexHolder, "mutexHolder");
        mutexQueue = List.copyOf(mutexQueue);
        clocks = Map.copyOf(clocks);
        sections = List.copyOf(sections);
    }

    /** Nothing seen yet. */
    public static final ClassicState EMPTY =
            new ClassicState("", Map.of(), Set.of(), "", List.of(), Map.of(), List.of());

    /** This state with {@code id}'s election over (it died, or the run ended). */
    ClassicState withoutElection(String id) {
        if (!electionsInProgress.contains(id)) {
            return this;
        }
        Set<String> running = new java.util.HashSet<>(electionsInProgress);
        running.remove(id);
        return new ClassicState(leader, followers, running, mutexHolder, mutexQueue, clocks, sections);
    }

    /**
     * This state after participant {@code id} stopped ({@code null}: the run ended): its
     * election is over, and if it held the mutex its critical section ends here.
     */
    ClassicState stopped(String id) {
        Set<String> running = new java.util.HashSet<>(electionsInProgress);
        List<Section> secs = new ArrayList<>(sections);
        String holder = mutexHolder;
        if (id == null) {
            running.clear();
        } else {
            running.remove(id);
        }
        for (int i = 0; i < secs.size(); i++) {
            Section s = secs.get(i);
            if (s.open() && (id == null || s.participant().equals(id))) {
                secs.set(i, new Section(s.participant(), s.request(), s.from(), 0, true));
                if (s.participant().equals(holder)) {
                    holder = "";
                }
            }
        }
        return new ClassicState(leader, followers, running, holder, mutexQueue, clocks, secs);
    }

    /**
     * What the verdict line and the terminal say about the classic algorithms: the leader, and
     * the critical sections per participant, e.g. {@code leader p3; 6 critical sections (p1 2,
     * p2 2, p3 2)}; empty if there is nothing to say.
     */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        if (!leader.isEmpty()) {
            sb.append("leader ").append(leader);
        }
        if (!sections.isEmpty()) {
            Map<String, Integer> per = new LinkedHashMap<>();
            sections.stream()
                    .map(Section::participant)
                    .sorted(NaturalOrder.INSTANCE)
                    .forEach(p -> per.merge(p, 1, Integer::sum));
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(sections.size()).append(sections.size() == 1 ? " critical section (" : " critical sections (");
            per.forEach((p, n) -> sb.append(p).append(' ').append(n).append(", "));
            sb.setLength(sb.length() - 2);
            sb.append(')');
        }
        return sb.toString();
    }
}
