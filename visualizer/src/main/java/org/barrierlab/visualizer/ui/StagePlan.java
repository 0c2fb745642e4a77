package org.barrierlab.visualizer.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.state.DeclaredBarrier;
import org.barrierlab.runmodel.state.ParticipantState;
import org.barrierlab.runmodel.state.RunReducer;
import org.barrierlab.runmodel.state.RunState;
import org.barrierlab.runmodel.state.ScopeKind;
import org.barrierlab.runmodel.state.ScopeState;

/**
 * What the stage lays out: every barrier of the run (those the scenario declared in its {@code
 * run-start} event, then any other the events show) with how many participants each can hold,
 * and how many participants the run has. Two states of one run give the same plan as long as no
 * undeclared barrier or participant appears, so the boxes do not move while the run goes on.
 *
 * <pre>{@code
 * StagePlan plan = StagePlan.of(StagePlan.Declared.from(events), state);
 * BarrierLayout layout = BarrierLayout.compute(plan, state, 1200);
 * }</pre>
 *
 * @param scopes the barriers, each outer one before the ones nested in it
 * @param participants how many participants the run has (declared, or seen so far)
 */
record StagePlan(List<Scope> scopes, int participants) {

    /**
     * One barrier to lay out.
     *
     * @param capacity how many participants can be at it at once (its parties, its members, or everybody)
     * @param restricted it has a member list that is not everybody (the box shows the list)
     */
    record Scope(String path, String parent, ScopeKind kind, int capacity, boolean restricted, List<String> members) {
        /** The last path segment: the barrier's name. */
        String name() {
            int slash = path.lastIndexOf('/');
            return slash >= 0 ? path.substring(slash + 1) : path;
        }
    }

    /** What the {@code run-start} event declared: the barriers and the participant ids. */
    record Declared(List<DeclaredBarrier> barriers, List<String> participants) {
        static final Declared NONE = new Declared(List.of(), List.of());

        /**
         * The declarations of the run-start event among the first events (it is the first event
         * of a run); {@link #NONE} when there is none or it declares nothing.
         */
        static Declared from(List<TraceEvent> events) {
            for (int i = 0; i < Math.min(events.size(), 16); i++) {
                TraceEvent e = events.get(i);
                if (e.is(EventType.RUN_START)) {
                    List<DeclaredBarrier> barriers;
                    try {
                        barriers = DeclaredBarrier.decode(e.attrs().getOrDefault(DeclaredBarrier.ATTR, ""));
                    } catch (IllegalArgumentException ex) {
                        barriers = List.of(); // an unreadable declaration: lay out what the events show
                    }
                    String ids = e.attrs().getOrDefault("participants", "");
                    return new Declared(barriers, ids.isEmpty() ? List.of() : List.of(ids.split(",")));
                }
            }
            return NONE;
        }

        /**
         * What a whole recording will show, for a replay held before its first event: the
         * run-start declarations, then every other barrier the recording uses (its kind and members
         * as the events end up saying), and every participant it names. The events are reduced
         * aside to find them, not shown: the stage lays them out in their initial state.
         */
        static Declared lookAhead(List<TraceEvent> recording) {
            Declared header = from(recording);
            RunState end = RunReducer.applyAll(RunState.EMPTY, recording);
            List<DeclaredBarrier> barriers = new ArrayList<>(header.barriers());
            java.util.Set<String> known = new java.util.HashSet<>();
            header.barriers().forEach(b -> known.add(b.path()));
            for (ScopeState s : end.scopes().values()) {
                if (known.add(s.path())) {
                    barriers.add(new DeclaredBarrier(s.path(), s.kind(), s.members()));
                }
            }
            java.util.Set<String> ids = new java.util.LinkedHashSet<>(header.participants());
            ids.addAll(end.participants().keySet());
            return new Declared(barriers, List.copyOf(ids));
        }
    }

    StagePlan {
        scopes = List.copyOf(scopes);
    }

    /** The plan of a state without declarations: what the events have shown so far. */
    static StagePlan of(RunState state) {
        return of(Declared.NONE, state);
    }

    static StagePlan of(Declared declared, RunState state) {
        int n = Math.max(declared.participants().size(), state.participants().size());
        Map<String, ScopeKind> kinds = new LinkedHashMap<>();
        Map<String, List<String>> members = new LinkedHashMap<>();
        Map<String, Integer> parties = new LinkedHashMap<>();
        for (DeclaredBarrier b : declared.barriers()) {
            kinds.put(b.path(), b.kind());
            members.put(b.path(), b.members());
            parties.put(b.path(), b.members().isEmpty() ? -1 : b.members().size());
        }
        for (ScopeState s : state.scopes().values()) {
            // the events know best what a barrier is; a declaration only says it will be there
            if (!kinds.containsKey(s.path()) || s.kind() == ScopeKind.DOUBLE) {
                kinds.put(s.path(), s.kind());
            }
            if (!members.containsKey(s.path())) {
                members.put(s.path(), s.members());
                parties.put(s.path(), s.parties());
            }
        }
        List<Scope> out = new ArrayList<>();
        for (Map.Entry<String, ScopeKind> e : kinds.entrySet()) {
            String path = e.getKey();
            List<String> m = members.get(path);
            int p = parties.get(path);
            int capacity = p > 0 ? p : !m.isEmpty() ? m.size() : Math.max(1, n);
            boolean restricted = !m.isEmpty() && m.size() < n;
            out.add(new Scope(path, parentOf(path, kinds.keySet()), e.getValue(), capacity, restricted, m));
        }
        // outer before inner, otherwise in the order declared (then seen)
        List<Scope> ordered = new ArrayList<>();
        for (Scope s : out) {
            if (s.parent().isEmpty()) {
                addWithChildren(s, out, ordered);
            }
        }
        return new StagePlan(ordered, n);
    }

    private static void addWithChildren(Scope s, List<Scope> all, List<Scope> into) {
        into.add(s);
        for (Scope c : all) {
            if (c.parent().equals(s.path())) {
                addWithChildren(c, all, into);
            }
        }
    }

    /**
     * {@code state} with every declared participant that no event has named yet, in its initial
     * state (not spawned, outside every barrier): a replay held at event 0 shows its cast.
     */
    static RunState withDeclaredParticipants(RunState state, Declared declared) {
        if (state.participants().keySet().containsAll(declared.participants())) {
            return state;
        }
        Map<String, ParticipantState> all = new LinkedHashMap<>(state.participants());
        for (String id : declared.participants()) {
            all.putIfAbsent(id, ParticipantState.fresh(id));
        }
        return new RunState(
                state.eventCount(),
                state.lastZxid(),
                state.scenario(),
                state.verdict(),
                state.caption(),
                state.scopes(),
                all,
                state.classic());
    }

    /** The nearest barrier whose path is a prefix of {@code path}: nesting is the path prefix. */
    private static String parentOf(String path, Iterable<String> all) {
        String best = "";
        for (String other : all) {
            if (path.startsWith(other + "/") && other.length() > best.length()) {
                best = other;
            }
        }
        return best;
    }

    /** The barriers nested directly in {@code parent} ("" for the top level), in plan order. */
    List<Scope> children(String parent) {
        List<Scope> out = new ArrayList<>();
        for (Scope s : scopes) {
            if (s.parent().equals(parent)) {
                out.add(s);
            }
        }
        return out;
    }
}
