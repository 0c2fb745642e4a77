package org.barrierlab.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records barrier events of many participants in one global order (a shared sequence number
 * taken at the moment of the event) and checks the barrier invariant over the whole history:
 * <ul>
 *   <li>nobody passes generation g of a barrier before every member arrived at g, and
 *   <li>everybody who arrived at g passes g (unless g broke: then nobody passes g).
 * </ul>
 * Thread-safe. Shared with other modules' tests through the test-jar.
 *
 * <pre>{@code
 * BarrierHistory h = new BarrierHistory();
 * h.arrive("/b", "p1", 0); ... h.pass("/b", "p1", 0);
 * h.check("/b", Set.of("p1", "p2"));   // throws AssertionError with the first violation
 * }</pre>
 */
public final class BarrierHistory {

    /** One recorded event. */
    public record Entry(long seq, String barrier, String participant, String kind, long generation) {}

    private final AtomicLong seq = new AtomicLong();
    private final List<Entry> entries = new ArrayList<>();

    public synchronized void record(String barrier, String participant, String kind, long generation) {
        entries.add(new Entry(seq.incrementAndGet(), barrier, participant, kind, generation));
    }

    public void arrive(String barrier, String participant, long generation) {
        record(barrier, participant, "arrive", generation);
    }

    public void pass(String barrier, String participant, long generation) {
        record(barrier, participant, "pass", generation);
    }

    public void broken(String barrier, String participant, long generation) {
        record(barrier, participant, "broken", generation);
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /**
     * Checks the invariant for one barrier (or one phase label, e.g. "/b:enter") and its member
     * set; returns the number of generations that passed.
     *
     * @throws AssertionError naming the first violation
     */
    public synchronized int check(String barrier, Set<String> members) {
        Map<Long, Map<String, Long>> arrivals = new TreeMap<>();
        Map<Long, Map<String, Long>> passes = new TreeMap<>();
        Map<Long, Set<String>> brokenAt = new HashMap<>();
        for (Entry e : entries) {
            if (!e.barrier().equals(barrier)) {
                continue;
            }
            Map<Long, Map<String, Long>> target;
            switch (e.kind()) {
                case "arrive" -> target = arrivals;
                case "pass" -> target = passes;
                case "broken" -> {
                    brokenAt.computeIfAbsent(e.generation(), g -> new HashSet<>())
                            .add(e.participant());
                    continue;
                }
                default -> {
                    continue;
                }
            }
            Long prev =
                    target.computeIfAbsent(e.generation(), g -> new HashMap<>()).put(e.participant(), e.seq());
            if (prev != null && target == passes) {
                throw new AssertionError(
                        barrier + ": " + e.participant() + " passed generation " + e.generation() + " twice");
            }
        }
        int passed = 0;
        for (Map.Entry<Long, Map<String, Long>> g : passes.entrySet()) {
            long gen = g.getKey();
            Map<String, Long> arr = arrivals.getOrDefault(gen, Map.of());
            long lastArrival = 0;
            for (String m : members) {
                Long a = arr.get(m);
                if (a == null) {
                    throw new AssertionError(barrier + ": generation " + gen + " was passed by "
                            + g.getValue().keySet() + " but member " + m + " never arrived");
                }
                lastArrival = Math.max(lastArrival, a);
            }
            for (Map.Entry<String, Long> p : g.getValue().entrySet()) {
                if (p.getValue() < lastArrival) {
                    throw new AssertionError(
                            barrier + ": " + p.getKey() + " passed generation " + gen + " before every member arrived");
                }
            }
            for (String m : arr.keySet()) {
                if (!g.getValue().containsKey(m)) {
                    throw new AssertionError(barrier + ": " + m + " arrived at generation " + gen
                            + " (which was passed) but did not pass it");
                }
            }
            if (brokenAt.containsKey(gen)) {
                throw new AssertionError(barrier + ": generation " + gen + " was both passed and broken (by view of "
                        + brokenAt.get(gen) + ")");
            }
            passed++;
        }
        return passed;
    }
}
