package org.barrierlab.runmodel.state;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The classic algorithms (Lamport clocks, election, mutex) after some prefix of the trace.
 * Immutable. The space-time diagram itself is drawn from the event log; this holds what the
 * side panel shows.
 *
 * <pre>{@code
 * ClassicState c = state.classic();
 * String line = "leader " + c.leader() + ", mutex held by " + c.mutexHolder() + ", queue " + c.mutexQueue();
 * }</pre>
 *
 * @param leader the leader most recently announced ({@code leader} events), empty if none
 * @param followers who follows whom ({@code leader} events), by participant
 * @param electionsInProgress participants that started an election and have not seen a leader since
 * @param mutexHolder participant holding the mutex, empty if free
 * @param mutexQueue participants that requested the mutex and do not hold it yet, in request order
 * @param clocks the latest Lamport clock of each participant
 */
public record ClassicState(
        String leader,
        Map<String, String> followers,
        Set<String> electionsInProgress,
        String mutexHolder,
        List<String> mutexQueue,
        Map<String, Long> clocks) {

    public ClassicState {
        Objects.requireNonNull(leader, "leader");
        followers = Map.copyOf(followers);
        electionsInProgress = Set.copyOf(electionsInProgress);
        Objects.requireNonNull(mutexHolder, "mutexHolder");
        mutexQueue = List.copyOf(mutexQueue);
        clocks = Map.copyOf(clocks);
    }

    /** Nothing seen yet. */
    public static final ClassicState EMPTY = new ClassicState("", Map.of(), Set.of(), "", List.of(), Map.of());
}
