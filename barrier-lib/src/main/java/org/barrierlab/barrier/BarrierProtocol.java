package org.barrierlab.barrier;

import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZKUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The barrier protocol behind {@link ZkBarrier} and {@link ZkDoubleBarrier}: a sequence of
 * <em>slots</em>, each one crossing. The argument is in {@code docs/barrier-design.md}; in short:
 *
 * <ul>
 *   <li><b>arrive</b> at slot s: one transaction {@code check(open), create(a-<id>), create(r-,
 *       sequential)}; the k-th arrival's child is {@code r-<2k>} (see {@link SlotNames});
 *   <li><b>release</b>: the N-th arrival's own transaction creates {@code r-<2N>}; nothing else;
 *   <li><b>wait</b>: one exists-watch on {@code r-<2N>}, one notification, no read;
 *   <li><b>break</b>: one transaction {@code create(b-, sequential), delete(open), create(!mark in
 *       live)}; it stops later arrivals, its probe's number tells whether the N-th arrival came
 *       first (then the break is void), and its mark reaches waiters through their ring watch.
 * </ul>
 *
 * This class is the handle's lifecycle and the order of a crossing; the parts are: the one call
 * layer {@link ZkCalls}; slot state and creation {@link SlotStore}; joining {@link BarrierJoin};
 * writing an arrival {@link SlotArrival}; waiting for the decision {@link ReleaseWait}; the
 * break transaction {@link SlotBreaker}; breaks on the ring's thread {@link RingBreaks}; deaths
 * and break marks {@link LivenessRing}; reset {@link BarrierReset}; collection {@link
 * SlotCollector}; where the handle stands {@link HandleState}.
 */
final class BarrierProtocol implements AutoCloseable, LivenessRing.Owner {

    private static final Logger LOG = LoggerFactory.getLogger(BarrierProtocol.class);

    private enum Lifecycle {
        NEW,
        JOINED,
        CLOSED
    }

