package org.barrierlab.launcher.run;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.barrierlab.launcher.jvm.ParticipantMain;
import org.barrierlab.launcher.scenario.Scenario;
import org.barrierlab.launcher.verdict.BarrierInvariant;
import org.barrierlab.launcher.verdict.Verdict;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;

/**
 * Turns a finished run into its {@link Verdict}, in this order:
 *
 * <ol>
 *   <li>a violation of the {@link BarrierInvariant} or of the scenario's own check: {@code FAIL};
 *   <li>the run was stuck (deadline or stall): {@code HUNG} naming who is stuck where, or
 *       {@code FAIL} if a participant had been killed (survivors must report, not hang);
 *   <li>a participant was killed: {@code BROKEN <barrier> generation <g>: <who> died} if every
 *       survivor ended normally or reported the broken barrier (exit 0 or 3), else {@code FAIL};
 *   <li>any participant failed (exit code other than 0): {@code FAIL};
 *   <li>otherwise {@code PASS} with a summary.
 * </ol>
 *
 * <pre>{@code
 * Verdict v = Judge.judge(scenario, spec, history, outcomes, null);
 * }</pre>
 */
public final class Judge {

    /**
     * How a participant's (last) JVM ended.
     *
     * @param killed killed by the launcher
     * @param exitCode its exit code, -1 if it never exited
     * @param lastLine its last line of output (for failure reasons)
     * @param host where it ran ({@code local} on this machine), named when it failed remotely
     */
    public record Outcome(boolean killed, int exitCode, String lastLine, String host) {}

    private Judge() {}

    /**
     * @param stuck who is stuck where if the run hit its deadline or stalled, else null
     */
    public static Verdict judge(
            Scenario scenario, RunSpec spec, List<TraceEvent> history, Map<String, Outcome> outcomes, String stuck) {
        List<String> violations = BarrierInvariant.check(history);
        if (!violations.isEmpty()) {
            return Verdict.fail("barrier invariant violated: " + violations.get(0)
                    + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : ""));
        }
        Optional<String> scenarioFailure = scenario.check(history);
        if (scenarioFailure.isPresent()) {
            return Verdict.fail(scenarioFailure.get());
        }
        Set<String> killed = new LinkedHashSet<>();
        for (TraceEvent e : history) {
            if (e.is(EventType.KILL)) {
                killed.add(e.participant());
            }
        }
        if (stuck != null) {
            if (!killed.isEmpty()) {
                return Verdict.fail("after " + String.join(", ", killed) + " died the survivors hung instead of"
                        + " reporting the broken barrier: " + stuck);
            }
            return Verdict.hung(stuck);
        }
        if (!killed.isEmpty()) {
            List<String> bad = new ArrayList<>();
            for (Map.Entry<String, Outcome> o : outcomes.entrySet()) {
                if (killed.contains(o.getKey()) && o.getValue().killed()) {
                    continue;
                }
                int code = o.getValue().exitCode();
                if (code != ParticipantMain.EXIT_OK && code != ParticipantMain.EXIT_BROKEN) {
                    bad.add(o.getKey() + " " + describeExit(o.getValue()));
                }
            }
            if (!bad.isEmpty()) {
                return Verdict.fail("after " + String.join(", ", killed) + " died: " + String.join("; ", bad));
            }
            Optional<TraceEvent> firstBroken =
                    history.stream().filter(e -> e.is(EventType.BROKEN)).findFirst();
            if (firstBroken.isPresent()) {
                TraceEvent b = firstBroken.get();
                return Verdict.broken(b.scope(), b.generation(), String.join(", ", killed));
            }
            boolean barriers = history.stream().anyMatch(e -> e.is(EventType.ARRIVE) || e.is(EventType.ENTER));
            return pass(
                    scenario,
                    spec,
                    history,
                    " (" + String.join(", ", killed) + " killed" + (barriers ? "; no barrier broke)" : ")"));
        }
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, Outcome> o : outcomes.entrySet()) {
            if (o.getValue().exitCode() != ParticipantMain.EXIT_OK) {
                bad.add(o.getKey() + " " + describeExit(o.getValue()));
            }
        }
        if (!bad.isEmpty()) {
            return Verdict.fail(String.join("; ", bad));
        }
        return pass(scenario, spec, history, "");
    }

    private static Verdict pass(Scenario scenario, RunSpec spec, List<TraceEvent> history, String suffix) {
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

    static String describeExit(Outcome o) {
        String why = (o.host() == null || o.host().equals("local") ? "" : " on host " + o.host())
                + (o.lastLine() == null || o.lastLine().isBlank()
                        ? ""
                        : ": " + o.lastLine().trim());
        switch (o.exitCode()) {
            case ParticipantMain.EXIT_BROKEN:
                return "reported a broken barrier although nobody was killed" + why;
            case ParticipantMain.EXIT_ORPHANED:
                return "lost its launcher or its ZooKeeper session" + why;
            case ParticipantMain.EXIT_DEADLINE:
                return "gave up at the deadline" + why;
            case -1:
                return "never exited";
            default:
                return "exited with code " + o.exitCode() + why;
        }
    }
}
