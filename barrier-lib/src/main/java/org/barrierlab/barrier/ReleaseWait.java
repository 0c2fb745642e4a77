package org.barrierlab.barrier;

import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/**
 * Waiting for a slot's decision: one exists-watch on the N-th arrival's child {@code r-<2N>},
 * one notification, no read. The waiting thread lies dormant until the watch fires (released),
 * the liveness ring sees the slot's break mark or a problem with the barrier (broken), the
 * session ends, the provider reports a reconnection (re-arm), the deadline passes or the thread
 * is interrupted (give up: break the slot unless the release came first), or a session timeout
 * of quiet waiting passes (the watchdog re-checks that what it waits on still exists).
 */
final class ReleaseWait {

    private record Wait(long slot, WaitSignal signal) {}

    private final ZkCalls calls;
    private final SlotNames names;
    private final BarrierSpec spec;
    private final SlotStore slots;
    private final SlotBreaker breaker;
    private final BarrierJoin joining;
    private final RingBreaks ringBreaks;
    private final HandleState state;
    private final int parties;
    private volatile Wait current;

    ReleaseWait(
            ZkCalls calls,
            SlotNames names,
            BarrierSpec spec,
            SlotStore slots,
            SlotBreaker breaker,
            BarrierJoin joining,
            RingBreaks ringBreaks,
            HandleState state) {
        this.calls = calls;
        this.names = names;
        this.spec = spec;
        this.slots = slots;
        this.breaker = breaker;
        this.joining = joining;
        this.ringBreaks = ringBreaks;
        this.state = state;
        this.parties = spec.parties;
    }

    /**
     * Waits until slot x is released; throws if it breaks, on timeout or interrupt (see {@link
     * #giveUp}). Every turn (a re-armed watch) checks the deadline.
     */
    void awaitRelease(long x, Deadline d, long wake0, LivenessRing ring)
            throws KeeperException, InterruptedException, TimeoutException, ZkBrokenBarrierException {
        String target = names.release(x);
        WaitSignal signal = new WaitSignal(calls);
        current = new Wait(x, signal);
        ZooKeeper session = calls.watching(target);
        boolean passed = false;
        try {
            for (int turn = 0; ; turn++) {
                if (turn > 0) {
                    d.check(timedOut(x));
                }
                signal.lost = false;
                if (calls.existsWatch(d, target, signal) != null) {
                    passed = true;
                    return; // released before we could wait (the finally block clears the watch)
                }
                if (block(x, d, signal, wake0, ring)) {
                    passed = true;
                    return;
                }
            }
        } catch (TimeoutException | InterruptedException e) {
            giveUp(x, e, wake0, ring);
        } finally {
            current = null;
            if (signal.fired) {
                calls.unwatchFired(session, target);
            } else if (passed) {
                // the watch exists set on the present node: gone before we return
                calls.unwatch(session, target, signal);
            } else {
                calls.unwatchAsync(session, target, signal); // a failed wait returns one round trip sooner
            }
        }
    }

    /** Connection states from the provider: only wake the waiting thread (watchers only signal). */
    void connectionStateChanged(ZkConnectionState s) {
        Wait w = current;
        if (w == null) {
            return;
        }
        switch (s) {
            case LOST -> w.signal().expire();
            case RECONNECTED -> w.signal().recheck();
            default -> {
                // SUSPENDED: keep waiting within the deadline; CONNECTED: nothing to re-check
            }
        }
    }

    /** The ring learnt something: wake the waiter if it concerns the slot it waits at. */
    void ringChanged(LivenessRing ring) {
        Wait w = current;
        if (w != null && ring != null && (ring.brokenSeen(w.slot()) || ring.problem() != null)) {
            w.signal().poke();
        }
    }

    /** Blocks until the release (true), a lost watch (false: re-arm), or throws. */
    private boolean block(long x, Deadline d, WaitSignal signal, long wake0, LivenessRing ring)
            throws KeeperException, InterruptedException, TimeoutException, ZkBrokenBarrierException {
        long watchdog = calls.sessionTimeoutMs() * 1_000_000L;
        while (true) {
            if (signal.fired) {
                return true;
            }
            if (signal.terminal) {
                throw new KeeperException.SessionExpiredException();
            }
            if (signal.lost) {
                return false;
            }
            if (ring.brokenSeen(x) || ring.problem() != null) {
                throw brokenWhileWaiting(x, wake0, ring);
            }
            d.check(timedOut(x));
            if (d.acquire(signal.semaphore, watchdog)) {
                calls.countWakeup();
            } else if (d.expired()) {
                throw new TimeoutException(timedOut(x));
            } else {
                // a long quiet wait: check once that what we wait on still exists and is ours
                Deadline g = calls.grace();
                if (calls.exists(g, names.release(x)) != null) {
                    return true; // released (a notification we have not seen yet)
                }
                String problem = watchdog(x, g);
                if (problem != null) {
                    throw state.broken(x, new SlotStore.Breakage("", problem), wake0);
                }
            }
        }
    }

    private String timedOut(long x) {
        return "timed out waiting at " + names.slot(x) + " for " + parties + " parties";
    }

    private String watchdog(long x, Deadline g) throws KeeperException, InterruptedException, TimeoutException {
        if (calls.exists(g, names.slot(x)) == null) {
            return "generation " + names.generationOf(x) + " of " + spec.path + " no longer exists: it was"
                    + " garbage-collected (this handle fell more than a generation behind) or deleted";
        }
        return joining.problem(g);
    }

    /** The ring saw a break mark for x (or a problem): confirm, and report who broke it. */
    private ZkBrokenBarrierException brokenWhileWaiting(long x, long wake0, LivenessRing ring)
            throws KeeperException, InterruptedException, TimeoutException {
        String problem = ring.problem();
        if (problem != null) {
            return state.broken(x, new SlotStore.Breakage("", problem), wake0);
        }
        return state.broken(x, slots.breakage(calls.grace(), x), wake0);
    }

    /**
     * A timeout or interrupt while waiting: break the slot (CyclicBarrier's rule), unless the
     * N-th arrival came first, in which case the call succeeds after all.
     */
    private void giveUp(long x, Exception e, long wake0, LivenessRing ring)
            throws KeeperException, InterruptedException, TimeoutException, ZkBrokenBarrierException {
        boolean interrupted = e instanceof InterruptedException;
        Thread.interrupted(); // ZooKeeper's synchronous calls fail on an interrupted thread
        String reason = interrupted ? "interrupted" : "timeout";
        SlotBreaker.Broke b = breaker.breakSlot(x, reason, calls.grace());
        switch (b.result()) {
            case VOID -> {
                if (interrupted) {
                    Thread.currentThread().interrupt(); // like CyclicBarrier: tripped anyway; keep the status
                }
                return;
            }
            case OTHER -> throw state.broken(x, b.other(), wake0);
            case UNKNOWN -> ring.submit(() -> ringBreaks.breakQuietly(x, reason));
            default -> state.emit(BarrierEvent.Kind.BREAK, x, -1, reason, calls.wakeups() - wake0);
        }
        state.brokenSlot = x;
        state.slot = x;
        if (interrupted) {
            throw (InterruptedException) e;
        }
        throw (TimeoutException) e;
    }
}
