package org.barrierlab.visualizer.ui;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.runmodel.event.TraceEvent;
import org.barrierlab.runmodel.state.NaturalOrder;

/**
 * The barrier run's space-time diagram as data, computed from the event log alone (no scene
 * graph): one lane per participant, one column per diagram event in zxid order (ZooKeeper's
 * total order, so "before" on the diagram is "before" in the run), a mark for each barrier
 * event, and the notifications: from the last arrival of a generation to each release it woke
 * (the watch that fired), and from the break of a generation to each participant it broke.
 *
 * <p>What a mark stands for, in terms of the znodes: an arrival ({@code arrive}/{@code enter})
 * is written just before the participant's arrival znode is created, after which it sets its
 * watch and waits; a release ({@code pass}/{@code entered}/{@code left}) is written when the
 * wait returned, i.e. the watch fired (or, for the last arrival, found everybody there at once:
 * {@code wakeups=0}); a leave ({@code leave}) before its znode is deleted.
 *
 * <pre>{@code
 * BarrierSpaceTime st = BarrierSpaceTime.of(vm.shownEvents(), 400);
 * for (BarrierSpaceTime.Mark m : st.marksOf("p1")) { ... }
 * }</pre>
 */
final class BarrierSpaceTime {

    /** What a mark stands for; the legend explains each. */
    enum Kind {
        /** Arrival: the participant writes its znode in the barrier ({@code arrive}, {@code enter}). */
        ARRIVE,
        /** Release: its wait returned, the watch fired ({@code pass}, {@code entered}, {@code left}). */
        RELEASE,
        /** Leave: it deletes its znode of a double barrier ({@code leave}). */
        LEAVE,
        /** This participant broke the generation ({@code break}). */
        BREAK,
        /** Its call failed: the generation was broken ({@code broken}). */
        BROKEN,
        /** Killed ({@code kill}, or a non-zero exit without one): the lane ends. */
        DEATH,
        /** Exited: the lane ends. */
        EXIT,
        /** Started again after a death ({@code spawn} attempt > 1): the lane resumes. */
        RESTART
    }

    /** One mark: on {@code participant}'s lane at {@code column}; {@code waited}: a release by a watch. */
    record Mark(int column, String participant, Kind kind, String scope, long gen, long zxid, boolean waited) {

        /** One line for a tooltip and the status, e.g. {@code p2 release stroke gen 1 (watch fired)}. */
        String describe() {
            String where = scope.isEmpty() ? "" : " " + shortScope(scope) + " gen " + gen;
            String how =
                    switch (kind) {
                        case ARRIVE -> " (znode written, watch set, waiting)";
                        case RELEASE -> waited ? " (watch fired)" : " (last to arrive: did not wait)";
                        case LEAVE -> " (znode deleted)";
                        case BREAK -> " (broke the generation)";
                        case BROKEN -> " (generation broken)";
                        default -> "";
                    };
            return participant + " " + kind.name().toLowerCase(java.util.Locale.ROOT) + where + how;
        }
    }

    /** A notification: marks {@code from} (index in {@link #marks()}) woke or broke {@code to}. */
    record Notification(int from, int to, boolean broke) {}

    /** Where a lane is drawn: the columns a participant was alive, {@code to} -1 if still alive. */
    record Segment(int from, int to) {}

    private static final Set<String> PARTICIPANT_EVENTS = Set.of(
            EventType.ARRIVE.wireName(),
            EventType.ENTER.wireName(),
            EventType.PASS.wireName(),
            EventType.ENTERED.wireName(),
            EventType.LEAVE.wireName(),
            EventType.LEFT.wireName(),
            EventType.BREAK.wireName(),
            EventType.BROKEN.wireName(),
            EventType.KILL.wireName(),
            EventType.EXIT.wireName(),
            EventType.SPAWN.wireName());

    private final List<String> lanes;
    private final List<Mark> marks;
    private final List<Notification> notifications;
    private final Map<String, List<Segment>> segments;
    private final int columns;
    private final int[] slots;
    private final int slotCount;

    private BarrierSpaceTime(
            List<String> lanes,
            List<Mark> marks,
            List<Notification> notifications,
            Map<String, List<Segment>> segments,
            int columns) {
        this.lanes = lanes;
        this.marks = marks;
        this.notifications = notifications;
        this.segments = segments;
        this.columns = columns;
        this.slots = pack(marks, notifications);
        int most = -1;
        for (int v : slots) {
            most = Math.max(most, v);
        }
        this.slotCount = most + 1;
    }

