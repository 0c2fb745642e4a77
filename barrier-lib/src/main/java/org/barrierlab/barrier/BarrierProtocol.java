package org.barrierlab.barrier;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
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
 * Retries and counting are in {@link ZkCalls}; slot state and creation in {@link SlotStore};
 * joining in {@link BarrierJoin}; deaths and break marks in {@link LivenessRing}; collection in
 * {@link SlotCollector}.
 */
final class BarrierProtocol implements AutoCloseable, LivenessRing.Owner {

    private static final Logger LOG = LoggerFactory.getLogger(BarrierProtocol.class);

    private enum Lifecycle {
        NEW,
        JOINED,
        CLOSED
    }

    private record Wait(long slot, WaitSignal signal) {}

    /** The result of an arrival attempt: counted as the k-th, or redirected to another slot. */
    private record Arrival(long k, long redirect) {}

    final BarrierSpec spec;
    private final String id;
    private final int parties;
    private final ZkCalls calls;
    private final SlotNames names;
    private final SlotStore slots;
    private final BarrierJoin joining;
    private final SlotCollector collector;
    private final SlotBreaker breaker;
    private final byte[] arrivalData;
    private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.NEW);
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicBoolean listening = new AtomicBoolean();
    private final ZkClientProvider.Listener stateListener = this::connectionStateChanged;
    private volatile LivenessRing ring;
    /** The slot this handle has arrived at (or is arriving at) in the running call; -1 if none. */
    private volatile long crossing = -1;

    /** Next slot to arrive at; -1 when unknown (locate it). */
    private volatile long slot = -1;
    /** The slot this handle saw broken, until somebody resets the barrier; -1 if none. */
    private volatile long brokenSlot = -1;
    /** Slot of the last crossing attempt. */
    private volatile long lastSlot = -1;

    private volatile Wait current;

    BarrierProtocol(BarrierSpec spec) {
        this.spec = spec;
        this.id = spec.participantId;
        this.parties = spec.parties;
        this.calls = new ZkCalls(spec.provider, id);
        this.names = new SlotNames(spec.path, spec.kind, spec.parties);
        this.slots = new SlotStore(calls, names, spec);
        this.joining = new BarrierJoin(calls, names, spec);
        this.collector = new SlotCollector(calls, names, spec);
        this.breaker = new SlotBreaker(calls, names, slots, spec);
        // tells this handle's arrivals from an earlier incarnation's (or a duplicate id's)
        this.arrivalData = (id + " " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    }

    String path() {
        return spec.path;
    }

    String participantId() {
        return id;
    }

    long generation() {
        long s = lastSlot >= 0 ? lastSlot : slot;
        return s < 0 ? 0 : names.generationOf(s);
    }

    boolean isBroken() {
        return brokenSlot >= 0;
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
        } catch (KeeperException.SessionExpiredException e) {
            long s = Math.max(0, lastSlot);
            long arrivedAt = crossing;
            sessionEnded();
            if (arrivedAt >= 0) {
                int index = breakAfterExpiry(arrivedAt);
                if (index >= 0) {
                    // released before the break could land: tripped anyway (CyclicBarrier's rule)
                    slot = arrivedAt + 1;
                    brokenSlot = -1;
                    emit(after, arrivedAt, index, "", 0);
                    return index;
                }
            }
            brokenSlot = s;
            emit(BarrierEvent.Kind.BROKEN, s, -1, id + " session expired", 0);
            throw new ZkBrokenBarrierException(spec.path, names.generationOf(s), id, "session expired").withCause(e);
        } finally {
            crossing = -1;
            busy.set(false);
        }
    }

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
            Deadline g = grace();
            SlotBreaker.Broke b = breakSlot(x, "session expired", g);
            if (b.result() == SlotBreaker.Result.MINE) {
                emit(BarrierEvent.Kind.BREAK, x, -1, "session expired", 0);
            } else if (b.result() == SlotBreaker.Result.VOID) {
                return releasedIndex(x, g);
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

    /** This handle's index in released slot x (from its own r- child), or -1 if it was not counted. */
    private int releasedIndex(long x, Deadline d) throws KeeperException, InterruptedException, TimeoutException {
        List<String> kids = calls.children(d, names.slot(x));
        for (String k : kids == null ? List.<String>of() : kids) {
            if (k.startsWith("r-") && Arrays.equals(calls.data(d, names.slot(x) + "/" + k, null), arrivalData)) {
                long ordinal = SlotNames.arrivalOrdinal(k);
                return ordinal <= parties ? (int) (parties - ordinal) : -1;
            }
        }
        return -1;
    }

    /** Connection states from the provider: only wake the waiting thread (watchers only signal). */
    private void connectionStateChanged(ZkConnectionState state) {
        Wait w = current;
        if (w == null) {
            return;
        }
        switch (state) {
            case LOST -> w.signal().expire();
            case RECONNECTED -> w.signal().recheck();
            default -> {
                // SUSPENDED: keep waiting within the deadline; CONNECTED: nothing to re-check
            }
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
            lastSlot = x;
            crossing = x;
            emit(before, x, -1, "", 0);
            Arrival a;
            try {
                a = arrive(x, phase, d);
            } catch (TimeoutException e) {
                // the arrival may or may not have committed: break the slot so nobody counts a ghost
                long s = x;
                ring.submit(() -> breakQuietly(s, "timeout"));
                brokenSlot = x;
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
            }
            if (k < parties) {
                awaitRelease(x, d, wake0);
            } else {
                collector.afterRelease(x);
            }
            slot = x + 1;
            brokenSlot = -1;
            int index = (int) (parties - k);
            emit(after, x, index, "", calls.wakeups() - wake0);
            return index;
        }
    }

    /** The slot to arrive at: the known next one, or located after a reset; throws while broken. */
    private long startSlot(int phase, Deadline d)
            throws KeeperException, InterruptedException, TimeoutException, ZkBrokenBarrierException {
        long b = brokenSlot;
        if (b >= 0) {
            SlotStore.State st = slots.state(d, b);
            if (st.phase() == SlotStore.Phase.BROKEN && !st.reset()) {
                throw broken(b, slots.breakage(d, b), 0); // a broken barrier stays broken until reset
            }
            brokenSlot = -1;
            slot = slots.locate(d, phase, b + 1);
        }
        if (slot < 0 || !names.hasPhase(slot, phase)) {
            slot = slots.locate(d, phase, Math.max(0, slot));
        }
        return slot;
    }

    /** Writes this handle's arrival at slot x; idempotent across lost replies (see the class comment). */
    private Arrival arrive(long x, int phase, Deadline d)
            throws KeeperException, InterruptedException, TimeoutException, ZkBrokenBarrierException {
        List<Op> ops = List.of(
                Op.check(names.open(x), -1),
                Op.create(names.marker(x, id), arrivalData, spec.acl, CreateMode.PERSISTENT),
                Op.create(names.arrivalPrefix(x), arrivalData, spec.acl, CreateMode.PERSISTENT_SEQUENTIAL));
        try {
            List<OpResult> r = calls.multi(d, ops);
            return new Arrival(SlotNames.arrivalOrdinal(((OpResult.CreateResult) r.get(2)).getPath()), -1);
        } catch (KeeperException e) {
            int op = ZkCalls.failedOp(e);
            if (op == 1 && e.code() == KeeperException.Code.NODEEXISTS) {
                return earlierArrival(x, d);
            }
            if (op == 0 && e.code() == KeeperException.Code.NONODE) {
                return new Arrival(-1, redirect(x, phase, d));
            }
            throw e;
        }
    }

    /** Our marker exists already: our own arrival whose reply was lost, or a second one with our id. */
    private Arrival earlierArrival(long x, Deadline d)
            throws KeeperException, InterruptedException, TimeoutException, ZkBrokenBarrierException {
        byte[] marker = calls.data(d, names.marker(x, id), null);
        if (marker != null && Arrays.equals(marker, arrivalData)) {
            List<String> kids = calls.children(d, names.slot(x));
            for (String k : kids == null ? List.<String>of() : kids) {
                if (k.startsWith("r-") && Arrays.equals(calls.data(d, names.slot(x) + "/" + k, null), arrivalData)) {
                    return new Arrival(SlotNames.arrivalOrdinal(k), -1);
                }
            }
        }
        String reason = "participant id " + id + " arrived twice at generation " + names.generationOf(x)
                + " (a second handle or an earlier incarnation with this id)";
        SlotBreaker.Broke b = breakSlot(x, reason, d);
        throw broken(x, b.result() == SlotBreaker.Result.OTHER ? b.other() : new SlotStore.Breakage(id, reason), 0);
    }

    /** The arrival found slot x closed: where to go instead (or throw if x is broken for us). */
    private long redirect(long x, int phase, Deadline d)
            throws KeeperException, InterruptedException, TimeoutException, ZkBrokenBarrierException {
        // the highest created slot is read first: creation bumps it atomically with the slot node,
        // so "missing although created" then really means deleted (read the other way round, a
        // creation between the two reads would look like a deletion)
        long highest = slots.highest(d);
        SlotStore.State st = slots.state(d, x);
        switch (st.phase()) {
            case MISSING -> {
                if (highest < x) {
                    slots.ensureCreated(d, x);
                    return x;
                }
                if (!spec.restricted()) {
                    return slots.locate(d, phase, x); // parties mode: a straggler joins the current crossing
                }
                throw broken(
                        x,
                        new SlotStore.Breakage(
                                "",
                                "generation " + names.generationOf(x) + " of " + spec.path
                                        + " was deleted by someone outside the barrier"),
                        0);
            }
            case RELEASED -> {
                return names.nextOfSameKind(x); // full before we came: surplus
            }
            case BROKEN -> {
                if (phase == 1 && spec.kind == BarrierSpec.Kind.DOUBLE) {
                    SlotStore.Breakage b = slots.breakage(d, x);
                    if (b.reason().equals("reset")) {
                        b = new SlotStore.Breakage(
                                "", "round " + names.generationOf(x) + " was reset while " + id + " was inside");
                    }
                    throw broken(x, b, 0);
                }
                if (st.reset()) {
                    return slots.locate(d, phase, x + 1);
                }
                throw broken(x, slots.breakage(d, x), 0);
            }
            default -> {
                return x;
            }
        }
    }

    // ------------------------------------------------------------------ waiting

    /** Waits until slot x is released; throws if it breaks, on timeout or interrupt (see giveUp). */
    private void awaitRelease(long x, Deadline d, long wake0)
            throws KeeperException, InterruptedException, TimeoutException, ZkBrokenBarrierException {
        String target = names.release(x);
        WaitSignal signal = new WaitSignal(calls);
        current = new Wait(x, signal);
        org.apache.zookeeper.ZooKeeper session = calls.watching(target);
        boolean passed = false;
        try {
            for (int turn = 0; ; turn++) {
                if (turn > 0) {
                    d.check("timed out waiting at " + names.slot(x) + " for " + parties + " parties");
                }
                signal.lost = false;
                if (calls.existsWatch(d, target, signal) != null) {
                    passed = true;
                    return; // released before we could wait (the finally block clears the watch)
                }
                if (block(x, d, signal, wake0)) {
                    passed = true;
                    return;
                }
            }
        } catch (TimeoutException | InterruptedException e) {
            giveUp(x, e, wake0);
        } finally {
            current = null;
            if (signal.fired) {
                calls.unwatchFired(session, target);
            } else if (passed) {
                calls.unwatch(
                        session, target, signal); // the watch exists set on the present node: gone before we return
            } else {
                calls.unwatchAsync(session, target, signal); // a failed wait returns one round trip sooner
            }
        }
    }

    /** Blocks until the release (true), a lost watch (false: re-arm), or throws. */
    private boolean block(long x, Deadline d, WaitSignal signal, long wake0)
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
                throw brokenWhileWaiting(x, wake0);
            }
            d.check("timed out waiting at " + names.slot(x) + " for " + parties + " parties");
            if (d.acquire(signal.semaphore, watchdog)) {
                calls.countWakeup();
            } else if (d.expired()) {
                throw new TimeoutException("timed out waiting at " + names.slot(x) + " for " + parties + " parties");
            } else {
                // a long quiet wait: check once that what we wait on still exists and is ours
                Deadline g = grace();
                if (calls.exists(g, names.release(x)) != null) {
                    return true; // released (a notification we have not seen yet)
                }
                String problem = watchdog(x, g);
                if (problem != null) {
                    throw broken(x, new SlotStore.Breakage("", problem), wake0);
                }
            }
        }
    }

    private String watchdog(long x, Deadline g) throws KeeperException, InterruptedException, TimeoutException {
        if (calls.exists(g, names.slot(x)) == null) {
            return "generation " + names.generationOf(x) + " of " + spec.path + " no longer exists: it was"
                    + " garbage-collected (this handle fell more than a generation behind) or deleted";
        }
        return joining.problem(g);
    }

    /** The ring saw a break mark for x (or a problem): confirm, and report who broke it. */
    private ZkBrokenBarrierException brokenWhileWaiting(long x, long wake0)
            throws KeeperException, InterruptedException, TimeoutException {
        String problem = ring.problem();
        if (problem != null) {
            return broken(x, new SlotStore.Breakage("", problem), wake0);
        }
        return broken(x, slots.breakage(grace(), x), wake0);
    }

    /**
     * A timeout or interrupt while waiting: break the slot (CyclicBarrier's rule), unless the
     * N-th arrival came first, in which case the call succeeds after all.
     */
    private void giveUp(long x, Exception e, long wake0)
            throws KeeperException, InterruptedException, TimeoutException, ZkBrokenBarrierException {
        boolean interrupted = e instanceof InterruptedException;
        Thread.interrupted(); // ZooKeeper's synchronous calls fail on an interrupted thread
        String reason = interrupted ? "interrupted" : "timeout";
        SlotBreaker.Broke b = breakSlot(x, reason, grace());
        switch (b.result()) {
            case VOID -> {
                if (interrupted) {
                    Thread.currentThread().interrupt(); // like CyclicBarrier: tripped anyway; keep the status
                }
                return;
            }
            case OTHER -> throw broken(x, b.other(), wake0);
            case UNKNOWN -> ring.submit(() -> breakQuietly(x, reason));
            default -> emit(BarrierEvent.Kind.BREAK, x, -1, reason, calls.wakeups() - wake0);
        }
        brokenSlot = x;
        slot = x;
        if (interrupted) {
            throw (InterruptedException) e;
        }
        throw (TimeoutException) e;
    }

    // ------------------------------------------------------------------ breaking

    private SlotBreaker.Broke breakSlot(long x, String reason, Deadline d)
            throws KeeperException, InterruptedException {
        return breaker.breakSlot(x, reason, d);
    }

    /** Background break (ring thread): after a lost connection, or a death seen by the ring. */
    private void breakQuietly(long x, String reason) {
        try {
            if (breakSlot(x, reason, Deadline.none()).result() == SlotBreaker.Result.MINE) {
                emit(BarrierEvent.Kind.BREAK, x, -1, reason, 0);
            }
        } catch (KeeperException e) {
            LOG.warn("{}: could not break {} ({}): {}", id, names.slot(x), reason, e.code());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Breaks the undecided slots after a death or a leave. Only the current generation (the lowest
     * slot neither released nor reset) gets a {@code BREAK} event, and only if this handle's break
     * decided it: slots created ahead are broken silently (nobody has arrived there; breaking them
     * only stops later arrivals), and a current slot somebody else broke first was reported by
     * them. Several survivors' rings run this at once, so one of them may find the current slot
     * already broken: its events must not name the next slot instead.
     */
    @Override
    public void breakUndecided(String reason, boolean onlyIfWaiting) {
        try {
            boolean current = true;
            for (long y : slots.existing(Deadline.none())) {
                SlotStore.State st = slots.state(Deadline.none(), y);
                boolean undecided = st.phase() == SlotStore.Phase.OPEN;
                if (!undecided && !(st.phase() == SlotStore.Phase.BROKEN && !st.reset())) {
                    continue; // released, reset or gone: not the current generation
                }
                if (undecided && (st.waiting() || !onlyIfWaiting)) {
                    if (current) {
                        breakQuietly(y, reason);
                    } else {
                        breaker.breakSlot(y, reason, Deadline.none());
                    }
                }
                current = false;
            }
        } catch (KeeperException | TimeoutException e) {
            LOG.warn("{}: could not break {} after '{}': {}", id, spec.path, reason, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("{}: listener failed on BREAK", id, e);
        }
    }

    @Override
    public void ringChanged() {
        Wait w = current;
        LivenessRing r = ring;
        if (w != null && r != null && (r.brokenSeen(w.slot()) || r.problem() != null)) {
            w.signal().poke();
        }
    }

    // ------------------------------------------------------------------ reset, destroy, close

    /**
     * Breaks the slots somebody waits at (and, for a double barrier, every open leave phase: who
     * is inside gets broken from {@code leave()}), marks every broken slot reset, and points this
     * handle at a fresh slot: the lowest open, empty enter slot above them, or a new one.
     */
    void reset() throws KeeperException, InterruptedException {
        acquire();
        try {
            Deadline d = Deadline.none();
            if (calls.sessionSwitched()) {
                sessionEnded();
            }
            join(d);
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
                        && breakSlot(y, "reset", d).result() == SlotBreaker.Result.VOID) {
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
            slot = fresh;
            lastSlot = fresh;
            brokenSlot = -1;
            emit(BarrierEvent.Kind.RESET, fresh, -1, "", 0);
        } catch (KeeperException.SessionExpiredException e) {
            sessionEnded(); // the next call re-joins on the provider's next session
            throw e;
        } catch (TimeoutException | ZkBrokenBarrierException e) {
            throw new IllegalStateException("reset of " + spec.path + " failed: " + e.getMessage(), e);
        } finally {
            busy.set(false);
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

    /** A grace period for cleanup after the caller's own deadline: one session timeout. */
    private Deadline grace() {
        return Deadline.in(calls.sessionTimeoutMs(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private ZkBrokenBarrierException broken(long x, SlotStore.Breakage b, long wake0) {
        brokenSlot = x;
        slot = x;
        emit(
                BarrierEvent.Kind.BROKEN,
                x,
                -1,
                (b.by().isEmpty() ? "" : b.by() + " ") + b.reason(),
                wake0 == 0 ? 0 : calls.wakeups() - wake0);
        return new ZkBrokenBarrierException(spec.path, names.generationOf(x), b.by(), b.reason());
    }

    private void emit(BarrierEvent.Kind kind, long s, int index, String reason, long wakeups) {
        spec.listener.onEvent(
                new BarrierEvent(kind, spec.path, names.generationOf(Math.max(0, s)), index, id, reason, wakeups));
    }
}
