package org.barrierlab.visualizer.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;

/**
 * The pure event-to-state reduction of the visualizer: {@code apply(state, event)} returns the
 * state after {@code event}. No I/O, no clock, no JavaFX: the same trace always yields the same
 * sequence of states, whether it comes live from ZooKeeper or from a recording. Unknown event
 * types leave the state unchanged (except the event count).
 *
 * <p>Nesting of barriers is the path prefix (inner barriers live at {@code
 * <outer>/inner/<name>}); restricted barriers carry {@code parties} and {@code members} on
 * their {@code arrive}/{@code enter} events.
 *
 * <pre>{@code
 * RunState s = Reducer.applyAll(RunState.EMPTY, events);
 * boolean broken = s.scopes().get("/barriers/all").broken();
 * }</pre>
 */
public final class Reducer {

    private Reducer() {}

    /** Folds all events into {@code state}, in the given (zxid) order. */
    public static RunState applyAll(RunState state, List<TraceEvent> events) {
        RunState s = state;
        for (TraceEvent e : events) {
            s = apply(s, e);
        }
        return s;
    }

    /** The state after {@code e}. */
    public static RunState apply(RunState s, TraceEvent e) {
        Optional<EventType> type = EventType.fromWireName(e.type());
        Step step = new Step(s);
        type.ifPresent(t -> step.on(t, e));
        return step.result(e);
    }

    /** Copy-on-write accumulation of one event's changes. */
    private static final class Step {
        private final RunState base;
        private TreeMap<String, ScopeState> scopes;
        private TreeMap<String, ParticipantState> participants;
        private ClassicState classic;
        private String scenario;
        private String verdict;
        private String caption;

        Step(RunState base) {
            this.base = base;
            this.classic = base.classic();
            this.scenario = base.scenario();
            this.verdict = base.verdict();
            this.caption = base.caption();
        }

        RunState result(TraceEvent e) {
            return new RunState(
                    base.eventCount() + 1,
                    e.zxid(),
                    scenario,
                    verdict,
                    caption,
                    scopes == null ? base.scopes() : java.util.Collections.unmodifiableSortedMap(scopes),
                    participants == null
                            ? base.participants()
                            : java.util.Collections.unmodifiableSortedMap(participants),
                    classic);
        }

        private Map<String, ScopeState> scopes() {
            if (scopes == null) {
                scopes = new TreeMap<>((java.util.SortedMap<String, ScopeState>) base.scopes());
            }
            return scopes;
        }

        private Map<String, ParticipantState> participants() {
            if (participants == null) {
                participants = new TreeMap<>((java.util.SortedMap<String, ParticipantState>) base.participants());
            }
            return participants;
        }

        private ParticipantState participant(String id) {
            return participants().computeIfAbsent(id, ParticipantState::fresh);
        }

        private void put(ParticipantState p) {
            participants().put(p.id(), p);
        }

        private ScopeState scope(String path, ScopeKind kind) {
            ScopeState s = scopes().get(path);
            if (s == null) {
                s = ScopeState.fresh(path, enclosingScope(path), kind);
                scopes().put(path, s);
                // Scopes seen earlier that lie inside this one now have it as their parent.
                for (ScopeState other : new ArrayList<>(scopes().values())) {
                    if (other.isInside(path) && other.parent().length() < path.length()) {
                        scopes().put(other.path(), other.withParent(path));
                    }
                }
            } else if (kind == ScopeKind.DOUBLE && s.kind() != ScopeKind.DOUBLE) {
                s = s.withKind(kind);
                scopes().put(path, s);
            }
            return s;
        }

        private String enclosingScope(String path) {
            String best = "";
            for (String other : scopes().keySet()) {
                if (path.startsWith(other + "/") && other.length() > best.length()) {
                    best = other;
                }
            }
            return best;
        }

