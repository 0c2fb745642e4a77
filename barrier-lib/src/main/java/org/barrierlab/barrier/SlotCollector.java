package org.barrierlab.barrier;

import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Garbage collection of old slots, off the critical path: the first arrival at slot s+1, having
 * passed slot s, asks for slot s-2 to be deleted, asynchronously. Not the releaser of s: its
 * transaction of 2N+2 deletes would reach the server while it notifies the N-1 waiters of s. A
 * restricted barrier knows every name in a plainly released slot and deletes them in one
 * transaction; parties mode names the markers after the handles its liveness ring sees, when they
 * are as many as the parties, and lists the slot first only if that fails or they are not. A
 * failure (a broken or reset slot), and every 16th slot in parties mode, leads to a sweep of every
 * slot older than s-1.
 *
 * <p>Why s-2 is safe in a restricted barrier: s released means every member arrived at s, so
 * every member has finished its wait at s-1 and long before at s-2. In parties mode a handle
 * beyond the party count may lag; if its slot is collected under it, its waiter's watchdog
 * reports that clearly (see {@code BarrierProtocol}) instead of hanging.
 */
final class SlotCollector {

    private static final Logger LOG = LoggerFactory.getLogger(SlotCollector.class);

    private static final long SWEEP_EVERY = 16;

    private final ZkCalls calls;
    private final SlotNames names;
    private final BarrierSpec spec;

    SlotCollector(ZkCalls calls, SlotNames names, BarrierSpec spec) {
        this.calls = calls;
        this.names = names;
        this.spec = spec;
    }

    /**
     * After slot s was released: collect s-2 (and anything older still there).
     *
     * @param live the ids of the handles the liveness ring last saw: in parties mode, when they
     *     are exactly as many as the parties, most likely the ids of slot s-2's arrival markers
     */
    void afterRelease(long s, List<String> live) {
        if (s < 2) {
            return;
        }
        if (!spec.restricted() && s % SWEEP_EVERY == 0) {
            sweep(s); // now and then, everything older (e.g. a leave slot skipped by a reset)
            return;
        }
        List<String> markers = spec.restricted() ? spec.members : live;
        if (!spec.restricted() && markers.size() != spec.parties) {
            deleteSlot(s - 2); // parties mode with surplus or missing handles: list that one slot
            return;
        }
        // a plainly released slot holds only names we know (parties mode: most likely know): one
        // transaction, sent before this handle waits, with no listing whose reply would send a
        // second write after the wait began (at N = 2 it queued in front of the release)
        List<Op> ops = new ArrayList<>();
        long old = s - 2;
        for (String m : markers) {
            ops.add(Op.delete(names.marker(old, m), -1));
        }
        for (long k = 1; k <= spec.parties; k++) {
            ops.add(Op.delete(names.arrivalPrefix(old) + String.format("%010d", 2 * k), -1));
        }
        ops.add(Op.delete(names.open(old), -1));
        ops.add(Op.delete(names.slot(old), -1));
        calls.multiAsync(ops, (rc, p, ctx, results) -> {
            if (rc == KeeperException.Code.CONNECTIONLOSS.intValue()
                    || rc == KeeperException.Code.SESSIONEXPIRED.intValue()
                    || rc == KeeperException.Code.OK.intValue()) {
                return;
            }
            if (spec.restricted()) {
                sweep(s); // broken, reset or already collected: list and delete what is there
            } else {
                deleteSlot(old); // other arrivals than the live handles: list that one slot
            }
        });
    }

    /** Lists the barrier node and deletes every slot older than s-1 with its children and break mark. */
    void sweep(long s) {
        calls.childrenAsync(names.path, (rc, p, ctx, kids) -> {
            if (rc != KeeperException.Code.OK.intValue()) {
                return;
            }
            for (String name : kids) {
                long old = names.slotOf(name);
                if (old >= 0 && old < s - 1) {
                    deleteSlot(old);
                }
            }
        });
    }

    private void deleteSlot(long old) {
        String node = names.slot(old);
        calls.childrenAsync(node, (rc, p, ctx, kids) -> {
            if (rc != KeeperException.Code.OK.intValue()) {
                return;
            }
            List<Op> ops = new ArrayList<>();
            for (String k : kids) {
                ops.add(Op.delete(node + "/" + k, -1));
            }
            ops.add(Op.delete(node, -1));
            calls.multiAsync(ops, (rc2, p2, ctx2, results) -> {
                if (rc2 == KeeperException.Code.OK.intValue()) {
                    if (!kids.contains("open")) {
                        calls.deleteAsync(names.breakMark(old)); // a broken slot's mark goes with it
                    }
                } else {
                    LOG.debug("garbage collection of {} deferred: {}", node, KeeperException.Code.get(rc2));
                }
            });
        });
    }
}
