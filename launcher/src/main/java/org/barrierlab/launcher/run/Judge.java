package org.barrierlab.launcher.run;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.barrierlab.launcher.scenario.Scenario;
import org.barrierlab.launcher.verdict.BarrierInvariant;
import org.barrierlab.launcher.verdict.Verdict;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.ExitCode;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.state.ParticipantState;
import org.barrierlab.runmodel.state.RunState;
import org.barrierlab.runmodel.state.ScopeState;
import org.barrierlab.runmodel.state.Status;

/**
 * Turns a finished run into its {@link Verdict}, reading the participants and barriers from the
 * one {@link RunState} (the same state the terminal view and the visualizer show), in this
 * order:
 *
 * <ol>
 *   <li>a violation of the {@link BarrierInvariant} or of the scenario's own check: {@code FAIL};
 *   <li>the run was stuck (deadline or stall): {@code HUNG} naming who is stuck where, or
 *       {@code FAIL} if a participant had been killed (survivors must report, not hang);
 *   <li>every participant that was killed was restarted and finished, as did everybody else:
 *       {@code PASS}, saying who was restarted, at which round it rejoined, and which generation
 *       broke and was reset;
 *   <li>a participant was killed and stayed dead: {@code BROKEN <barrier> generation <g>: <who>
 *       died} (the first generation that broke, and the reason the state gives it) if every
 *       survivor finished or reported the broken barrier, else {@code FAIL};
 *   <li>any participant did not finish (dead, or ended with a broken barrier nobody caused):
 *       {@code FAIL};
 *   <li>otherwise {@code PASS} with a summary.
 * </ol>
 *
 * <pre>{@code
 * Verdict v = Judge.judge(scenario, spec, history, RunReducer.applyAll(RunState.EMPTY, history), lastLines, null);
 * }</pre>
 */
public final class Judge {

    private Judge() {}

