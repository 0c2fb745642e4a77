package org.barrierlab.launcher.participant;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;

/**
 * Where a restarted participant takes up its story, read from the run's events once its old JVM
 * has exited (docs/znode-layout.md, "Restart"): the round to start at, the crossings of that
 * round and before that the old JVM already made with the others (they are not made twice), and
 * the double barriers it was inside (their round is retaken by everybody) or had left.
 *
 * <ul>
 *   <li><b>round</b>: the highest round in which anybody passed a barrier the old JVM had used
 *       (1 if none), so the restarted participant replays no round the others have finished and
 *       skips what it did of this one;
 *   <li><b>passed</b>: {@code scope@round} of every {@code await} crossing anybody passed (a
 *       restricted barrier passes only with all its members, so the old JVM was one of them);
 *   <li><b>inside</b>: double barriers whose last crossing was an enter: the old JVM is inside
 *       them with the others; the new one does not enter again (nobody else would), uses their
 *       inner barriers detached from the handle, and at {@code leave} retakes the round;
 *   <li><b>left</b>: double barriers whose last crossing was a leave: nothing more to do there.
 * </ul>
 *
 * <p>Encoded as one command-line argument of the participant JVM: {@code
 * <round>;p:<scope>@<r>,...;i:<scope>,...;o:<scope>,...} (scopes never contain {@code ;,@}).
 *
 * <pre>{@code
 * RejoinPlan plan = RejoinPlan.after("p2", history);
 * args.add("rejoin=" + plan.encode());
 * }</pre>
 */
public final class RejoinPlan {

    private final int round;
    private final Set<String> passed;
    private final Set<String> inside;
    private final Set<String> left;

    private RejoinPlan(int round, Set<String> passed, Set<String> inside, Set<String> left) {
        if (round < 1) {
            throw new IllegalArgumentException("rejoin round must be >= 1, was " + round);
        }
        this.round = round;
        this.passed = Set.copyOf(passed);
        this.inside = Set.copyOf(inside);
        this.left = Set.copyOf(left);
    }

    /** The plan of participant {@code id} from the run's events (zxid order) after its old JVM exited. */
    public static RejoinPlan after(String id, List<TraceEvent> history) {
        Set<String> used = new HashSet<>();
        for (TraceEvent e : history) {
            if (e.participant().equals(id)
                    && (e.is(EventType.ARRIVE) || e.is(EventType.ENTER) || e.is(EventType.LEAVE))) {
                used.add(e.scope());
            }
        }
        int round = 1;
        Set<String> passed = new LinkedHashSet<>();
        Map<String, Boolean> doubles = new LinkedHashMap<>();
        for (TraceEvent e : history) {
            boolean pass = e.is(EventType.PASS);
            if (!pass && !e.is(EventType.ENTERED) && !e.is(EventType.LEFT)) {
                continue;
            }
            int r = roundOf(e);
            if (pass && r > 0) {
                passed.add(e.scope() + "@" + r);
            } else if (!pass) {
                doubles.put(e.scope(), e.is(EventType.ENTERED));
            }
            if (used.contains(e.scope())) {
                round = Math.max(round, r);
            }
        }
        Set<String> in = new LinkedHashSet<>();
        Set<String> out = new LinkedHashSet<>();
        doubles.forEach((scope, entered) -> (entered ? in : out).add(scope));
        return new RejoinPlan(round, passed, in, out);
    }

    /**
     * True while some barrier crossing the old JVM of {@code id} began is undecided in {@code
     * history}: neither passed nor broken by anybody (nor reset). Its release may still be on its
     * way, so a plan read now could miss a crossing that counts.
     */
    public static boolean undecided(String id, List<TraceEvent> history) {
        Map<String, Integer> open = new HashMap<>();
        for (TraceEvent e : history) {
            String key = e.scope() + "#" + e.generation();
            if (e.participant().equals(id)
                    && (e.is(EventType.ARRIVE) || e.is(EventType.ENTER) || e.is(EventType.LEAVE))) {
                open.merge(key, 1, Integer::sum);
            } else if (e.is(EventType.PASS)
                    || e.is(EventType.ENTERED)
                    || e.is(EventType.LEFT)
                    || e.is(EventType.BROKEN)
                    || e.is(EventType.BREAK)) {
                open.remove(key);
            }
        }
        return !open.isEmpty();
    }

    private static int roundOf(TraceEvent e) {
        String r = e.attr("round");
        try {
            return r == null ? 0 : Integer.parseInt(r);
        } catch (NumberFormatException ex) {
            return 0;
        }
    }

    /** The round the restarted participant starts its story at. */
    public int round() {
        return round;
    }

    /** True if the {@code await} crossing of {@code scope} in {@code round} was made already. */
    public boolean passed(String scope, int round) {
        return passed.contains(scope + "@" + round);
    }

    /** True if the old JVM was inside double barrier {@code scope} (its enter stands). */
    public boolean inside(String scope) {
        return inside.contains(scope);
    }

    /** True if double barrier {@code scope} was entered and left already. */
    public boolean left(String scope) {
        return left.contains(scope);
    }

    /** The command-line form; see the class comment. */
    public String encode() {
        return round + ";p:" + String.join(",", passed) + ";i:" + String.join(",", inside) + ";o:"
                + String.join(",", left);
    }

    /**
     * Parses {@link #encode()}'s form.
     *
     * @throws IllegalArgumentException naming the text if it is not a plan
     */
    public static RejoinPlan parse(String text) {
        String[] parts = text.split(";", -1);
        if (parts.length != 4
                || !parts[1].startsWith("p:")
                || !parts[2].startsWith("i:")
                || !parts[3].startsWith("o:")) {
            throw new IllegalArgumentException("not a rejoin plan: '" + text + "'");
        }
        try {
            return new RejoinPlan(Integer.parseInt(parts[0]), items(parts[1]), items(parts[2]), items(parts[3]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a rejoin plan (bad round): '" + text + "'", e);
        }
    }

    private static Set<String> items(String part) {
        String body = part.substring(2);
        return body.isEmpty() ? Set.of() : new LinkedHashSet<>(List.of(body.split(",")));
    }

    @Override
    public String toString() {
        return "RejoinPlan[" + encode() + "]";
    }
}
