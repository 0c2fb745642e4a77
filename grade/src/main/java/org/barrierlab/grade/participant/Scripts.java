package org.barrierlab.grade.participant;

import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.KeeperException;
import org.barrierlab.grade.participant.Crossings.Handle;
import org.barrierlab.grade.participant.Crossings.Result;
import org.barrierlab.grade.plan.Check;
import org.barrierlab.runmodel.event.EventType;
import org.barrierlab.spi.Capability;
import org.barrierlab.spi.DoubleBarrier;
import org.barrierlab.spi.SimpleBarrier;

/**
 * What each participant does in each check (see {@link Check} for the schedules). Participants
 * are {@code p1}..{@code pN}; the victim of a kill, the slow reader of the reuse race and the
 * extra process of the oversubscribed check are always the last one, {@link Scripts#victim}.
 */
final class Scripts {

    /** The usual bound of a barrier call: a correct barrier is done long before. */
    static final long CALL_MS = 8_000;
    /** The bound of the extra process's call in the oversubscribed check, expected to wait in vain. */
    static final long VAIN_MS = 3_000;
    /** Read delay of the slow participant in the reuse race. */
    static final long SLOW_READ_MS = 250;
    /** Spacing of staggered arrivals, so that the order of arrivals is the schedule's. */
    static final long STAGGER_MS = 400;
    /** How long the sweep's last participant waits for the others to be blocked before it arrives anyway. */
    static final long BLOCKED_WAIT_MS = 3_000;

    private Scripts() {}

    /** The participant the schedule treats specially (killed, slow, extra). */
    static String victim(List<String> participants) {
        return participants.get(participants.size() - 1);
    }