    /**
     * @param history the run's events in zxid order
     * @param state the run's state after {@code history}
     * @param lastLines each participant's last line of output (for failure reasons)
     * @param stuck who is stuck where if the run hit its deadline or stalled, else null
     */
    public static Verdict judge(
            Scenario scenario,
            RunSpec spec,
            List<TraceEvent> history,
            RunState state,
            Map<String, String> lastLines,
            String stuck) {
        List<String> violations = BarrierInvariant.check(history);
        if (!violations.isEmpty()) {
            return Verdict.fail("barrier invariant violated: " + violations.get(0)
                    + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : ""));
        }
        Optional<String> scenarioFailure = scenario.check(history);
        if (scenarioFailure.isPresent()) {
            return Verdict.fail(scenarioFailure.get());
        }
        Set<String> everKilled = new LinkedHashSet<>();
        for (TraceEvent e : history) {
            if (e.is(EventType.KILL)) {
                everKilled.add(e.participant());
            }
        }
        List<String> dead = new ArrayList<>();
        for (ParticipantState p : state.participants().values()) {
            if (p.dead() && p.killed()) {
                dead.add(p.id());
            }
        }
        if (stuck != null) {
            if (!everKilled.isEmpty()) {
                return Verdict.fail("after " + String.join(", ", everKilled) + " died the survivors hung instead of"
                        + " reporting the broken barrier: " + stuck);
            }
            return Verdict.hung(stuck);
        }
        List<String> bad = new ArrayList<>();
        for (ParticipantState p : state.participants().values()) {
            if (dead.contains(p.id())) {
                continue;
            }
            Status s = p.status();
            boolean fine = s == Status.DONE || (s == Status.BROKEN && !everKilled.isEmpty());
            if (!fine) {
                bad.add(p.id() + " " + describeExit(p, lastLines.getOrDefault(p.id(), "")));
            }
        }
        if (!everKilled.isEmpty()) {
            if (!bad.isEmpty()) {
                return Verdict.fail("after " + String.join(", ", everKilled) + " died: " + String.join("; ", bad));
            }
            Optional<TraceEvent> firstBroken =
                    history.stream().filter(e -> e.is(EventType.BROKEN)).findFirst();
            boolean allDone = state.participants().values().stream().allMatch(p -> p.status() == Status.DONE);
            if (dead.isEmpty() && allDone) {
                // Everybody killed was restarted, rejoined and finished: the run recovered.
                return pass(
                        scenario,
                        spec,
                        history,
                        state,
                        " (" + restarts(everKilled, history)
                                + firstBroken
                                        .map(b -> "; " + b.scope() + " generation " + b.generation()
                                                + " broke and was reset")
                                        .orElse("")
                                + ")");
            }
            if (firstBroken.isPresent()) {
                TraceEvent b = firstBroken.get();
                ScopeState scope = state.scopes().get(b.scope());
                String reason = scope == null ? "" : scope.brokenGenerations().getOrDefault(b.generation(), "");
                String who = reason.endsWith(" died")
                        ? reason.substring(0, reason.length() - " died".length())
                        : String.join(", ", everKilled);
                return Verdict.broken(b.scope(), b.generation(), who);
            }
            boolean barriers = history.stream().anyMatch(e -> e.is(EventType.ARRIVE) || e.is(EventType.ENTER));
            return pass(
                    scenario,
                    spec,
                    history,
                    state,
                    " (" + String.join(", ", everKilled) + " killed" + (barriers ? "; no barrier broke)" : ")"));
        }
        if (!bad.isEmpty()) {
            return Verdict.fail(String.join("; ", bad));
        }
        return pass(scenario, spec, history, state, "");
    }

    /**
     * PASS with a summary; a run of the classic algorithms also names its leader and critical
     * sections ({@link org.barrierlab.runmodel.state.ClassicState#summary()}), as the terminal does.
     */
    private static Verdict pass(
            Scenario scenario, RunSpec spec, List<TraceEvent> history, RunState state, String suffix) {
        String classic = state.classic().summary();
        if (!classic.isEmpty()) {
            suffix = suffix + "; " + classic;
        }
        long passes = history.stream()
                .filter(e -> e.is(EventType.PASS) || e.is(EventType.ENTERED) || e.is(EventType.LEFT))
                .count();
        String summary = scenario.name() + ": " + spec.participants() + " participants, " + spec.rounds() + " rounds, ";
        if (passes == 0) {
            return Verdict.pass(summary + "the " + scenario.name() + " checks hold over " + history.size()
                    + " events in zxid order" + suffix);
        }
        return Verdict.pass(summary + passes + " barrier passes; the barrier invariant holds over " + history.size()
                + " events in zxid order" + suffix);
    }

    /**
     * "p2 killed and restarted at round 3" for each participant killed and restarted, the round
     * being the one its restarted JVM rejoined at (its {@code rejoined} note), if it did.
     */
    private static String restarts(Set<String> killed, List<TraceEvent> history) {
        List<String> parts = new ArrayList<>();
        for (String id : killed) {
            String round = null;
            for (TraceEvent e : history) {
                if (e.is(EventType.NOTE) && e.participant().equals(id) && e.attr("rejoined") != null) {
                    round = e.attr("rejoined");
                }
            }
            parts.add(id + " killed and restarted" + (round == null ? "" : " at round " + round));
        }
        return String.join(", ", parts);
    }

    static String describeExit(ParticipantState p, String lastLine) {
        String why = (p.host().isEmpty() || p.host().equals("local") ? "" : " on host " + p.host())
                + (lastLine == null || lastLine.isBlank() ? "" : ": " + lastLine.trim());
        if (p.alive()) {
            return "never exited";
        }
        return switch (p.exitCode()) {
            case ExitCode.BROKEN -> "reported a broken barrier although nobody was killed" + why;
            case ExitCode.ORPHANED -> "lost its launcher or its ZooKeeper session" + why;
            case ExitCode.DEADLINE -> "gave up at the deadline" + why;
            case -1 -> "never exited";
            default -> "exited with code " + p.exitCode() + why;
        };
    }
}
