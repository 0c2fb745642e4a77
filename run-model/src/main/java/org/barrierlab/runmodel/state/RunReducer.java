package org.barrierlab.runmodel.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;

/**
 * The one reduction from a run's events to its state: {@code apply(state, event)} returns the
 * state after {@code event}. The launcher's terminal view and verdict, the recording's replay
 * and the visualizer all fold the same events through this class, so they show the same
 * participants in the same states. No I/O, no clock, no JavaFX: the same trace always yields
 * the same sequence of states, whether it comes live from ZooKeeper or from a recording.
 * Unknown event types leave the state unchanged (except the event count).
 *
 * <p><b>One failure story.</b> A {@code kill}, or an {@code exit} with a code other than 0
 * (done) or 3 (reported a broken barrier), makes a participant {@link Status#DEAD} where it
 * was. A generation that breaks while one of the barrier's members is dead broke because that
 * member died: its reason is {@code "<id> died"} and it was broken by the dead member, whoever
 * noticed first and whatever they reported (an interrupted wait, a vanished node). Later
 * events of a killed participant (written before the signal landed) move it but do not revive
 * it; only a new {@code spawn} does.
 *
 * <p>Nesting of barriers is the path prefix (inner barriers live at {@code
 * <outer>/inner/<name>}); restricted barriers carry {@code parties} and {@code members} on
 * their {@code arrive}/{@code enter} events.
 *
 * <pre>{@code
 * RunState s = RunReducer.applyAll(RunState.EMPTY, events);
 * boolean broken = s.scopes().get("/barriers/all").broken();
 * }</pre>
 */
public final class RunReducer {

    private RunReducer() {}

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
                    scopes == null ? base.scopes() : Collections.unmodifiableSortedMap(scopes),
                    participants == null ? base.participants() : Collections.unmodifiableSortedMap(participants),
                    classic);
        }

        private Map<String, ScopeState> scopes() {
            if (scopes == null) {
                scopes = new TreeMap<>((SortedMap<String, ScopeState>) base.scopes());
            }
            return scopes;
        }

        private Map<String, ParticipantState> participants() {
            if (participants == null) {
                participants = new TreeMap<>((SortedMap<String, ParticipantState>) base.participants());
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
            if (ClassicReducer.handles(t)) {
                put(participant(e.participant()).withLastEvent(e.type()));
                classic = ClassicReducer.apply(classic, t, e);
                return;
            }
            switch (t) {
                case RUN_START -> {
                    scenario = attr(e, "scenario");
                    for (String id : list(attr(e, "participants"))) {
                        participant(id);
                    }
                }
                case RUN_END -> {
                    verdict = attr(e, "verdict");
                    classic = classic.stopped(null); // nothing is in progress after the run
                }
                case NOTE -> {
                    caption = attr(e, "text");
                    ParticipantState p = participants().get(e.participant());
                    if (p != null) {
                        put(p.withLastEvent(e.type()));
                    }
                }
                case SPAWN -> put(participant(e.participant())
                        .spawned(attr(e, "role"), attr(e, "host"), attr(e, "pid"), parseInt(e.attr("attempt"), 1)));
                case KILL -> {
                    put(participant(e.participant()).killedNow(e.type()));
                    classic = classic.stopped(e.participant());
                }
                case EXIT -> {
                    put(participant(e.participant()).exited(parseInt(e.attr("code"), -1), e.type()));
                    classic = classic.stopped(e.participant());
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
                    put(participant(e.participant()).at(e.scope(), Phase.LEAVING, e.generation(), e.type()));
                }
                case LEFT -> left(e);
                case BROKEN -> broke(e, attr(e, "by"), attr(e, "reason"));
                case BREAK -> broke(e, e.participant(), attr(e, "reason"));
                case RESET -> {
                    ScopeState s = scope(e.scope(), ScopeKind.SIMPLE);
                    long g = e.generation() >= 0 ? Math.max(e.generation(), s.generation()) : s.generation() + 1;
                    scopes().put(s.path(), s.withGeneration(g));
                    put(participant(e.participant()).withLastEvent(e.type()));
                }
                case STEP_WAIT -> put(participant(e.participant()).withStep(true, attr(e, "op"), e.type()));
                case STEP -> put(participant(e.participant()).withStep(false, "", e.type()));
                default -> {
                    // coordinator bookkeeping (enqueue, grant, drop) changes nobody's state
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
                List<String> m = members == null || members.isBlank() ? s.members() : list(members);
                s = s.withParties(parseInt(parties, s.parties()), m);
            }
            scopes().put(s.path(), s);
            put(participant(e.participant()).at(e.scope(), phase, e.generation(), e.type()));
        }

        private void returned(TraceEvent e, Phase phase) {
            ScopeState s = scope(e.scope(), phase == Phase.INSIDE ? ScopeKind.DOUBLE : ScopeKind.SIMPLE);
            if (e.generation() > s.generation()) {
                scopes().put(s.path(), s.withGeneration(e.generation()));
            }
            ParticipantState p = participant(e.participant());
            put(p.at(e.scope(), phase, e.generation(), e.type()).withWakeups(parseInt(e.attr("wakeups"), p.wakeups())));
        }

        private void left(TraceEvent e) {
            ParticipantState p = participant(e.participant());
            List<String> stack = new ArrayList<>(p.enclosing());
            stack.remove(e.scope());
            p = p.withEnclosing(stack).withWakeups(parseInt(e.attr("wakeups"), p.wakeups()));
            if (stack.isEmpty()) {
                p = p.at("", Phase.NONE, e.generation(), e.type());
            } else {
                String outer = stack.get(stack.size() - 1);
                ScopeState o = scopes().get(outer);
                p = p.at(outer, Phase.INSIDE, o == null ? e.generation() : o.generation(), e.type());
            }
            put(p);
        }

        /**
         * A generation broke. If a member of the barrier is dead, its death is the reason,
         * whatever the participant who noticed reported: the one failure story.
         */
        private void broke(TraceEvent e, String reportedBy, String reportedReason) {
            ScopeState s = scope(e.scope(), ScopeKind.SIMPLE);
            Optional<String> dead = deadMember(s);
            String by = dead.orElse(reportedBy);
            String reason = dead.map(d -> d + " died").orElse(reportedReason);
            boolean death = dead.isPresent() || ScopeState.isDeath(reportedReason, reportedBy);
            ScopeState after = s.withBroken(e.generation(), reason, by, death);
            scopes().put(s.path(), after);
            // a participant is broken at the generation the barrier broke at, never at a slot
            // created ahead that its liveness ring broke too
            long g = Math.min(e.generation(), after.generation());
            put(participant(e.participant()).at(e.scope(), Phase.BROKEN, g, e.type()));
        }

        private Optional<String> deadMember(ScopeState s) {
            for (ParticipantState p : participants().values()) {
                if (p.dead() && (!s.restricted() || s.members().contains(p.id()))) {
                    return Optional.of(p.id());
                }
            }
            return Optional.empty();
        }

        private static List<String> list(String commaSeparated) {
            return Arrays.stream(commaSeparated.split(","))
                    .map(String::trim)
                    .filter(x -> !x.isEmpty())
                    .toList();
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