    /**
     * Packs the marks into as few columns as the story allows, as a space-time diagram does (only
     * the order of causally related events matters): a mark comes right after its lane's
     * previous mark and after every mark whose notification reached it, and a generation's
     * arrivals (and leaves, and its break) stay in the order they happened, so its last arrival
     * is drawn after the others. Marks of different lanes that do not depend on each other share
     * a column: the nested run's 94 events then fit a 1280 px window without scrolling.
     */
    private static int[] pack(List<Mark> marks, List<Notification> notifications) {
        List<List<Integer>> causes = new ArrayList<>();
        for (int i = 0; i < marks.size(); i++) {
            causes.add(new ArrayList<>());
        }
        for (Notification n : notifications) {
            causes.get(n.to()).add(n.from());
        }
        int[] slot = new int[marks.size()];
        Map<String, Integer> lastOnLane = new HashMap<>();
        Map<String, Integer> lastArrival = new HashMap<>();
        for (int i = 0; i < marks.size(); i++) {
            Mark m = marks.get(i);
            int s = lastOnLane.getOrDefault(m.participant(), -1) + 1;
            for (int from : causes.get(i)) {
                s = Math.max(s, slot[from] + 1);
            }
            boolean arrival = m.kind() == Kind.ARRIVE || m.kind() == Kind.LEAVE || m.kind() == Kind.BREAK;
            String generation = m.scope() + "|" + m.gen();
            if (arrival && !m.scope().isEmpty()) {
                s = Math.max(s, lastArrival.getOrDefault(generation, -1) + 1);
                lastArrival.put(generation, s);
            }
            slot[i] = s;
            lastOnLane.put(m.participant(), s);
        }
        return slot;
    }

    /** The diagram of the last {@code limit} barrier events of {@code log} (zxid order). */
    static BarrierSpaceTime of(List<TraceEvent> log, int limit) {
        List<TraceEvent> picked = new ArrayList<>();
        for (int i = log.size() - 1; i >= 0 && picked.size() < limit; i--) {
            if (belongs(log.get(i))) {
                picked.add(log.get(i));
            }
        }
        Collections.reverse(picked);
        TreeSet<String> ps = new TreeSet<>(NaturalOrder.INSTANCE);
        List<Mark> marks = new ArrayList<>();
        Map<String, List<Segment>> segments = new HashMap<>();
        Map<String, Integer> aliveFrom = new HashMap<>();
        Set<String> killed = new HashSet<>();
        int column = 0;
        for (TraceEvent e : picked) {
            String p = e.participant();
            ps.add(p);
            Optional<Kind> kind = kindOf(e, killed);
            if (kind.isEmpty()) {
                continue; // the exit of a killed participant: its lane already ended at the kill
            }
            Kind k = kind.get();
            if (k == Kind.RESTART) {
                aliveFrom.put(p, column);
            } else if (!killed.contains(p)) {
                aliveFrom.putIfAbsent(p, column);
            }
            marks.add(new Mark(column, p, k, e.scope(), e.generation(), e.zxid(), waited(e)));
            if (k == Kind.DEATH || k == Kind.EXIT) {
                Integer from = aliveFrom.remove(p);
                segments.computeIfAbsent(p, x -> new ArrayList<>()).add(new Segment(from == null ? 0 : from, column));
            }
            if (k == Kind.DEATH) {
                killed.add(p);
            } else if (k == Kind.RESTART) {
                killed.remove(p);
            }
            column++;
        }
        for (Map.Entry<String, Integer> open : aliveFrom.entrySet()) {
            segments.computeIfAbsent(open.getKey(), x -> new ArrayList<>()).add(new Segment(open.getValue(), -1));
        }
        return new BarrierSpaceTime(List.copyOf(ps), List.copyOf(marks), notifications(marks), segments, column);
    }

    private static boolean belongs(TraceEvent e) {
        if (!PARTICIPANT_EVENTS.contains(e.type()) || "launcher".equals(e.participant())) {
            return false;
        }
        // a first spawn is where the lane starts, not a mark; a re-spawn is a restart
        return !e.is(EventType.SPAWN) || attempt(e) > 1;
    }

    private static int attempt(TraceEvent e) {
        try {
            return Integer.parseInt(e.attrs().getOrDefault("attempt", "1"));
        } catch (NumberFormatException ex) {
            return 1;
        }
    }