    static void play(Check check, Crossings x) throws KeeperException, InterruptedException {
        int n = x.participants().size();
        boolean victim = x.self().equals(victim(x.participants()));
        x.awaitAllReady();
        switch (check) {
            case CROSSING -> {
                Handle<SimpleBarrier> b = x.simple("gate", n, List.of(), null);
                x.think(0, 200);
                x.await(b, 1, CALL_MS);
            }
            case DOUBLE -> {
                Handle<DoubleBarrier> d = x.doubleBarrier("room", n, List.of(), null);
                x.think(0, 200);
                if (x.enter(d, 1, CALL_MS) == Result.PASSED) {
                    x.think(0, 200);
                    x.leave(d, 1, CALL_MS);
                }
            }
            case TWO_BARRIERS -> {
                boolean left = x.index() < n / 2;
                Handle<SimpleBarrier> group = x.simple(left ? "left" : "right", n / 2, List.of(), null);
                Handle<SimpleBarrier> all = x.simple("all", n, List.of(), null);
                x.think(0, 200);
                if (x.await(group, 1, CALL_MS) == Result.PASSED) {
                    x.think(0, 200);
                    x.await(all, 1, CALL_MS);
                }
            }
            case KILL -> {
                Handle<SimpleBarrier> b = x.simple("gate", n, List.of(), null);
                if (victim) {
                    x.awaitKill();
                }
                x.think(0, 100);
                // longer than the session timeout: the victim's ephemeral nodes vanish while we wait
                x.await(b, 1, CALL_MS);
            }
            case KILL_INSIDE -> {
                Handle<DoubleBarrier> d = x.doubleBarrier("room", n, List.of(), null);
                if (x.enter(d, 1, CALL_MS) == Result.PASSED) {
                    if (victim) {
                        x.awaitKill();
                    }
                    x.leave(d, 1, CALL_MS);
                }
            }
            case PHANTOM -> phantom(x, n);
            case CONN_LOSS -> {
                // p2 arrives first and its arrival's reply is lost; p1 and p3 follow, one after the other,
                // so a duplicated arrival would let p1 pass before p3 arrived, a lost one would hang.
                Handle<SimpleBarrier> b = x.simple("gate", n, List.of(), null);
                int order = x.index() == 1 ? 0 : x.index() == 0 ? 1 : x.index();
                x.sleep(order * STAGGER_MS);
                if (order == 0) {
                    x.zk().loseNextCreateReply();
                }
                x.await(b, 1, CALL_MS);
                if (order == 0) {
                    x.note(
                            x.self() + "'s arrival reply was lost " + x.zk().lostReplies() + " time(s)",
                            "fault",
                            "lost-reply");
                }
            }
            case REUSE -> {
                Handle<SimpleBarrier> b = x.simple("stroke", n, List.of(), null);
                for (int r = 1; r <= x.rounds(); r++) {
                    x.think(20, 150);
                    if (x.await(b, r, CALL_MS) != Result.PASSED) {
                        return;
                    }
                }
            }
            case REUSE_RACE -> {
                if (victim) {
                    x.zk().delayReads(SLOW_READ_MS);
                    x.note(x.self() + " sees every change " + SLOW_READ_MS + " ms late", "fault", "slow");
                }
                Handle<SimpleBarrier> b = x.simple("stroke", n, List.of(), null);
                for (int r = 1; r <= x.rounds(); r++) {
                    if (x.await(b, r, CALL_MS) != Result.PASSED) {
                        return;
                    }
                }
            }
            case OVERSUBSCRIBED -> {
                Handle<SimpleBarrier> b = x.simple("gate", n - 1, List.of(), null);
                x.sleep(x.index() * STAGGER_MS);
                x.await(b, 1, victim ? VAIN_MS : CALL_MS);
            }
            case RESTRICTED -> {
                List<String> band = group(x.participants(), x.index() % 2);
                Handle<SimpleBarrier> mine =
                        x.simple(x.index() % 2 == 0 ? "band-a" : "band-b", band.size(), band, null);
                Handle<SimpleBarrier> cheer = x.simple("cheer", n, x.participants(), null);
                for (int r = 1; r <= x.rounds(); r++) {
                    x.think(0, 120);
                    if (x.await(mine, r, CALL_MS) != Result.PASSED || x.await(cheer, r, CALL_MS) != Result.PASSED) {
                        return;
                    }
                }
            }
            case NESTED -> nested(x, n);
            case SWEEP -> sweep(x, n, victim);
        }
    }

    /**
     * The cost sweep: N processes enter and leave a double barrier, the way the implementation is
     * meant to be used: a reusable one (claimed) round after round at one path, after one
     * unmeasured warm-up round (generation 0: joining, first slots); a one-shot one at a fresh
     * path each round. Every step is controlled: nobody leaves before everybody entered, nobody
     * enters round r+1 before everybody left round r (so no reuse race, graded in phase 3, and
     * no leave racing a slow enter's re-count, disturbs the counts); in each step the N-1
     * waiters call in a seeded order and note when they are blocked, and the last calls once all
     * are blocked (or after {@link #BLOCKED_WAIT_MS}). Every waiter then waits on its watch when
     * the release comes, as in the benchmark's controlled rounds: the wake-ups are the
     * implementation's, not the schedule's. The double barrier, not the simple one, because it
     * is each implementation's own N-party recipe (Curator's simple barrier needs our controller,
     * the tutorial's is its enter then its leave).
     */
    private static void sweep(Crossings x, int n, boolean last) throws KeeperException, InterruptedException {
        boolean reusable = x.provider().capabilities().contains(Capability.REUSABLE);
        Handle<DoubleBarrier> shared = reusable ? x.doubleBarrier("sweep", n, List.of(), null) : null;
        for (int r = reusable ? 0 : 1; r <= x.rounds(); r++) {
            Handle<DoubleBarrier> d = reusable ? shared : x.doubleBarrier("sweep-" + r, n, List.of(), null);
            long gen = reusable ? r : 1;
            if (reusable && r > 0 && !x.awaitSeen(Crossings.passed(EventType.LEFT, d.scope(), r - 1), n, CALL_MS)) {
                return; // somebody did not leave the previous round: the verdict tells
            }
            if (controlled(x, d, EventType.ENTER, gen, last) != Result.PASSED
                    || !x.awaitSeen(Crossings.passed(EventType.ENTERED, d.scope(), gen), n, CALL_MS)
                    || controlled(x, d, EventType.LEAVE, gen, last) != Result.PASSED) {
                return;
            }
        }
    }

