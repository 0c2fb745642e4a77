package org.barrierlab.barrier;

import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Breaking a slot: one transaction {@code create(b-, sequential), delete(open), create(live/!<slot>)}.
 * Deleting {@code open} stops every later arrival; the probe, created first, is numbered {@code
 * 1 + 2a} after {@code a} arrivals, so it tells whether the N-th arrival committed before (then
 * the break is void: the slot is released); the mark, a child of the liveness directory, reaches
 * every handle through the one watch it already holds. A repeat after a lost reply finds {@code
 * open} gone and recognises its own mark.
 */
final class SlotBreaker {

    private static final Logger LOG = LoggerFactory.getLogger(SlotBreaker.class);

    /** How an attempt to break a slot ended. */
    enum Result {
        /** This handle's transaction broke the slot. */
        MINE,
        /** The N-th arrival had committed first: the slot is released, the break is void. */
        VOID,
        /** Somebody else decided the slot first, or it is gone ({@link Broke#other} says how). */
        OTHER,
        /** ZooKeeper could not be reached before the deadline. */
        UNKNOWN
    }

    record Broke(Result result, SlotStore.Breakage other) {}

    private final ZkCalls calls;
    private final SlotNames names;
    private final SlotStore slots;
    private final BarrierSpec spec;
    private final String id;
    private final int parties;

    SlotBreaker(ZkCalls calls, SlotNames names, SlotStore slots, BarrierSpec spec) {
        this.calls = calls;
        this.names = names;
        this.slots = slots;
        this.spec = spec;
        this.id = spec.participantId;
        this.parties = spec.parties;
    }

    /** One transaction that breaks slot x unless it is decided; see the class comment. */
    Broke breakSlot(long x, String reason, Deadline d) throws KeeperException, InterruptedException {
        SlotStore.Breakage mine = new SlotStore.Breakage(id, reason);
        List<Op> ops = List.of(
                Op.create(names.breakProbePrefix(x), mine.bytes(), spec.acl, CreateMode.PERSISTENT_SEQUENTIAL),
                Op.delete(names.open(x), -1),
                Op.create(names.breakMark(x), mine.bytes(), spec.acl, CreateMode.PERSISTENT));
        try {
            List<OpResult> r = calls.multi(d, ops);
            long before = SlotNames.arrivalsBeforeBreak(((OpResult.CreateResult) r.get(0)).getPath());
            if (before >= parties) {
                return new Broke(Result.VOID, null);
            }
            LOG.info("{} broke {}: {}", id, names.slot(x), reason);
            return new Broke(Result.MINE, null);
        } catch (TimeoutException e) {
            return new Broke(Result.UNKNOWN, null);
        } catch (KeeperException e) {
            int op = ZkCalls.failedOp(e);
            if (op == 0 && e.code() == KeeperException.Code.NONODE) {
                return new Broke(
                        Result.OTHER,
                        new SlotStore.Breakage("", "generation " + names.generationOf(x) + " no longer exists"));
            }
            if (op == 2 && e.code() == KeeperException.Code.NONODE) {
                return new Broke(Result.OTHER, new SlotStore.Breakage("", names.live + " was deleted"));
            }
            if (op != 1 && op != 2) {
                throw e;
            }
            try {
                if (slots.state(d, x).phase() == SlotStore.Phase.RELEASED) {
                    return new Broke(Result.VOID, null);
                }
                SlotStore.Breakage b = slots.breakage(d, x);
                return b.equals(mine) ? new Broke(Result.MINE, null) : new Broke(Result.OTHER, b);
            } catch (TimeoutException t) {
                return new Broke(Result.UNKNOWN, null);
            }
        }
    }
}
