package org.barrierlab.barrier;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.data.Stat;

/**
 * Slot nodes as stored: what state a slot is in, creating slots (ahead of use, never re-creating
 * a collected one), and finding the slot a handle should arrive at when it does not know it.
 * None of this is on the release path; it runs on first use, after a break, and for stragglers.
 *
 * <p>Invariant: the data version of {@code <path>/gen} is the highest slot ever created. It is
 * created with version 0 together with slot 0, and every slot creation is one version-checked
 * {@code setData} in the transaction that creates the slot, so a slot number is created at most
 * once, and garbage collection can never be undone by a straggler.
 */
final class SlotStore {

    /** A slot's decision, read from its children. */
    enum Phase {
        /** Accepting arrivals (its {@code open} child exists and the N-th arrival has not come). */
        OPEN,
        /** The N-th arrival committed: released, for ever. */
        RELEASED,
        /** {@code open} deleted before the N-th arrival: broken, for ever. */
        BROKEN,
        /** The slot node does not exist (not yet created, collected, or deleted). */
        MISSING
    }

    record State(Phase phase, boolean reset, boolean waiting) {}

    /** Who broke a slot and why, from its break mark. */
    record Breakage(String by, String reason) {
        static Breakage parse(String data) {
            String[] parts = data.split(" ", 3);
            if (parts.length < 2 || !parts[0].equals("broken")) {
                return new Breakage("", "break mark holds '" + data + "'");
            }
            return new Breakage(parts[1], parts.length > 2 ? parts[2] : "");
        }

        byte[] bytes() {
            return ("broken " + by + " " + reason).getBytes(StandardCharsets.UTF_8);
        }
    }

    private final ZkCalls calls;
    private final SlotNames names;
    private final BarrierSpec spec;
    /** The handle that locates its slot: told when the slot it finds is broken. */
    private final HandleState handle;

    SlotStore(ZkCalls calls, SlotNames names, BarrierSpec spec, HandleState handle) {
        this.calls = calls;
        this.names = names;
        this.spec = spec;
        this.handle = handle;
    }

    State state(Deadline d, long s) throws KeeperException, InterruptedException, TimeoutException {
        List<String> kids = calls.children(d, names.slot(s));
        if (kids == null) {
            return new State(Phase.MISSING, false, false);
        }
        boolean waiting = kids.stream().anyMatch(k -> k.startsWith("a-"));
        if (kids.contains(names.releaseName())) {
            return new State(Phase.RELEASED, false, waiting);
        }
        if (!kids.contains("open")) {
            return new State(Phase.BROKEN, kids.contains("reset"), waiting);
        }
        return new State(Phase.OPEN, false, waiting);
    }

    /** The highest slot ever created (the version of {@code gen}); throws if {@code gen} is gone. */
    long highest(Deadline d) throws KeeperException, InterruptedException, TimeoutException, ZkBrokenBarrierException {
        Stat st = calls.exists(d, names.gen);
        if (st == null) {
            throw new ZkBrokenBarrierException(
                    names.path, 0, "", names.gen + " is missing (deleted by someone outside the barrier)");
        }
        return st.getVersion();
    }

    /**
     * Creates every slot up to s that was never created; a collected slot stays collected. Each
     * turn that fails was overtaken by another creator ({@code gen} moved on), so the loop ends
     * when {@code gen} reaches s, or at the deadline.
     *
     * @throws ZkBrokenBarrierException if a slot node exists although {@code gen} says it was never
     *     created: created outside the protocol, so no creation can ever succeed
     */
    void ensureCreated(Deadline d, long s)
            throws KeeperException, InterruptedException, TimeoutException, ZkBrokenBarrierException {
        for (int turn = 0; ; turn++) {
            if (turn > 0) {
                d.check("timed out creating " + names.slot(s) + " (other creators kept overtaking)");
            }
            long h = highest(d);
            if (h >= s) {
                return;
            }
            List<Op> ops = new ArrayList<>();
            for (long y = h + 1; y <= s; y++) {
                ops.addAll(creation(y));
            }
            try {
                calls.multi(d, ops);
                return;
            } catch (KeeperException.BadVersionException e) {
                // someone else created them meanwhile (or our own attempt whose reply was lost): look again
            } catch (KeeperException.NodeExistsException e) {
                // the version checks on gen passed, so gen said h: a slot above h exists all the same
                long y = h + 1 + Math.max(0, ZkCalls.failedOp(e)) / 3;
                throw new ZkBrokenBarrierException(
                        names.path,
                        names.generationOf(y),
                        "",
                        names.slot(y) + " exists although " + names.gen + " says it was never created"
                                + " (created by someone outside the barrier)");
            }
        }
    }