    /** One controlled step of the sweep: the waiters block first, then the last one calls. */
    private static Result controlled(Crossings x, Handle<DoubleBarrier> d, EventType call, long gen, boolean last)
            throws KeeperException, InterruptedException {
        boolean enter = call == EventType.ENTER;
        String blocked = Crossings.blocked(call, d.scope(), gen);
        if (last) {
            if (!x.awaitSeen(blocked, x.participants().size() - 1, BLOCKED_WAIT_MS)) {
                x.note(x.self() + " calls " + call.wireName() + " of " + d.scope()
                        + " before every waiter was seen blocked");
            }
            return enter ? x.enter(d, gen, CALL_MS) : x.leave(d, gen, CALL_MS);
        }
        x.think(0, 100);
        return x.notingBlocked(blocked, () -> enter ? x.enter(d, gen, CALL_MS) : x.leave(d, gen, CALL_MS));
    }

    private static void phantom(Crossings x, int n) throws KeeperException, InterruptedException {
        Handle<DoubleBarrier> d = x.doubleBarrier("room", n, List.of(), null);
        String first = x.participants().get(0);
        if (x.self().equals(first)) {
            // generation 0: an attempt that must time out alone; it must leave no trace behind
            x.enter(d, 0, 1_000);
            x.sleep(1_500);
        } else {
            x.awaitEvent(
                    e -> e.participant().equals(first) && e.generation() == 0 && !e.is(EventType.ENTER),
                    first + "'s timed-out enter");
        }
        if (x.enter(d, 1, CALL_MS) == Result.PASSED) {
            x.leave(d, 1, CALL_MS);
        }
    }

    private static void nested(Crossings x, int n) throws KeeperException, InterruptedException {
        boolean restricted = x.provider().capabilities().contains(Capability.RESTRICTED);
        boolean reusable = x.provider().capabilities().contains(Capability.REUSABLE);
        List<String> everybody = restricted ? x.participants() : List.of();
        Handle<DoubleBarrier> festival = x.doubleBarrier("festival", n, everybody, null);
        x.think(0, 150);
        if (x.enter(festival, 1, CALL_MS) != Result.PASSED) {
            return;
        }
        List<String> band = restricted ? group(x.participants(), x.index() % 2) : List.of();
        String suffix = restricted ? (x.index() % 2 == 0 ? "-a" : "-b") : "";
        int bandSize = restricted ? band.size() : n;
        Handle<DoubleBarrier> backstage = x.doubleBarrier("backstage" + suffix, bandSize, band, festival);
        Handle<SimpleBarrier> song = x.simple("song" + suffix, bandSize, band, festival);
        if (x.enter(backstage, 1, CALL_MS) != Result.PASSED) {
            return;
        }
        for (int r = 1; r <= (reusable ? x.rounds() : 1); r++) {
            x.think(0, 100);
            if (x.await(song, r, CALL_MS) != Result.PASSED) {
                return;
            }
        }
        if (x.leave(backstage, 1, CALL_MS) != Result.PASSED) {
            return;
        }
        x.think(0, 100);
        x.leave(festival, 1, CALL_MS);
    }

    /** Participants at even (parity 0) or odd (parity 1) positions. */
    static List<String> group(List<String> participants, int parity) {
        List<String> g = new ArrayList<>();
        for (int i = parity; i < participants.size(); i += 2) {
            g.add(participants.get(i));
        }
        return g;
    }
}
