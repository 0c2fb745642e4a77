package org.barrierlab.barrier;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The protocol of {@link BarrierProtocol} as an abstract state machine with ZooKeeper's semantics,
 * explored over <em>all</em> interleavings for N &lt;= 3 (item 6 of issue 10).
 *
 * <p>Modelled: atomic multi-op transactions; sequential names from the parent's cversion;
 * exists-watches that fire once, on creation, per session in zxid order together with the
 * liveness-ring notifications (one FIFO queue per session); lost replies (committed, reply lost,
 * the client retries); session expiry of a crashed handle and the ring's break of the undecided
 * slots; timeouts (a waiter gives up at any moment and breaks); reset; surplus handles in parties
 * mode. Slots are created ahead (creation and collection are not modelled), and a reset is one
 * atomic step.
 *
 * <p>Checked in every reachable state: never released early (the N-th sequential child exists
 * only with N distinct arrivals before it); all-or-none per slot (nobody passes a slot somebody
 * was broken at, and everybody counted in a released slot passes it unless dead). Checked in every
 * final state: no waiter is blocked on a slot that is decided, or while a member is dead (stuck
 * forever), and no watch outlives its wait.
 */
class ProtocolModelTest {

    /** One exploration: N, handles (> N: surplus), and the faults allowed. */
    record Config(int parties, int handles, int timeouts, int crashes, int lostReplies, boolean reset, Bug bug) {}

    /** Deliberate protocol bugs, to show the checker finds them. */
    enum Bug {
        NONE,
        /** a timed-out waiter ignores that the N-th arrival came before its break */
        IGNORE_VOID_BREAK,
        /** waiters watch the (N-1)-th arrival's child instead of the N-th */
        OFF_BY_ONE_RELEASE_NAME
    }

    private static final int SLOTS = 3;
    // program counters of a handle
    private static final byte START = 0,
            EXISTS = 1,
            BLOCKED = 2,
            BREAK = 3,
            PASSED = 4,
            BROKEN = 5,
            TIMED_OUT = 6,
            DEAD = 7,
            BEYOND = 8;
    // events in a session's queue: NOTIFY = 1 + slot (the watched release was created), RING = 16 + slot
    private static final int RING = 16;

    /** A complete state; copied on every transition. */
    static final class State {
        final Config c;
        // server, per slot
        boolean[] open = new boolean[SLOTS];
        int[] cv = new int[SLOTS];
        int[] markers = new int[SLOTS];
        byte[][] seqOwner; // suffix -> owner + 1 (0: none); probes are owned by 100 + breaker
        byte[] mark = new byte[SLOTS]; // 0 none, else 1 + breaker
        boolean[] resetMark = new boolean[SLOTS];
        int[] watches = new int[SLOTS]; // handles with a server watch on the slot's release name
        // handles
        byte[] pc;
        byte[] slot;
        byte[] k;
        byte[] outcomeSlot; // slot of PASSED / BROKEN / TIMED_OUT
        byte[] ringSeen; // per handle: the slots whose break mark its ring has seen (bit mask)
        List<Deque<Integer>> queue = new ArrayList<>();
        // budgets and bookkeeping
        int timeoutsLeft;
        int crashesLeft;
        int lostLeft;
        boolean resetUsed;
        int deathsPending;

        State(Config c) {
            this.c = c;
            int h = c.handles();
            seqOwner = new byte[SLOTS][2 * h + 8];
            pc = new byte[h];
            slot = new byte[h];
            k = new byte[h];
            outcomeSlot = new byte[h];
            ringSeen = new byte[h];
            for (int i = 0; i < h; i++) {
                queue.add(new ArrayDeque<>());
            }
            Arrays.fill(open, true);
            Arrays.fill(cv, 1); // created together with its open child
            timeoutsLeft = c.timeouts();
            crashesLeft = c.crashes();
            lostLeft = c.lostReplies();
        }

