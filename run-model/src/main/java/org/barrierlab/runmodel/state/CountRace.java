package org.barrierlab.runmodel.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;

/**
 * The interleaving that hung a counting double barrier (the ZooKeeper tutorial's, phase 1), as
 * one run's trace shows it: who left batch {@code b} in which order, who read which child count
 * when, who saw the room empty and walked straight back into batch {@code b+1}, and the racy
 * step: a participant still leaving batch {@code b} re-counting after that return, seeing the
 * returner's node, and waiting for an empty room forever. The terminal (below the verdict) and
 * the window (its verdict banner) both show {@link #text()} of the same trace, so they agree.
 *
 * <p>Read from the events alone: {@code leave}, {@code left}, {@code enter} of the barrier and
 * the {@code count} events the tutorial barrier records after each read of its children (op,
 * count, children). A trace without {@code count} events still yields the order of leaving and
 * returning, with the racy read inferred rather than shown.
 *
 * <p>Only this race, the returner's, is explained. The tutorial barrier also hangs when a
 * participant misses the count that let the others in and stays in {@code enter} of the batch
 * they are leaving; {@link #find} finds nothing then, and the verdict keeps the general paragraph.
 *
 * <pre>{@code
 * Optional<CountRace> race = CountRace.find(run.history());
 * race.ifPresent(r -> System.out.println(r.text()));
 * }</pre>
 *
 * @param scope the barrier (relative path)
 * @param batch the batch (generation) the stuck participant could not leave
 * @param stuckLeaving who waits for an empty room in {@code batch}, in id order
 * @param returner who saw the room empty first and entered {@code batch + 1} at once
 * @param stuckEntering who waits for a full room in {@code batch + 1}, in id order
 * @param steps the interleaving, in zxid order
 */