    /**
     * Creates slot s+2 in the background (the first arrival at s asks). Two ahead, so that the
     * next slot has existed for a whole crossing when the handles reach it.
     *
     * <p>The creation is version-checked on {@code gen}, so it fails if s+1 is not created yet:
     * back to back, the first arrival at s+1 can ask before the first arrival at s's request has
     * reached the server. Then the slots still missing up to s+2 are created together, after a
     * look at {@code gen}, all in the background: dropping the request instead left s+2 missing,
     * and the handles that reached it created it on their own critical path (at N = 2, back to
     * back, that put a listing and three more requests in front of every few crossings).
     */
    void precreateAsync(long s) {
        createAsync(s + 1, s + 2, CREATE_AHEAD_TURNS);
    }

    /** Bounds the background creation: a few turns, a few slots (further behind, handles create). */
    private static final int CREATE_AHEAD_TURNS = 3;

    private static final long CREATE_AHEAD_MAX_SLOTS = 4;

    /** Creates slots highest+1 .. target, then looks again if another creator moved gen meanwhile. */
    private void createAsync(long highest, long target, int turns) {
        List<Op> ops = new ArrayList<>();
        for (long y = highest + 1; y <= target; y++) {
            ops.addAll(creation(y));
        }
        calls.multiAsync(ops, (rc, p, ctx, results) -> {
            if (rc != KeeperException.Code.BADVERSION.intValue() || turns <= 1) {
                return; // created, or created by someone else, or a real failure the handles will meet
            }
            calls.existsAsync(names.gen, (rc2, p2, ctx2, stat) -> {
                if (rc2 == KeeperException.Code.OK.intValue()
                        && stat.getVersion() < target
                        && target - stat.getVersion() <= CREATE_AHEAD_MAX_SLOTS) {
                    createAsync(stat.getVersion(), target, turns - 1);
                }
            });
        });
    }

    private List<Op> creation(long y) {
        return List.of(
                Op.setData(names.gen, Long.toString(y).getBytes(StandardCharsets.UTF_8), (int) (y - 1)),
                Op.create(names.slot(y), new byte[0], spec.acl, CreateMode.PERSISTENT),
                Op.create(names.open(y), new byte[0], spec.acl, CreateMode.PERSISTENT));
    }

    /** The existing slot numbers, ascending. */
    List<Long> existing(Deadline d) throws KeeperException, InterruptedException, TimeoutException {
        List<String> kids = calls.children(d, names.path);
        List<Long> slots = new ArrayList<>();
        if (kids != null) {
            for (String k : kids) {
                long s = names.slotOf(k);
                if (s >= 0) {
                    slots.add(s);
                }
            }
        }
        slots.sort(null);
        return slots;
    }

    /** Who broke slot s and why (from its break mark), or an explanation if the mark is gone. */
    Breakage breakage(Deadline d, long s) throws KeeperException, InterruptedException, TimeoutException {
        byte[] b = calls.data(d, names.breakMark(s), null);
        if (b == null) {
            return new Breakage("", "generation " + names.generationOf(s) + " is broken (its break mark is gone)");
        }
        return Breakage.parse(new String(b, StandardCharsets.UTF_8));
    }

    /**
     * The slot a handle without a known slot arrives at for the given phase: the lowest undecided
     * slot of that phase at or after {@code from}, creating one after the highest if there is none.
     *
     * @throws ZkBrokenBarrierException if a slot on the way is broken and not reset (a broken
     *     barrier stays broken until somebody resets it); the handle then stands at that slot and
     *     its listener hears {@code BROKEN} for it, as if it had been waiting there
     */
    long locate(Deadline d, int phase, long from)
            throws KeeperException, InterruptedException, TimeoutException, ZkBrokenBarrierException {
        for (int turn = 0; ; turn++) {
            if (turn > 0) {
                // the slot created in the previous turn was decided at once: progress, but bounded
                d.check("timed out looking for an open slot of " + names.path);
            }
            for (long y : existing(d)) {
                if (y < from || !names.hasPhase(y, phase)) {
                    continue;
                }
                State st = state(d, y);
                if (st.phase() == Phase.OPEN) {
                    return y;
                }
                if (st.phase() == Phase.BROKEN && !st.reset()) {
                    throw handle.broken(y, breakage(d, y), 0);
                }
            }
            long target = Math.max(highest(d) + 1, from);
            while (!names.hasPhase(target, phase)) {
                target++;
            }
            ensureCreated(d, target);
            State st = state(d, target);
            if (st.phase() == Phase.OPEN) {
                return target;
            }
            from = target; // decided or gone at once (a concurrent crossing): look again from there
        }
    }
}
