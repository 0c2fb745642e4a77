package org.barrierlab.runmodel.state;

import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything known about a run after the first {@link #eventCount()} events of its trace: the
 * result of folding {@link RunReducer#apply} over that prefix. The terminal view, the verdict
 * and the visualizer all show this one state. Immutable; two states are equal iff they show the
 * same thing, which is what the replay tests compare.
 *
 * <pre>{@code
 * RunState s = RunState.EMPTY;
 * for (TraceEvent e : events) {
 *     s = RunReducer.apply(s, e);
 * }
 * }</pre>
 *
 * @param eventCount number of events folded in
 * @param lastZxid zxid of the last event folded in, 0 if none
 * @param scenario scenario name from {@code run-start}, empty if unknown
 * @param verdict verdict from {@code run-end}, empty while the run goes on
 * @param caption the latest narration line ({@code note}), empty if none
 * @param scopes barriers by path, sorted so that an outer scope precedes its inner scopes
 * @param participants participants by id, in natural order ({@code p2} before {@code p10})
 * @param classic state of the classic algorithms
 */
public record RunState(
        long eventCount,
        long lastZxid,
        String scenario,
        String verdict,
        String caption,
        Map<String, ScopeState> scopes,
        Map<String, ParticipantState> participants,
        ClassicState classic) {

    public RunState {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(caption, "caption");
        scopes = sorted(scopes, null);
        participants = sorted(participants, NaturalOrder.INSTANCE);
        Objects.requireNonNull(classic, "classic");
    }

    /**
     * An unmodifiable sorted view; a map that already is one with this order is taken as it is
     * (the reducer hands over fresh copies), so folding an event costs no re-sorting.
     */
    private static <V> SortedMap<String, V> sorted(Map<String, V> map, Comparator<String> order) {
        if (map instanceof SortedMap<String, V> sm && Objects.equals(sm.comparator(), order) && isOwnCopy(map)) {
            return sm;
        }
        TreeMap<String, V> copy = new TreeMap<>(order);
        copy.putAll(map);
        return Collections.unmodifiableSortedMap(copy);
    }

    private static final Class<?> UNMODIFIABLE_SORTED =
            Collections.unmodifiableSortedMap(new TreeMap<>()).getClass();

    private static boolean isOwnCopy(Map<?, ?> map) {
        return map.getClass() == UNMODIFIABLE_SORTED;
    }

    /** The state before any event. */
    public static final RunState EMPTY = new RunState(0, 0, "", "", "", Map.of(), Map.of(), ClassicState.EMPTY);

    /** Number of participants blocked at the current generation of {@code scope}. */
    public int waitingAt(String scope) {
        int n = 0;
        for (ParticipantState p : participants.values()) {
            if (p.alive() && p.scope().equals(scope) && p.phase().isWaiting()) {
                n++;
            }
        }
        return n;
    }
}
