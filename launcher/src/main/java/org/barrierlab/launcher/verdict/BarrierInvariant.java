package org.barrierlab.launcher.verdict;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;

/**
 * Checks the barrier invariant over a whole history in ZooKeeper's order (zxid), as documented
 * in docs/znode-layout.md ("Events"):
 *
 * <ol>
 *   <li><b>No early pass:</b> for every barrier scope and generation g, each {@code pass}
 *       (likewise {@code entered}, {@code left}) of g comes after the {@code arrive} (likewise
 *       {@code enter}, {@code leave}) of g of every member (restricted barriers, attribute
 *       {@code members}) or of at least {@code parties} participants, the passer included.
 *   <li><b>All or none:</b> within one generation of a simple barrier, nobody passes if anybody
 *       who arrived reports it broken.
 * </ol>
 *
 * <p>Whether everybody who arrived also passed is the run's liveness, judged by the launcher
 * from exit codes and the deadline, not here.
 *
 * <pre>{@code
 * List<String> violations = BarrierInvariant.check(history);
 * }</pre>
 */
public final class BarrierInvariant {

    private BarrierInvariant() {}

    /** The violations found, each one sentence; empty when the invariant holds. */
    public static List<String> check(List<TraceEvent> history) {
        List<TraceEvent> events = new ArrayList<>(history);
        events.sort((a, b) -> Long.compare(a.zxid(), b.zxid()));
        Map<String, Map<String, Long>> arrivals = new HashMap<>(); // key -> participant -> zxid
        Map<String, Set<String>> members = new HashMap<>();
        Map<String, Integer> parties = new HashMap<>();
        Map<String, Boolean> passed = new HashMap<>();
        Map<String, Set<String>> brokenAt = new HashMap<>();
        Set<String> simpleScopes = new HashSet<>();
        List<String> violations = new ArrayList<>();
        for (TraceEvent e : events) {
            String family = family(e);
            if (family == null) {
                if (e.is(EventType.BROKEN)) {
                    brokenAt.computeIfAbsent(e.scope() + "#" + e.generation(), k -> new LinkedHashSet<>())
                            .add(e.participant());
                }
                continue;
            }
            String key = family + " " + e.scope() + "#" + e.generation();
            if (e.is(EventType.ARRIVE) || e.is(EventType.ENTER) || e.is(EventType.LEAVE)) {
                if (e.is(EventType.ARRIVE)) {
                    simpleScopes.add(e.scope());
                }
                arrivals.computeIfAbsent(key, k -> new HashMap<>()).putIfAbsent(e.participant(), e.zxid());
                String m = e.attr("members");
                if (m != null && !m.isEmpty()) {
                    members.putIfAbsent(key, new LinkedHashSet<>(List.of(m.split(","))));
                }
                String p = e.attr("parties");
                if (p != null) {
                    try {
                        parties.putIfAbsent(key, Integer.parseInt(p));
                    } catch (NumberFormatException ex) {
                        violations.add(
                                e.participant() + " recorded a bad parties attribute '" + p + "' at " + e.scope());
                    }
                }
                continue;
            }
            // a completion: pass, entered or left
            passed.put(e.scope() + "#" + e.generation(), true);
            Map<String, Long> arrived = arrivals.getOrDefault(key, Map.of());
            String what = verb(e) + " " + e.scope() + " generation " + e.generation();
            if (!arrived.containsKey(e.participant())) {
                violations.add(e.participant() + " " + what + " without arriving at it first");
                continue;
            }
            Set<String> need = members.get(key);
            if (need != null) {
                for (String member : need) {
                    if (!arrived.containsKey(member)) {
                        violations.add(e.participant() + " " + what + " before " + member + " arrived");
                        break;
                    }
                }
            } else {
                Integer n = parties.get(key);
                if (n != null && arrived.size() < n) {
                    violations.add(e.participant() + " " + what + " when only " + arrived.size() + " of " + n
                            + " had arrived");
                }
            }
        }
        for (Map.Entry<String, Set<String>> b : brokenAt.entrySet()) {
            String scopeGen = b.getKey();
            String scope = scopeGen.substring(0, scopeGen.lastIndexOf('#'));
            if (simpleScopes.contains(scope) && passed.containsKey(scopeGen)) {
                violations.add("generation " + scopeGen.substring(scopeGen.lastIndexOf('#') + 1) + " of " + scope
                        + " was passed by some and reported broken by " + String.join(", ", b.getValue())
                        + " (must be all or none)");
            }
        }
        return violations;
    }

    private static String family(TraceEvent e) {
        if (e.is(EventType.ARRIVE) || e.is(EventType.PASS)) {
            return "await";
        }
        if (e.is(EventType.ENTER) || e.is(EventType.ENTERED)) {
            return "enter";
        }
        if (e.is(EventType.LEAVE) || e.is(EventType.LEFT)) {
            return "leave";
        }
        return null;
    }

    private static String verb(TraceEvent e) {
        if (e.is(EventType.PASS)) {
            return "passed";
        }
        return e.is(EventType.ENTERED) ? "entered" : "left";
    }
}