        void on(EventType t, TraceEvent e) {
            switch (t) {
                case RUN_START -> scenario = attr(e, "scenario");
                case RUN_END -> verdict = attr(e, "verdict");
                case NOTE -> caption = attr(e, "text");
                case SPAWN -> {
                    ParticipantState p = participant(e.participant());
                    put(p.spawned(attr(e, "host"), attr(e, "pid")));
                }
                case KILL -> {
                    ParticipantState p = participant(e.participant());
                    put(p.withLife(false, "killed", e.type()));
                }
                case EXIT -> {
                    ParticipantState p = participant(e.participant());
                    String code = attr(e, "code");
                    put(p.withLife(false, code.isEmpty() ? "exited" : "exit " + code, e.type()));
                }
                case ARRIVE -> arrive(e, ScopeKind.SIMPLE, Phase.WAITING);
                case ENTER -> arrive(e, ScopeKind.DOUBLE, Phase.ENTERING);
                case PASS -> returned(e, Phase.PASSED);
                case ENTERED -> {
                    returned(e, Phase.INSIDE);
                    ParticipantState p = participant(e.participant());
                    List<String> stack = new ArrayList<>(p.enclosing());
                    if (!stack.contains(e.scope())) {
                        stack.add(e.scope());
                    }
                    put(p.withEnclosing(stack));
                }
                case LEAVE -> {
                    scope(e.scope(), ScopeKind.DOUBLE);
                    ParticipantState p = participant(e.participant());
                    put(p.at(e.scope(), Phase.LEAVING, e.generation(), e.type()));
                }
                case LEFT -> {
                    ParticipantState p = participant(e.participant());
                    List<String> stack = new ArrayList<>(p.enclosing());
                    stack.remove(e.scope());
                    p = p.withEnclosing(stack).withWakeups(wakeups(e, p.wakeups()));
                    if (stack.isEmpty()) {
                        p = p.at("", Phase.NONE, e.generation(), e.type());
                    } else {
                        String outer = stack.get(stack.size() - 1);
                        ScopeState o = scopes().get(outer);
                        p = p.at(outer, Phase.INSIDE, o == null ? e.generation() : o.generation(), e.type());
                    }
                    put(p);
                }
                case BROKEN -> {
                    ScopeState s = scope(e.scope(), ScopeKind.SIMPLE);
                    scopes().put(s.path(), s.withBroken(e.generation(), attr(e, "reason"), attr(e, "by")));
                    ParticipantState p = participant(e.participant());
                    put(p.at(e.scope(), Phase.BROKEN, e.generation(), e.type()));
                }
                case BREAK -> {
                    ScopeState s = scope(e.scope(), ScopeKind.SIMPLE);
                    scopes().put(s.path(), s.withBroken(e.generation(), attr(e, "reason"), e.participant()));
                    ParticipantState p = participant(e.participant());
                    put(p.at(e.scope(), Phase.BROKEN, e.generation(), e.type()));
                }
                case RESET -> {
                    ScopeState s = scope(e.scope(), ScopeKind.SIMPLE);
                    long g = e.generation() >= 0 ? Math.max(e.generation(), s.generation()) : s.generation() + 1;
                    scopes().put(s.path(), s.withGeneration(g));
                    put(participant(e.participant()).withLastEvent(e.type()));
                }
                case STEP_WAIT -> put(participant(e.participant()).withStepWaiting(true, e.type()));
                case STEP -> put(participant(e.participant()).withStepWaiting(false, e.type()));
                case SEND, RECEIVE, LOCAL -> clock(e);
                case ELECTION -> {
                    clock(e);
                    Set<String> running = new HashSet<>(classic.electionsInProgress());
                    running.add(e.participant());
                    classic = new ClassicState(
                            classic.leader(),
                            classic.followers(),
                            running,
                            classic.mutexHolder(),
                            classic.mutexQueue(),
                            classic.clocks());
                }
                case LEADER -> {
                    clock(e);
                    String leader = attr(e, "leader");
                    Map<String, String> followers = new HashMap<>(classic.followers());
                    followers.put(e.participant(), leader);
                    Set<String> running = new HashSet<>(classic.electionsInProgress());
                    running.remove(e.participant());
                    classic = new ClassicState(
                            leader, followers, running, classic.mutexHolder(), classic.mutexQueue(), classic.clocks());
                }
                case REQUEST -> {
                    List<String> queue = new ArrayList<>(classic.mutexQueue());
                    if (!queue.contains(e.participant()) && !e.participant().equals(classic.mutexHolder())) {
                        queue.add(e.participant());
                    }
                    mutex(classic.mutexHolder(), queue);
                }
                case ACQUIRE -> {
                    List<String> queue = new ArrayList<>(classic.mutexQueue());
                    queue.remove(e.participant());
                    mutex(e.participant(), queue);
                }
                case RELEASE -> {
                    String holder = e.participant().equals(classic.mutexHolder()) ? "" : classic.mutexHolder();
                    mutex(holder, classic.mutexQueue());
                }
            }
        }

        private void arrive(TraceEvent e, ScopeKind kind, Phase phase) {
            ScopeState s = scope(e.scope(), kind);
            if (e.generation() > s.generation()) {
                s = s.withGeneration(e.generation());
            }
            String parties = e.attr("parties");
            String members = e.attr("members");
            if (parties != null || members != null) {
                List<String> m = members == null || members.isBlank()
                        ? s.members()
                        : Arrays.stream(members.split(","))
                                .map(String::trim)
                                .filter(x -> !x.isEmpty())
                                .toList();
                s = s.withParties(parseInt(parties, s.parties()), m);
            }
            scopes().put(s.path(), s);
            ParticipantState p = participant(e.participant());
            put(p.at(e.scope(), phase, e.generation(), e.type()));
        }

        private void returned(TraceEvent e, Phase phase) {
            ScopeState s = scope(e.scope(), phase == Phase.INSIDE ? ScopeKind.DOUBLE : ScopeKind.SIMPLE);
            if (e.generation() > s.generation()) {
                scopes().put(s.path(), s.withGeneration(e.generation()));
            }
            ParticipantState p = participant(e.participant());
            put(p.at(e.scope(), phase, e.generation(), e.type()).withWakeups(wakeups(e, p.wakeups())));
        }

        private void clock(TraceEvent e) {
            participant(e.participant());
            put(participant(e.participant()).withLastEvent(e.type()));
            String c = e.attr("clock");
            if (c == null) {
                return;
            }
            long value;
            try {
                value = Long.parseLong(c.trim());
            } catch (NumberFormatException ex) {
                return;
            }
            Map<String, Long> clocks = new HashMap<>(classic.clocks());
            clocks.put(e.participant(), value);
            classic = new ClassicState(
                    classic.leader(),
                    classic.followers(),
                    classic.electionsInProgress(),
                    classic.mutexHolder(),
                    classic.mutexQueue(),
                    clocks);
        }

        private void mutex(String holder, List<String> queue) {
            classic = new ClassicState(
                    classic.leader(),
                    classic.followers(),
                    classic.electionsInProgress(),
                    holder,
                    queue,
                    classic.clocks());
        }

        private static int wakeups(TraceEvent e, int previous) {
            return parseInt(e.attr("wakeups"), previous);
        }

        private static int parseInt(String s, int fallback) {
            if (s == null) {
                return fallback;
            }
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException ex) {
                return fallback;
            }
        }

        private static String attr(TraceEvent e, String key) {
            String v = e.attr(key);
            return v == null ? "" : v;
        }
    }
}
