package org.barrierlab.barrier;

import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;

/**
 * The slot walk of {@code reset()}: breaks the slots somebody waits at (and, for a double barrier,
 * every open leave phase: who is inside gets broken from {@code leave()}), marks every broken slot
 * reset, and finds the fresh slot to continue at: the lowest open, empty enter slot above them, or
 * a new one. A series of requests, not one transaction; concurrent resets are harmless (each step
 * is idempotent).
 */
final class BarrierReset {

    private final ZkCalls calls;
    private final SlotNames names;
    private final BarrierSpec spec;
    private final SlotStore slots;
    private final SlotBreaker breaker;

    BarrierReset(ZkCalls calls, SlotNames names, BarrierSpec spec, SlotStore slots, SlotBreaker breaker) {
        this.calls = calls;
        this.names = names;
        this.spec = spec;
        this.slots = slots;
        this.breaker = breaker;
    }

    /** Resets the barrier; returns the fresh slot. */
    long reset(Deadline d) throws KeeperException, InterruptedException, TimeoutException, ZkBrokenBarrierException {
        long fresh = -1;
        for (long y : slots.existing(d)) {
            SlotStore.State st = slots.state(d, y);
            boolean leavePhase = !names.hasPhase(y, 0);
            if (st.phase() == SlotStore.Phase.OPEN && !st.waiting() && !leavePhase) {
                if (fresh < 0) {
                    fresh = y;
                }
                continue;
            }
            if (st.phase() == SlotStore.Phase.OPEN
                    && breaker.breakSlot(y, "reset", d).result() == SlotBreaker.Result.VOID) {
                continue;
            }
            if (st.phase() == SlotStore.Phase.OPEN || (st.phase() == SlotStore.Phase.BROKEN && !st.reset())) {
                fresh = -1; // the fresh slot must come after every slot this reset closes
                try {
                    calls.create(d, names.resetMark(y), new byte[0], spec.acl, CreateMode.PERSISTENT);
                } catch (KeeperException.NodeExistsException | KeeperException.NoNodeException e) {
                    // marked by a concurrent reset, or collected
                }
            }
        }
        if (fresh < 0) {
            fresh = slots.highest(d) + 1;
            while (!names.hasPhase(fresh, 0)) {
                fresh++;
            }
            slots.ensureCreated(d, fresh);
        }
        return fresh;
    }
}
