package org.barrierlab.barrier;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Slot creation ahead and garbage collection ({@link SlotStore}, {@link SlotCollector}) as an
 * abstract state machine, explored over all interleavings. {@link ProtocolModelTest} assumes every
 * slot exists from the start; this model adds what creation and collection change, for a
 * restricted barrier: {@code gen} (the highest slot ever created), slots that exist or not, the
 * first arrival's background creation of slot s+2 (version-checked on {@code gen}), a handle's own
 * creation of a missing slot ({@code ensureCreated}), and the background collection of slot s-2 by
 * the first arrival at s+1 (or, if that slot is not plainly released, a sweep of every slot older
 * than s-1).
 * Background operations run at any later point of the interleaving, or are lost. Timeouts break
 * a slot.
 *
 * <p><b>Deaths and the next-slot rule</b> (docs/barrier-design.md 6.1): a handle may die before
 * it arrives at a slot or while it waits; its ring predecessor then judges the death in three
 * steps that interleave with everything else, as {@link RingBreaks#breakUndecided} does: read the
 * highest created slot h ({@code gen}); list the slots and break every undecided one; if none was
 * undecided (nothing open, nothing broken), create slot h+1 if it was never created and break it.
 * With exactly N handles a parties-mode barrier behaves as a restricted one here, and the rule is
 * the same in both modes.
 *
 * <p>Abstracted away (checked by ProtocolModelTest): sequential names, watches, lost replies.
 * Not modelled: parties mode's surplus handles, reset.
 *
 * <p>Checked in every reachable state: a slot number is created at most once (collection is
 * never undone); nobody arrives at, checks or waits at a collected slot. Checked in every final
 * state: nobody waits at a decided slot, nor for a dead member (no survivor is left waiting).
 */
class SlotLifecycleModelTest {

    record Config(int parties, int slots, int timeouts, boolean loseBackground, int deaths, Bug bug) {
        Config(int parties, int slots, int timeouts, boolean loseBackground, Bug bug) {
            this(parties, slots, timeouts, loseBackground, 0, bug);
        }
    }

    /** Deliberate bugs, to show the checker finds them. */
    enum Bug {
        NONE,
        /** the first arrival at s collects s-1 (instead of s-3) */
        COLLECT_AT_FIRST_ARRIVAL,
        /** the background creation creates a missing slot without the version check on gen */
        CREATE_WITHOUT_VERSION_CHECK,
        /** after a death with nothing undecided, the next slot is not broken (parties mode before) */
        NO_NEXT_SLOT_AFTER_DEATH,
        /** the judging ring reads the highest slot after listing the slots, not before */
        HIGHEST_READ_AFTER_LISTING
    }

    private static final byte START = 0, EXISTS = 1, WAIT = 2, BROKEN = 3, TIMED_OUT = 4, END = 5, DEAD = 6;

    /** The judging ring's steps after a death (RingBreaks.breakUndecided). */
    private static final byte JUDGE_NONE = 0, JUDGE_READ = 1, JUDGE_LIST = 2, JUDGE_NEXT = 3, JUDGED = 4;

    static final class State {
        final Config c;
        boolean[] exists;
        boolean[] open;
        int[] arrived; // per slot: bit mask of the handles counted there
        byte[] created; // per slot: how often it was created
        int gen;
        byte[] pc;
        byte[] slot;
        int pendingCreate; // bit y: a background creation of slot y is in flight
        int pendingCollect; // bit x: the collection asked for after slot x (SlotCollector.afterRelease(x))
        int timeoutsLeft;
        int deathsLeft;
        byte judge; // JUDGE_*: where the ring's judgment of the death stands
        int judgeH; // the highest created slot, as the judging ring read it

        State(Config c) {
            this.c = c;
            exists = new boolean[c.slots()];
            open = new boolean[c.slots()];
            arrived = new int[c.slots()];
            created = new byte[c.slots()];
            pc = new byte[c.parties()];
            slot = new byte[c.parties()];
            timeoutsLeft = c.timeouts();
            deathsLeft = c.deaths();
            create(0); // the first participant's join creates slots 0 and 1 in one transaction
            create(1);
        }

        State copy() {
            State s = new State(c);
            s.exists = exists.clone();
            s.open = open.clone();
            s.arrived = arrived.clone();
            s.created = created.clone();
            s.gen = gen;
            s.pc = pc.clone();
            s.slot = slot.clone();
            s.pendingCreate = pendingCreate;
            s.pendingCollect = pendingCollect;
            s.timeoutsLeft = timeoutsLeft;
            s.deathsLeft = deathsLeft;
            s.judge = judge;
            s.judgeH = judgeH;
            return s;
        }

        String key() {
            return Arrays.toString(exists)
                    + Arrays.toString(open)
                    + Arrays.toString(arrived)
                    + Arrays.toString(created)
                    + gen
                    + Arrays.toString(pc)
                    + Arrays.toString(slot)
                    + '/'
                    + pendingCreate
                    + '/'
                    + pendingCollect
                    + '/'
                    + timeoutsLeft
                    + '/'
                    + deathsLeft
                    + '/'
                    + judge
                    + '/'
                    + judgeH;
        }

        boolean released(int y) {
            return Integer.bitCount(arrived[y]) == c.parties();
        }

        void create(int y) {
            exists[y] = true;
            open[y] = true;
            created[y]++;
            gen = Math.max(gen, y);
        }

        void delete(int y) {
            exists[y] = false;
            open[y] = false;
        }

        /** The collector's transaction(s) asked for by slot x (SlotCollector.afterRelease). */
        void collect(int x) {
            int old = c.bug() == Bug.COLLECT_AT_FIRST_ARRIVAL ? x - 1 : x - 2;
            if (old < 0) {
                return;
            }
            if (exists[old] && released(old)) {
                delete(old); // a plainly released slot: one transaction with the known names
            } else {
                for (int z = 0; z < old + 1; z++) {
                    if (exists[z]) {
                        delete(z); // the sweep: every slot older than x-1
                    }
                }
            }
        }
    }

    static int explore(Config c) {
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
            if (seen.size() > 2_000_000) {
                throw new IllegalStateException("state space too large for a unit test: " + c);
            }
        }
        System.out.println("slot lifecycle model " + c + ": " + seen.size() + " states, all interleavings explored");
        return seen.size();
    }

    private static List<State> successors(State s) {
        List<State> out = new ArrayList<>();
        Config c = s.c;
        for (int p = 0; p < c.parties(); p++) {
            int x = s.slot[p];
            boolean alive = s.pc[p] == START || s.pc[p] == EXISTS || s.pc[p] == WAIT;
            if (alive && x < c.slots() && s.deathsLeft > 0) {
                State t = s.copy(); // dies: its session ends; what it arrived at stays counted
                t.deathsLeft--;
                t.pc[p] = DEAD;
                t.judge = JUDGE_READ;
                out.add(t);
            }
            switch (s.pc[p]) {
                case START -> out.add(arrive(s, p, x));
                case EXISTS -> {
                    State t = s.copy();
                    if (t.released(x)) {
                        t.slot[p]++; // exists() found the release
                        t.pc[p] = t.slot[p] == c.slots() ? END : START;
                    } else {
                        t.pc[p] = WAIT;
                    }
                    out.add(t);
                }
                case WAIT -> {
                    if (s.released(x)) {
                        State t = s.copy(); // the notification
                        t.slot[p]++;
                        t.pc[p] = t.slot[p] == c.slots() ? END : START;
                        out.add(t);
                    } else if (!s.open[x]) {
                        State t = s.copy(); // the ring saw the break mark
                        t.pc[p] = BROKEN;
                        out.add(t);
                    } else if (s.timeoutsLeft > 0) {
                        State t = s.copy(); // gives up: the break deletes open
                        t.timeoutsLeft--;
                        t.open[x] = false;
                        t.pc[p] = TIMED_OUT;
                        out.add(t);
                    }
                }
                default -> {}
            }
        }
        if (s.judge != JUDGE_NONE && s.judge != JUDGED) {
            out.add(judge(s));
        }
        for (int y = 0; y < c.slots(); y++) {
            if ((s.pendingCreate & (1 << y)) != 0) {
                State t = s.copy();
                t.pendingCreate &= ~(1 << y);
                boolean versionOk = t.gen == y - 1;
                if (c.bug() == Bug.CREATE_WITHOUT_VERSION_CHECK ? !t.exists[y] : versionOk) {
                    t.create(y);
                }
                out.add(t);
                if (c.loseBackground()) {
                    State lost = s.copy();
                    lost.pendingCreate &= ~(1 << y);
                    out.add(lost);
                }
            }
            if ((s.pendingCollect & (1 << y)) != 0) {
                State t = s.copy();
                t.pendingCollect &= ~(1 << y);
                t.collect(y);
                out.add(t);
                if (c.loseBackground()) {
                    State lost = s.copy();
                    lost.pendingCollect &= ~(1 << y);
                    out.add(lost);
                }
            }
        }
        return out;
    }

    /**
     * One step of the ring's judgment of a death: read the highest slot; list and break every
     * undecided slot; if there was none, create (version-checked) and break the next slot.
     */
    private static State judge(State s) {
        Config c = s.c;
        State t = s.copy();
        switch (t.judge) {
            case JUDGE_READ -> {
                t.judgeH = t.gen;
                t.judge = JUDGE_LIST;
            }
            case JUDGE_LIST -> {
                boolean undecided = false;
                for (int y = 0; y < c.slots(); y++) {
                    if (t.exists[y] && !t.released(y)) {
                        t.open[y] = false; // open: the break; already broken: nothing to do
                        undecided = true;
                    }
                }
                t.judge = undecided ? JUDGED : JUDGE_NEXT;
            }
            default -> {
                int next = (c.bug() == Bug.HIGHEST_READ_AFTER_LISTING ? t.gen : t.judgeH) + 1;
                if (c.bug() != Bug.NO_NEXT_SLOT_AFTER_DEATH && next < c.slots()) {
                    for (int y = t.gen + 1; y <= next; y++) {
                        t.create(y); // ensureCreated: one version-checked transaction
                    }
                    if (t.exists[next] && !t.released(next)) {
                        t.open[next] = false;
                    }
                }
                t.judge = JUDGED;
            }
        }
        return t;
    }

    /** A handle at START of slot x: create it if it was never created, then the arrival transaction. */
    private static State arrive(State s, int p, int x) {
        Config c = s.c;
        State t = s.copy();
        if (x == c.slots()) {
            t.pc[p] = END;
            return t;
        }
        if (!t.exists[x]) {
            if (t.gen >= x) {
                throw new AssertionError("p" + p + " arrives at slot " + x + ", which was collected; " + describe(t));
            }
            for (int y = t.gen + 1; y <= x; y++) {
                t.create(y); // ensureCreated: one version-checked transaction
            }
            return t;
        }
        if (!t.open[x]) {
            t.pc[p] = BROKEN; // check(open) failed and the slot is not released: broken
            return t;
        }
        t.arrived[x] |= 1 << p;
        int k = Integer.bitCount(t.arrived[x]);
        if (k == 1 && x + 2 < c.slots()) {
            t.pendingCreate |= 1 << (x + 2);
        }
        if (k == 1 && c.bug() == Bug.COLLECT_AT_FIRST_ARRIVAL) {
            t.pendingCollect |= 1 << x; // collects x-1
        } else if (k == 1 && x >= 1) {
            t.pendingCollect |= 1 << (x - 1); // every handle at x passed x-1: collects x-3
        }
        if (k == c.parties()) {
            t.slot[p]++;
            t.pc[p] = t.slot[p] == c.slots() ? END : START;
        } else {
            t.pc[p] = EXISTS;
        }
        return t;
    }

    private static void checkSafety(State s) {
        for (int y = 0; y < s.c.slots(); y++) {
            if (s.created[y] > 1) {
                throw new AssertionError("slot " + y + " created " + s.created[y] + " times; " + describe(s));
            }
        }
        for (int p = 0; p < s.c.parties(); p++) {
            if ((s.pc[p] == EXISTS || s.pc[p] == WAIT) && !s.exists[s.slot[p]]) {
                throw new AssertionError(
                        "p" + p + " waits at slot " + s.slot[p] + ", which was collected; " + describe(s));
            }
        }
    }

    private static void checkFinal(State s) {
        for (int p = 0; p < s.c.parties(); p++) {
            if (s.pc[p] == EXISTS || s.pc[p] == WAIT) {
                String dead = s.deathsLeft < s.c.deaths() ? " (a member is dead)" : "";
                throw new AssertionError(
                        "stuck forever: p" + p + " waits at slot " + s.slot[p] + dead + "; " + describe(s));
            }
        }
    }

    private static String describe(State s) {
        return "pc=" + Arrays.toString(s.pc) + " slot=" + Arrays.toString(s.slot) + " exists="
                + Arrays.toString(s.exists) + " open=" + Arrays.toString(s.open) + " gen=" + s.gen + " created="
                + Arrays.toString(s.created) + " judge=" + s.judge;
    }

    @Test
    void creationAheadAndCollectionAreSafeInEveryInterleaving() {
        long total = 0;
        for (int n = 1; n <= 3; n++) {
            total += explore(new Config(n, 5, 0, true, Bug.NONE));
            total += explore(new Config(n, 4, 1, true, Bug.NONE));
        }
        assertTrue(total > 1000, "explored " + total + " states");
    }

    /**
     * A death at any point, judged by the ring's three steps interleaved with arrivals,
     * background creations (or their loss) and collections: no survivor is left waiting.
     */
    @Test
    void aDeathLeavesNoSurvivorWaitingInEveryInterleaving() {
        long total = 0;
        for (int n = 2; n <= 3; n++) {
            total += explore(new Config(n, 4, 0, true, 1, Bug.NONE));
        }
        total += explore(new Config(2, 5, 0, true, 1, Bug.NONE));
        total += explore(new Config(2, 4, 1, true, 1, Bug.NONE));
        assertTrue(total > 1000, "explored " + total + " states");
    }

    @Test
    void theCheckerFindsKnownBugs() {
        AssertionError early = assertFinds(new Config(2, 4, 0, false, Bug.COLLECT_AT_FIRST_ARRIVAL));
        assertTrue(early.getMessage().contains("which was collected"), early.getMessage());
        // without the version check a slot is created out of order (4 before 3, so 3 reads as
        // collected) or a collected one again: either is caught
        AssertionError unchecked = assertFinds(new Config(1, 5, 0, false, Bug.CREATE_WITHOUT_VERSION_CHECK));
        assertTrue(
                unchecked.getMessage().contains("created 2 times")
                        || unchecked.getMessage().contains("which was collected"),
                unchecked.getMessage());
    }

    @Test
    void theCheckerFindsABrokenNextSlotRule() {
        AssertionError none = assertFinds(new Config(2, 4, 0, true, 1, Bug.NO_NEXT_SLOT_AFTER_DEATH));
        assertTrue(none.getMessage().contains("(a member is dead)"), none.getMessage());
        AssertionError late = assertFinds(new Config(2, 4, 0, true, 1, Bug.HIGHEST_READ_AFTER_LISTING));
        assertTrue(late.getMessage().contains("(a member is dead)"), late.getMessage());
    }

    private static AssertionError assertFinds(Config c) {
        try {
            explore(c);
        } catch (AssertionError e) {
            return e;
        }
        throw new AssertionError("the checker did not find the bug " + c.bug());
    }
}