    final BarrierSpec spec;
    private final String id;
    private final int parties;
    private final ZkCalls calls;
    private final SlotNames names;
    private final SlotStore slots;
    private final BarrierJoin joining;
    private final SlotCollector collector;
    private final SlotBreaker breaker;
    private final HandleState state;
    private final SlotArrival arrival;
    private final RingBreaks ringBreaks;
    private final ReleaseWait waiting;
    private final BarrierReset resetting;
    private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.NEW);
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicBoolean listening = new AtomicBoolean();
    private final ZkClientProvider.Listener stateListener = this::connectionStateChanged;
    private volatile LivenessRing ring;

    BarrierProtocol(BarrierSpec spec) {
        this.spec = spec;
        this.id = spec.participantId;
        this.parties = spec.parties;
        this.calls = new ZkCalls(spec.provider, id);
        this.names = new SlotNames(spec.path, spec.kind, spec.parties);
        this.state = new HandleState(spec, names, calls);
        this.slots = new SlotStore(calls, names, spec, state);
        this.joining = new BarrierJoin(calls, names, spec);
        this.collector = new SlotCollector(calls, names, spec);
        this.breaker = new SlotBreaker(calls, names, slots, spec);
        this.arrival = new SlotArrival(calls, names, spec, slots, breaker, state);
        this.ringBreaks = new RingBreaks(names, spec, slots, breaker, state);
        this.waiting = new ReleaseWait(calls, names, spec, slots, breaker, joining, ringBreaks, state);
        this.resetting = new BarrierReset(calls, names, spec, slots, breaker);
    }

    String path() {
        return spec.path;
    }

    String participantId() {
        return id;
    }

    long generation() {
        return state.generation();
    }

    boolean isBroken() {
        return state.isBroken();
    }

    boolean isClosed() {
        return lifecycle.get() == Lifecycle.CLOSED;
    }

    BarrierStats stats() {
        return calls.stats();
    }

    // ------------------------------------------------------------------ crossing

    /**
     * One crossing of the given phase (0 = await/enter, 1 = leave): arrive at the current slot,
     * wait for its decision and return the arrival index.
     */
    int cross(int phase, Deadline d, BarrierEvent.Kind before, BarrierEvent.Kind after)
            throws InterruptedException, KeeperException, ZkBrokenBarrierException, TimeoutException {
        acquire();
        try {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted before arriving at " + spec.path);
            }
            if (calls.sessionSwitched()) {
                sessionEnded(); // the provider replaced our session while the handle was idle
            }
            join(d);
            return crossJoined(phase, d, before, after);
        } catch (ZkBrokenBarrierException e) {
            state.reportUnreported(e); // e.g. gen deleted: the listener hears every broken call
            throw e;
        } catch (KeeperException.SessionExpiredException e) {
            long s = Math.max(0, state.lastSlot);
            long arrivedAt = state.crossing;
            sessionEnded();
            if (arrivedAt >= 0) {
                int index = breakAfterExpiry(arrivedAt);
                if (index >= 0) {
                    // released before the break could land: tripped anyway (CyclicBarrier's rule)
                    state.passed(arrivedAt);
                    state.emit(after, arrivedAt, index, "", 0);
                    return index;
                }
            }
            state.brokenSlot = s;
            state.emit(BarrierEvent.Kind.BROKEN, s, -1, id + " session expired", 0);
            throw new ZkBrokenBarrierException(spec.path, names.generationOf(s), id, "session expired").withCause(e);
        } finally {
            state.crossing = -1;
            release();
        }
    }

    private int crossJoined(int phase, Deadline d, BarrierEvent.Kind before, BarrierEvent.Kind after)
            throws InterruptedException, KeeperException, ZkBrokenBarrierException, TimeoutException {
        long wake0 = calls.wakeups();
        long x = startSlot(phase, d);
        for (int turn = 0; ; turn++) {
            if (turn > 0) {
                // carried past a full slot or refused by a closed one: nothing of ours counts
                // anywhere, so the deadline ends the call without breaking anything
                d.check("timed out arriving at " + spec.path + " (carried past " + turn + " slots)");
            }
            state.lastSlot = x;
            state.crossing = x;
            state.emit(before, x, -1, "", 0);
            SlotArrival.Arrival a;
            try {
                a = arrival.arrive(x, phase, d);
            } catch (TimeoutException e) {
                // the arrival may or may not have committed: break the slot so nobody counts a ghost
                long s = x;
                ring.submit(() -> ringBreaks.breakQuietly(s, "timeout"));
                state.brokenSlot = x;
                throw e;
            }
            if (a.redirect() >= 0) {
                x = a.redirect();
                continue;
            }
            long k = a.k();
            if (k > parties) {
                x = names.nextOfSameKind(x); // surplus: the slot was full; the next crossing of this kind
                continue;
            }
            if (k == 1) {
                slots.precreateAsync(x);
                if (state.hasPassed(x - 1)) {
                    // x-1 released: collect x-3 now, while nobody waits for a release, rather than
                    // right after a release, when the server is notifying every waiter
                    collector.afterRelease(x - 1, ring.liveIds());
                }
            }
            if (k < parties) {
                waiting.awaitRelease(x, d, wake0, ring);
            }
            state.passed(x);
            int index = (int) (parties - k);
            state.emit(after, x, index, "", calls.wakeups() - wake0);
            return index;
        }
    }

    /** The slot to arrive at: the known next one, or located after a reset; throws while broken. */
    private long startSlot(int phase, Deadline d)
            throws KeeperException, InterruptedException, TimeoutException, ZkBrokenBarrierException {
        long b = state.brokenSlot;
        if (b >= 0) {
            SlotStore.State st = slots.state(d, b);
            if (st.phase() == SlotStore.Phase.BROKEN && !st.reset()) {
                throw state.broken(b, slots.breakage(d, b), 0); // a broken barrier stays broken until reset
            }
            state.brokenSlot = -1;
            state.slot = slots.locate(d, phase, b + 1);
        }
        long s = state.slot;
        if (s < 0 || !names.hasPhase(s, phase)) {
            s = slots.locate(d, phase, Math.max(0, s));
            state.slot = s;
        }
        return s;
    }

    // ------------------------------------------------------------------ sessions

    /**
     * The session this handle joined with is over: forget it, stop the ring (its watches died with
     * the session) and join again on the next call, on the provider's next session, like a
     * restarted member. The old liveness node is gone with the session (or the join waits for it).
     */
    private void sessionEnded() {
        calls.unbind();
        if (lifecycle.compareAndSet(Lifecycle.JOINED, Lifecycle.NEW)) {
            LivenessRing r = ring;
            ring = null;
            if (r != null) {
                r.close();
            }
        }
    }

    /**
     * Breaks the slot this handle had arrived at when its session ended, from the next session
     * (all-or-none: its arrival may still count there), within one session timeout. With a fixed
     * session there is no next one; the survivors' rings break the slot when they see the death.
     *
     * @return this handle's arrival index if the slot had been released first (the break is
     *     void and the wait succeeded after all), else -1
     */
    private int breakAfterExpiry(long x) {
        try {
            Deadline g = calls.grace();
            SlotBreaker.Broke b = breaker.breakSlot(x, "session expired", g);
            if (b.result() == SlotBreaker.Result.MINE) {
                state.emit(BarrierEvent.Kind.BREAK, x, -1, "session expired", 0);
            } else if (b.result() == SlotBreaker.Result.VOID) {
                return arrival.releasedIndex(x, g);
            }
        } catch (KeeperException e) {
            LOG.debug("{}: could not break {} after the session expired: {}", id, names.slot(x), e.code());
        } catch (TimeoutException e) {
            LOG.debug("{}: could not read {} after the session expired: {}", id, names.slot(x), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }

    /** Connection states from the provider: only wake the waiting thread (watchers only signal). */
    private void connectionStateChanged(ZkConnectionState s) {
        waiting.connectionStateChanged(s);
    }

    // ------------------------------------------------------------------ the ring's requests

    @Override
    public void breakUndecided(String reason, boolean onlyIfWaiting) {
        ringBreaks.breakUndecided(reason, onlyIfWaiting);
    }

    @Override
    public void ringChanged() {
        waiting.ringChanged(ring);
    }

    // ------------------------------------------------------------------ reset, destroy, close

    /** See {@link BarrierReset}; this handle continues at the fresh slot. */
    void reset() throws KeeperException, InterruptedException {
        acquire();
        try {
            Deadline d = Deadline.none();
            if (calls.sessionSwitched()) {
                sessionEnded();
            }
            join(d);
            long fresh = resetting.reset(d);
            state.slot = fresh;
            state.lastSlot = fresh;
            state.brokenSlot = -1;
            state.emit(BarrierEvent.Kind.RESET, fresh, -1, "", 0);
        } catch (KeeperException.SessionExpiredException e) {
            sessionEnded(); // the next call re-joins on the provider's next session
            throw e;
        } catch (TimeoutException | ZkBrokenBarrierException e) {
            throw new IllegalStateException("reset of " + spec.path + " failed: " + e.getMessage(), e);
        } finally {
            release();
        }
    }

    void destroy() throws KeeperException, InterruptedException {
        close();
        for (int attempt = 1; ; attempt++) {
            try {
                calls.run(Deadline.none(), "deleting " + spec.path, () -> {
                    ZKUtil.deleteRecursive(calls.zk(), spec.path);
                    return null;
                });
                return;
            } catch (KeeperException.NoNodeException | KeeperException.NotEmptyException e) {
                // a node vanished or appeared under the listing (collection, a late member): again
                if (attempt >= 10) {
                    throw e;
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("unreachable: untimed", e);
            }
        }
    }

    @Override
    public void close() {
        Lifecycle was = lifecycle.getAndSet(Lifecycle.CLOSED);
        if (was == Lifecycle.CLOSED) {
            return;
        }
        if (listening.get()) {
            spec.provider.removeListener(stateListener);
        }
        LivenessRing r = ring;
        if (r != null) {
            r.close();
        }
        if (was == Lifecycle.JOINED && calls.session().getState().isAlive()) {
            // a graceful leave: the tombstone replaces the liveness node in one transaction, so the
            // ring can tell "left" from "died"
            String live = names.live + "/" + id;
            calls.multiAsync(
                    List.of(
                            Op.create(names.live + "/~" + id, new byte[0], spec.acl, CreateMode.PERSISTENT),
                            Op.delete(live, -1)),
                    (rc, p, ctx, results) -> {
                        if (rc == KeeperException.Code.NODEEXISTS.intValue()) {
                            calls.deleteAsync(live);
                        }
                    });
        }
    }

    // ------------------------------------------------------------------ helpers

    private void acquire() {
        if (lifecycle.get() == Lifecycle.CLOSED) {
            throw new IllegalStateException("barrier handle " + id + " on " + spec.path + " is closed");
        }
        if (!busy.compareAndSet(false, true)) {
            throw new IllegalStateException("barrier handle " + id + " on " + spec.path
                    + " is single-owner: another thread is already waiting on it; use one handle per thread");
        }
        calls.enterCall();
    }

    private void release() {
        calls.exitCall();
        busy.set(false);
    }

    /** Joins once (the caller holds {@link #busy}, so no lock is needed around the ZooKeeper calls). */
    private void join(Deadline d) throws KeeperException, InterruptedException, TimeoutException {
        if (lifecycle.get() != Lifecycle.NEW) {
            return;
        }
        if (listening.compareAndSet(false, true)) {
            spec.provider.addListener(stateListener);
        }
        if (spec.auth != null && !(spec.provider instanceof FixedSessionProvider)) {
            // a provider's new session lacks the credentials (a fixed session got them at build)
            calls.run(d, "authenticating", () -> {
                calls.zk().addAuthInfo("digest", spec.auth);
                return null;
            });
        }
        joining.join(d);
        LivenessRing r = new LivenessRing(calls, names, spec, this);
        ring = r;
        try {
            r.start(d);
        } catch (KeeperException | InterruptedException | TimeoutException | RuntimeException e) {
            ring = null;
            r.close();
            throw e;
        }
        if (!lifecycle.compareAndSet(Lifecycle.NEW, Lifecycle.JOINED)) {
            r.close();
        }
    }
}