public record CountRace(
        String scope,
        long batch,
        List<String> stuckLeaving,
        String returner,
        List<String> stuckEntering,
        List<Step> steps) {

    /** Most steps shown: the class reads them off a projector. */
    static final int MAX_STEPS = 14;

    /**
     * One step of the interleaving.
     *
     * @param zxid the event's zxid (the order)
     * @param atMillis milliseconds since the run started (for display)
     * @param participant who did it
     * @param what what it did, in words
     * @param racy true for the step that decided the hang
     */
    public record Step(long zxid, long atMillis, String participant, String what, boolean racy) {
        public Step {
            Objects.requireNonNull(participant, "participant");
            Objects.requireNonNull(what, "what");
        }
    }

    public CountRace {
        Objects.requireNonNull(scope, "scope");
        stuckLeaving = List.copyOf(stuckLeaving);
        Objects.requireNonNull(returner, "returner");
        stuckEntering = List.copyOf(stuckEntering);
        steps = List.copyOf(steps);
    }

    /** The racy step. */
    public Step racyStep() {
        return steps.stream().filter(Step::racy).findFirst().orElseThrow();
    }

    /**
     * The race in this trace, if it ended with someone stuck leaving a batch after another
     * participant had left that batch and entered the next.
     */
    public static Optional<CountRace> find(List<TraceEvent> history) {
        long t0 = history.stream()
                .filter(e -> e.is(EventType.RUN_START))
                .mapToLong(TraceEvent::timeMillis)
                .findFirst()
                .orElse(history.isEmpty() ? 0 : history.get(0).timeMillis());
        // The last double-barrier operation of each participant, per barrier.
        Map<String, Map<String, TraceEvent>> last = new LinkedHashMap<>();
        for (TraceEvent e : history) {
            if (e.is(EventType.ENTER) || e.is(EventType.ENTERED) || e.is(EventType.LEAVE) || e.is(EventType.LEFT)) {
                last.computeIfAbsent(e.scope(), k -> new LinkedHashMap<>()).put(e.participant(), e);
            }
        }
        for (Map.Entry<String, Map<String, TraceEvent>> b : last.entrySet()) {
            Optional<CountRace> race = inScope(history, b.getKey(), b.getValue(), t0);
            if (race.isPresent()) {
                return race;
            }
        }
        return Optional.empty();
    }

    private static Optional<CountRace> inScope(
            List<TraceEvent> history, String scope, Map<String, TraceEvent> last, long t0) {
        List<String> leaving = new ArrayList<>();
        List<String> entering = new ArrayList<>();
        long batch = -1;
        for (TraceEvent e : last.values()) {
            if (e.is(EventType.LEAVE)) {
                leaving.add(e.participant());
                batch = batch < 0 ? e.generation() : Math.min(batch, e.generation());
            }
        }
        if (leaving.isEmpty()) {
            return Optional.empty();
        }
        long b = batch;
        leaving.removeIf(p -> last.get(p).generation() != b);
        for (TraceEvent e : last.values()) {
            if (e.is(EventType.ENTER) && e.generation() == b + 1) {
                entering.add(e.participant());
            }
        }
        leaving.sort(NaturalOrder.INSTANCE);
        entering.sort(NaturalOrder.INSTANCE);
        String victim = leaving.get(0);
        List<TraceEvent> returns = history.stream()
                .filter(e -> e.scope().equals(scope) && e.is(EventType.ENTER) && e.generation() == b + 1)
                .toList();
        if (returns.isEmpty()) {
            return Optional.empty();
        }
        // The racy step: the stuck participant's first count in leave of batch b that saw the
        // node of someone already back in batch b+1. The returner: the first one back whose node
        // it saw (the first one back if the trace has no counts).
        TraceEvent racyCount = null;
        Optional<TraceEvent> firstReturn = Optional.empty();
        for (TraceEvent e : history) {
            if (racyCount == null
                    && e.scope().equals(scope)
                    && e.is(EventType.COUNT)
                    && e.participant().equals(victim)
                    && e.generation() == b
                    && "leave".equals(e.attr("op"))) {
                List<String> seen = e.attr("children") == null
                        ? List.of()
                        : Arrays.asList(e.attr("children").split(","));
                firstReturn = returns.stream()
                        .filter(r -> r.zxid() < e.zxid() && seen.contains(r.participant()))
                        .findFirst();
                if (firstReturn.isPresent()) {
                    racyCount = e;
                }
            }
        }
        if (firstReturn.isEmpty()) {
            firstReturn = Optional.of(returns.get(0));
        }
        String returner = firstReturn.get().participant();
        return Optional.of(new CountRace(
                scope,
                b,
                leaving,
                returner,
                entering,
                steps(history, scope, b, victim, racyCount, returner, firstReturn.get(), t0)));
    }

    /**
     * The interleaving from the first {@code leave} of batch b to the stuck participant's last
     * count: leaves, lefts, the return, and the count reads of the stuck and the returner.
     */
    private static List<Step> steps(
            List<TraceEvent> history,
            String scope,
            long b,
            String victim,
            TraceEvent racyCount,
            String returner,
            TraceEvent returnEvent,
            long t0) {
        boolean started = false;
        List<Step> all = new ArrayList<>();
        for (TraceEvent e : history) {
            if (!e.scope().equals(scope)) {
                continue;
            }
            boolean leaveB = e.generation() == b && (e.is(EventType.LEAVE) || e.is(EventType.LEFT));
            started |= leaveB;
            if (!started) {
                continue;
            }
            long at = e.timeMillis() - t0;
            String who = e.participant();
            if (leaveB && e.is(EventType.LEAVE)) {
                all.add(new Step(e.zxid(), at, who, "leaves batch " + b + ": deletes its node", false));
            } else if (leaveB) {
                all.add(new Step(e.zxid(), at, who, "left batch " + b, false));
            } else if (e == returnEvent) {
                all.add(new Step(
                        e.zxid(),
                        at,
                        who,
                        "walks straight back in: enters batch " + (b + 1) + ", creates its node again",
                        false));
            } else if (e.is(EventType.COUNT) && "leave".equals(e.attr("op")) && e.generation() == b) {
                boolean racy = e == racyCount;
                all.add(new Step(e.zxid(), at, who, countWords(e, racy, returner), racy));
                if (racy) {
                    break;
                }
            }
        }
        if (racyCount == null) {
            // No count events in this trace: the racy read is the stuck participant's re-count,
            // which must have come after the return (it found the node and kept waiting).
            all.add(new Step(
                    returnEvent.zxid(),
                    returnEvent.timeMillis() - t0,
                    victim,
                    "re-counts after " + returner + "'s return, finds its node and keeps waiting for an empty room",
                    true));
        }
        return shorten(all, victim, returner);
    }

    private static String countWords(TraceEvent e, boolean racy, String returner) {
        String count = e.attr("count") == null ? "?" : e.attr("count");
        String children = e.attr("children") == null ? "" : e.attr("children");
        String read = "reads " + count + (count.equals("1") ? " child" : " children")
                + (children.isEmpty() ? "" : " (" + children + ")");
        if (count.equals("0")) {
            return read + ": the room is empty, it may go";
        }
        if (racy) {
            boolean sawReturner = Arrays.asList(children.split(",")).contains(returner);
            return read + ": not 0, waits again"
                    + (sawReturner ? "; " + returner + "'s node here is a NEW one (it came back): the racy step" : "");
        }
        return read + ": not 0, waits";
    }

    /** At most {@link #MAX_STEPS} steps: the count reads of bystanders go first. */
    private static List<Step> shorten(List<Step> all, String victim, String returner) {
        List<Step> out = new ArrayList<>(all);
        for (int i = 0; i < out.size() && out.size() > MAX_STEPS; ) {
            Step s = out.get(i);
            boolean bystanderCount = s.what().startsWith("reads ")
                    && !s.participant().equals(victim)
                    && !s.participant().equals(returner);
            if (bystanderCount) {
                out.remove(i);
            } else {
                i++;
            }
        }
        while (out.size() > MAX_STEPS) {
            out.remove(0);
        }
        return out;
    }

    /** The explanation for the class: the steps, the racy one marked, and what it left behind. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("Why it hung, from this run's trace (")
                .append(scope)
                .append(", batch ")
                .append(batch)
                .append("):\n");
        for (Step s : steps) {
            sb.append(s.racy() ? "  >> " : "     ")
                    .append(String.format(Locale.ROOT, "%7.3f s  ", s.atMillis() / 1000.0))
                    .append(s.participant())
                    .append(' ')
                    .append(s.what())
                    .append('\n');
        }
        sb.append(String.join(", ", stuckLeaving))
                .append(stuckLeaving.size() == 1 ? " waits" : " wait")
                .append(" for an empty room in batch ")
                .append(batch)
                .append(" forever");
        if (!stuckEntering.isEmpty()) {
            sb.append("; ")
                    .append(String.join(", ", stuckEntering))
                    .append(stuckEntering.size() == 1 ? " waits" : " wait")
                    .append(" for a full room in batch ")
                    .append(batch + 1)
                    .append(", which ")
                    .append(String.join(", ", stuckLeaving))
                    .append(" will never enter");
        }
        sb.append(".\nA child count cannot tell \"everybody left and ")
                .append(returner)
                .append(" came back\" from \"not everybody has left\" (ZOOKEEPER-1011).");
        return sb.toString();
    }
}