        State copy() {
            State s = new State(c);
            s.open = open.clone();
            s.cv = cv.clone();
            s.markers = markers.clone();
            for (int i = 0; i < SLOTS; i++) {
                s.seqOwner[i] = seqOwner[i].clone();
            }
            s.mark = mark.clone();
            s.resetMark = resetMark.clone();
            s.watches = watches.clone();
            s.pc = pc.clone();
            s.slot = slot.clone();
            s.k = k.clone();
            s.outcomeSlot = outcomeSlot.clone();
            s.ringSeen = ringSeen.clone();
            s.queue = new ArrayList<>();
            for (Deque<Integer> q : queue) {
                s.queue.add(new ArrayDeque<>(q));
            }
            s.timeoutsLeft = timeoutsLeft;
            s.crashesLeft = crashesLeft;
            s.lostLeft = lostLeft;
            s.resetUsed = resetUsed;
            s.deathsPending = deathsPending;
            return s;
        }

        String key() {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < SLOTS; i++) {
                b.append(open[i] ? 'o' : 'c')
                        .append(cv[i])
                        .append(',')
                        .append(markers[i])
                        .append(',');
                b.append(new String(seqOwner[i], StandardCharsets.ISO_8859_1)).append(',');
                b.append(mark[i])
                        .append(resetMark[i] ? 'r' : '-')
                        .append(watches[i])
                        .append(';');
            }
            b.append(new String(pc, StandardCharsets.ISO_8859_1))
                    .append(new String(slot, StandardCharsets.ISO_8859_1))
                    .append(new String(k, StandardCharsets.ISO_8859_1))
                    .append(new String(outcomeSlot, StandardCharsets.ISO_8859_1))
                    .append(new String(ringSeen, StandardCharsets.ISO_8859_1))
                    .append(queue)
                    .append(timeoutsLeft)
                    .append(crashesLeft)
                    .append(lostLeft)
                    .append(resetUsed)
                    .append(deathsPending);
            return b.toString();
        }

        int releaseSuffix() {
            return 2 * (c.bug() == Bug.OFF_BY_ONE_RELEASE_NAME ? c.parties() - 1 : c.parties());
        }

        boolean released(int s) {
            int r = releaseSuffix();
            return r < seqOwner[s].length && seqOwner[s][r] != 0;
        }

        boolean alive(int p) {
            return pc[p] != DEAD;
        }

        /** Server: a sequential create under slot s; returns the suffix. */
        int createSequential(int s, int owner) {
            int suffix = cv[s];
            seqOwner[s][suffix] = (byte) owner;
            cv[s]++;
            if (suffix == releaseSuffix()) {
                for (int q = 0; q < c.handles(); q++) {
                    if ((watches[s] & (1 << q)) != 0) {
                        queue.get(q).add(1 + s);
                    }
                }
                watches[s] = 0;
            }
            return suffix;
        }

        /** Server: the break transaction by {@code by}; returns the probe suffix, or -1 if it failed. */
        int breakSlot(int s, int by) {
            if (!open[s]) {
                return -1;
            }
            int probe = createSequential(s, 100 + by);
            open[s] = false;
            mark[s] = (byte) (1 + by);
            for (int q = 0; q < c.handles(); q++) {
                if (alive(q)) {
                    queue.get(q).add(RING + s);
                }
            }
            return probe;
        }