    private static Optional<Kind> kindOf(TraceEvent e, Set<String> killed) {
        EventType t = EventType.fromWireName(e.type()).orElseThrow();
        return switch (t) {
            case ARRIVE, ENTER -> Optional.of(Kind.ARRIVE);
            case PASS, ENTERED, LEFT -> Optional.of(Kind.RELEASE);
            case LEAVE -> Optional.of(Kind.LEAVE);
            case BREAK -> Optional.of(Kind.BREAK);
            case BROKEN -> Optional.of(Kind.BROKEN);
            case KILL -> Optional.of(Kind.DEATH);
            case SPAWN -> Optional.of(Kind.RESTART);
            case EXIT -> {
                if (killed.contains(e.participant())) {
                    yield Optional.empty();
                }
                String code = e.attrs().getOrDefault("code", "0");
                // 137 = 128 + SIGKILL: killed from outside the launcher
                yield Optional.of("137".equals(code) ? Kind.DEATH : Kind.EXIT);
            }
            default -> Optional.empty();
        };
    }

    /** A release that waited for a watch; {@code wakeups=0}: it arrived last and went through. */
    private static boolean waited(TraceEvent e) {
        String w = e.attr("wakeups");
        return w == null || !"0".equals(w);
    }

    private static List<Notification> notifications(List<Mark> marks) {
        List<Notification> out = new ArrayList<>();
        Map<String, Integer> lastArrival = new HashMap<>();
        Map<String, Integer> lastLeave = new HashMap<>();
        Map<String, Integer> breakOf = new HashMap<>();
        Map<String, Integer> deathOf = new HashMap<>();
        for (int i = 0; i < marks.size(); i++) {
            Mark m = marks.get(i);
            String key = m.scope() + "#" + m.gen();
            switch (m.kind()) {
                case ARRIVE -> lastArrival.put(key, i);
                case LEAVE -> lastLeave.put(key, i);
                case BREAK -> breakOf.put(key, i);
                case DEATH -> deathOf.put(m.participant(), i);
                case RELEASE -> {
                    // a release from leave was woken by the last leave, any other by the last arrival
                    Integer from = lastLeave.containsKey(key) ? lastLeave.get(key) : lastArrival.get(key);
                    if (from != null && marks.get(from).participant().equals(m.participant()) && m.waited()) {
                        from = null; // woken, but its own arrival was not what woke it: no arrow to itself
                    }
                    if (from != null) {
                        out.add(new Notification(from, i, false));
                    }
                }
                case BROKEN -> {
                    Integer from = breakOf.get(key);
                    if (from == null || marks.get(from).participant().equals(m.participant())) {
                        from = null;
                        for (Map.Entry<String, Integer> d : deathOf.entrySet()) {
                            if (!d.getKey().equals(m.participant()) && (from == null || d.getValue() > from)) {
                                from = d.getValue(); // broken by a death seen through the liveness ring
                            }
                        }
                    }
                    if (from != null) {
                        out.add(new Notification(from, i, true));
                    }
                }
                default -> {
                    // EXIT, RESTART: no notification
                }
            }
        }
        return List.copyOf(out);
    }

    static String shortScope(String scope) {
        String s = scope.startsWith("/barriers/") ? scope.substring("/barriers/".length()) : scope;
        int slash = s.lastIndexOf('/');
        return slash < 0 ? s : s.substring(slash + 1);
    }

    /** True if the event has a place on the diagram. */
    static boolean isBarrierEvent(TraceEvent e) {
        return belongs(e);
    }

    /** The participants, one lane each, in natural order (p2 before p10). */
    List<String> lanes() {
        return lanes;
    }

    /** Every mark in column (zxid) order. */
    List<Mark> marks() {
        return marks;
    }

    /** The marks on {@code participant}'s lane, in column order. */
    List<Mark> marksOf(String participant) {
        return marks.stream().filter(m -> m.participant().equals(participant)).toList();
    }

    List<Notification> notifications() {
        return notifications;
    }

    /** The columns a lane is drawn over. */
    List<Segment> segmentsOf(String participant) {
        return segments.getOrDefault(participant, List.of());
    }

    /** The number of columns (diagram events). */
    int columns() {
        return columns;
    }

    /** The packed column mark {@code i} (or the mark at column {@code i}) is drawn in. */
    int slot(int i) {
        return slots[i];
    }

    /** How many packed columns the diagram is drawn over. */
    int slotCount() {
        return slotCount;
    }
}