        void finish(int p, byte outcome, int s) {
            pc[p] = outcome;
            outcomeSlot[p] = (byte) s;
            watches[s] &= ~(1 << p); // the wait's watch is removed (or fired)
        }
    }

    /** Explores every interleaving; returns the number of states, or throws naming the violation. */
    static int explore(Config c) {
        int states = search(c);
        System.out.println("model " + c + ": " + states + " states, all interleavings explored");
        return states;
    }

    private static int search(Config c) {
        State init = new State(c);
        Set<String> seen = new HashSet<>();
        Deque<State> todo = new ArrayDeque<>();
        todo.push(init);
        seen.add(init.key());
        while (!todo.isEmpty()) {
            State s = todo.pop();
            checkSafety(s);
            List<State> next = successors(s);
            if (next.isEmpty()) {
                checkFinal(s);
            }
            for (State n : next) {
                if (seen.add(n.key())) {
                    todo.push(n);
                }
            }
            if (seen.size() > 5_000_000) {
                throw new IllegalStateException("state space too large for a unit test: " + c);
            }
        }
        return seen.size();
    }

    private static List<State> successors(State s) {
        List<State> out = new ArrayList<>();
        Config c = s.c;
        int n = c.parties();
        for (int p = 0; p < c.handles(); p++) {
            if (!s.alive(p)) {
                continue;
            }
            // the session's event thread delivers its next event (in zxid order)
            if (!s.queue.get(p).isEmpty()) {
                State t = s.copy();
                int e = t.queue.get(p).poll();
                if (e >= RING) {
                    t.ringSeen[p] |= (byte) (1 << (e - RING)); // the ring remembers every break mark it saw
                    if (t.pc[p] == BLOCKED && t.slot[p] == e - RING) {
                        t.finish(p, BROKEN, t.slot[p]); // the ring saw the break mark of our slot
                    }
                } else if (t.pc[p] == BLOCKED && t.slot[p] == e - 1) {
                    t.finish(p, PASSED, t.slot[p]);
                }
                out.add(t);
            }
            int x = s.slot[p];
            switch (s.pc[p]) {
                case START -> {
                    if (x >= SLOTS) {
                        State t = s.copy();
                        t.pc[p] = BEYOND;
                        out.add(t);
                        break;
                    }
                    out.addAll(arrive(s, p, x, n));
                    if (c.reset() && p == 0 && !s.resetUsed) {
                        out.add(reset(s, p));
                    }
                }
                case EXISTS -> {
                    State t = s.copy();
                    if (t.released(x)) {
                        t.finish(p, PASSED, x); // exists found it; the watch set on it is removed at once
                    } else if ((t.ringSeen[p] & (1 << x)) != 0) {
                        t.finish(p, BROKEN, x); // checked before blocking: the ring saw the break already
                    } else {
                        t.watches[x] |= 1 << p;
                        t.pc[p] = BLOCKED;
                    }
                    out.add(t);
                }
                case BLOCKED -> {
                    if (s.timeoutsLeft > 0) {
                        State t = s.copy();
                        t.timeoutsLeft--;
                        t.pc[p] = BREAK;
                        out.add(t);
                    }
                }
                case BREAK -> {
                    State t = s.copy();
                    int probe = t.breakSlot(x, p);
                    if (probe < 0) {
                        if (t.released(x)) {
                            t.finish(p, PASSED, x);
                        } else {
                            t.finish(p, t.mark[x] == 1 + p ? TIMED_OUT : BROKEN, x);
                        }
                    } else {
                        long before = (probe - 1) / 2;
                        boolean voidBreak = before >= n && c.bug() != Bug.IGNORE_VOID_BREAK;
                        t.finish(p, voidBreak ? PASSED : TIMED_OUT, x);
                    }
                    out.add(t);
                    if (s.lostLeft > 0 && probe >= 0) {
                        State lost = s.copy(); // committed, reply lost: the retry finds it done
                        lost.breakSlot(x, p);
                        lost.lostLeft--;
                        out.add(lost);
                    }
                }
                case BROKEN -> {
                    if (x < SLOTS && s.resetMark[x]) {
                        State t = s.copy(); // called again after a reset: go on at the next slot
                        t.slot[p] = (byte) (x + 1);
                        t.pc[p] = START;
                        out.add(t);
                    }
                }
                default -> {}
            }
            if (s.crashesLeft > 0 && s.pc[p] != PASSED && s.pc[p] != BEYOND) {
                State t = s.copy();
                t.crashesLeft--;
                t.pc[p] = DEAD;
                t.queue.get(p).clear();
                for (int y = 0; y < SLOTS; y++) {
                    t.watches[y] &= ~(1 << p);
                }
                t.deathsPending |= 1 << p;
                out.add(t);
            }
        }
        // a survivor's ring sees a death (session expired) and breaks every undecided slot
        if (s.deathsPending != 0) {
            for (int q = 0; q < c.handles(); q++) {
                if (s.alive(q)) {
                    State t = s.copy();
                    for (int y = 0; y < SLOTS; y++) {
                        t.breakSlot(y, q);
                    }
                    t.deathsPending = 0;
                    out.add(t);
                    break; // which survivor breaks does not matter to the state's shape
                }
            }
        }
        return out;
    }

    /** The arrival transaction check(open), create(a-id), create(r-, sequential), and its reply. */
    private static List<State> arrive(State s, int p, int x, int n) {
        List<State> out = new ArrayList<>();
        State t = s.copy();
        if (!t.open[x]) {
            if (t.released(x) || t.resetMark[x]) {
                t.slot[p] = (byte) (x + 1); // full before we came (surplus), or reset: the next slot
            } else {
                t.finish(p, BROKEN, x);
            }
            out.add(t);
            return out;
        }
        int suffix;
        if ((t.markers[x] & (1 << p)) != 0) {
            suffix = ownSuffix(t, x, p); // our own earlier arrival whose reply was lost
        } else {
            t.markers[x] |= 1 << p;
            t.cv[x]++;
            suffix = t.createSequential(x, 1 + p);
            if (s.lostLeft > 0) {
                State lost = t.copy(); // committed; the reply is lost and the client retries
                lost.lostLeft--;
                out.add(lost);
            }
        }
        int k = suffix / 2;
        t.k[p] = (byte) k;
        if (k > n) {
            t.slot[p] = (byte) (x + 1); // surplus: carried into the next crossing
        } else if (k == n || (t.c.bug() == Bug.OFF_BY_ONE_RELEASE_NAME && k == n - 1)) {
            t.finish(p, PASSED, x);
        } else {
            t.pc[p] = EXISTS;
        }
        out.add(t);
        return out;
    }

    private static int ownSuffix(State t, int x, int p) {
        for (int i = 0; i < t.seqOwner[x].length; i++) {
            if (t.seqOwner[x][i] == 1 + p) {
                return i;
            }
        }
        throw new AssertionError("marker without its sequential child at slot " + x);
    }

    /** reset(): break the slots somebody waits at, mark broken slots reset, continue at a fresh slot. */
    private static State reset(State s, int p) {
        State t = s.copy();
        t.resetUsed = true;
        int fresh = -1;
        for (int y = 0; y < SLOTS; y++) {
            if (t.open[y] && t.markers[y] == 0) {
                if (fresh < 0) {
                    fresh = y;
                }
                continue;
            }
            if (t.open[y]) {
                int probe = t.breakSlot(y, p);
                if ((probe - 1) / 2 >= t.c.parties()) {
                    continue; // void: it had released
                }
            }
            if (!t.released(y)) {
                t.resetMark[y] = true;
                fresh = -1;
            }
        }
        t.slot[p] = (byte) (fresh < 0 ? SLOTS : fresh);
        return t;
    }

    private static void checkSafety(State s) {
        Config c = s.c;
        int n = c.parties();
        for (int x = 0; x < SLOTS; x++) {
            if (s.released(x)) {
                int distinct = 0;
                for (int k = 1; k <= n; k++) {
                    int owner = s.seqOwner[x][2 * k];
                    if (owner >= 1 && owner <= c.handles() && (s.markers[x] & (1 << (owner - 1))) != 0) {
                        distinct++;
                    }
                }
                if (distinct < n) {
                    throw new AssertionError("released early: slot " + x + " has its release name with only " + distinct
                            + " arrivals before it; " + describe(s));
                }
            }
            boolean passed = false;
            boolean broken = false;
            for (int p = 0; p < c.handles(); p++) {
                if (s.outcomeSlot[p] == x && s.pc[p] == PASSED) {
                    passed = true;
                }
                if (s.outcomeSlot[p] == x && (s.pc[p] == BROKEN || s.pc[p] == TIMED_OUT)) {
                    broken = true;
                }
            }
            if (passed && broken) {
                throw new AssertionError("not all-or-none: slot " + x + " passed and broken; " + describe(s));
            }
            if (passed && !s.released(x)) {
                throw new AssertionError("passed slot " + x + " that is not released; " + describe(s));
            }
            if (s.released(x)) {
                for (int k = 1; k <= n; k++) {
                    int owner = s.seqOwner[x][2 * k] - 1;
                    if (owner >= 0
                            && owner < c.handles()
                            && (s.pc[owner] == BROKEN || s.pc[owner] == TIMED_OUT)
                            && s.outcomeSlot[owner] == x) {
                        throw new AssertionError("participant " + owner + " counted in released slot " + x
                                + " did not pass it; " + describe(s));
                    }
                }
            }
        }
    }

    private static void checkFinal(State s) {
        boolean someoneDead = false;
        for (int p = 0; p < s.c.handles(); p++) {
            someoneDead |= s.pc[p] == DEAD;
        }
        for (int p = 0; p < s.c.handles(); p++) {
            int x = s.slot[p];
            if (s.pc[p] == BLOCKED && (s.released(x) || !s.open[x] || someoneDead)) {
                throw new AssertionError("stuck forever: participant " + p + " waits at slot " + x
                        + (s.released(x) ? " (released)" : !s.open[x] ? " (broken)" : " (a member is dead)") + "; "
                        + describe(s));
            }
            for (int y = 0; y < SLOTS; y++) {
                if ((s.watches[y] & (1 << p)) != 0 && !(s.pc[p] == BLOCKED && x == y)) {
                    throw new AssertionError("watch outlives the wait: participant " + p + " at slot " + y);
                }
            }
        }
    }

    private static String describe(State s) {
        StringBuilder b = new StringBuilder("handles:");
        for (int p = 0; p < s.c.handles(); p++) {
            b.append(" p").append(p).append('=').append(s.pc[p]).append('@').append(s.slot[p]);
        }
        b.append(" slots:");
        for (int x = 0; x < SLOTS; x++) {
            b.append(' ')
                    .append(x)
                    .append(s.open[x] ? "open" : "closed")
                    .append(" cv=")
                    .append(s.cv[x])
                    .append(s.released(x) ? " released" : "");
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ the tests

    @Test
    void everyInterleavingForUpToThreePartiesWithCrashesTimeoutsAndLostRepliesIsSafeAndLive() {
        long total = 0;
        for (int n = 1; n <= 3; n++) {
            total += explore(new Config(n, n, 2, 1, 1, false, Bug.NONE));
        }
        assertTrue(total > 1000, "explored " + total + " states");
    }

    @Test
    void everyInterleavingWithAResetIsSafeAndLive() {
        for (int n = 1; n <= 3; n++) {
            explore(new Config(n, n, 1, 0, 1, true, Bug.NONE));
            explore(new Config(n, n, 0, 1, 0, true, Bug.NONE));
        }
    }

    @Test
    void everyInterleavingWithSurplusHandlesIsSafeAndLive() {
        explore(new Config(1, 2, 1, 1, 1, false, Bug.NONE));
        explore(new Config(2, 3, 1, 1, 1, false, Bug.NONE));
        explore(new Config(3, 4, 1, 0, 1, false, Bug.NONE));
        explore(new Config(2, 3, 1, 0, 0, true, Bug.NONE));
    }

    @Test
    void theCheckerFindsAKnownBug() {
        AssertionError voidBreak = assertThrowsAssertion(new Config(2, 2, 1, 0, 0, false, Bug.IGNORE_VOID_BREAK));
        assertTrue(
                voidBreak.getMessage().contains("not all-or-none")
                        || voidBreak.getMessage().contains("did not pass"),
                voidBreak.getMessage());
        AssertionError early = assertThrowsAssertion(new Config(3, 3, 0, 0, 0, false, Bug.OFF_BY_ONE_RELEASE_NAME));
        assertTrue(early.getMessage().startsWith("released early"), early.getMessage());
    }

    private static AssertionError assertThrowsAssertion(Config c) {
        try {
            explore(c);
        } catch (AssertionError e) {
            return e;
        }
        throw new AssertionError("the checker did not find the bug " + c.bug());
    }
}
