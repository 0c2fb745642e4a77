package org.barrierlab.barrier;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZKUtil;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@link ZkBarrier} and {@link ZkDoubleBarrier}: a sequence of <em>slots</em>,
 * each one crossing of a barrier. A simple barrier's generation g is slot g; a double barrier's
 * round r is slot 2r (enter) followed by slot 2r+1 (leave). The algorithm and its arguments are in
 * {@code docs/barrier-design.md}; the znodes in {@code docs/znode-layout.md}.
 *
 * <p>Invariant used throughout: the pointer node {@code <path>/gen} always has {@code
 * version == current slot}, because it is created with version 0 for slot 0 and every advance
 * of the slot is one {@code setData} per step, in the same transaction that creates the new slot
 * node. So {@code check(gen, s)} in a transaction proves "s is the current slot" without a read.
 */
final class BarrierCore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BarrierCore.class);

    static final String RELEASED = "released";
    static final String BROKEN = "broken";

    final BarrierSpec spec;
    private final ZooKeeper zk;
    private final String path;
    private final String genPath;
    private final String livePath;
    private final String myLive;
    private final String myTombstone;
    private final String id;

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong notifications = new AtomicLong();
    private final AtomicLong wakeups = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();

    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object joinLock = new Object();
    private volatile boolean joined;

    /** Next slot this handle will arrive at; -1 when unknown (read the pointer). */
    private volatile long slot = -1;
    /** Slot of the last crossing attempt (or the current slot when none yet). */
    private volatile long lastSlot = -1;
    /** The slot in {@link #slot} is known to be broken. */
    private volatile boolean broken;

    private volatile ExecutorService ring;
    private final Watcher ringWatcher;
    /** Last listing of the liveness directory, sorted; touched only by the ring thread. */
    private List<String> lastLive = List.of();

    BarrierCore(BarrierSpec spec) {
        this.spec = spec;
        this.zk = spec.zk;
        this.path = spec.path;
        this.genPath = path + "/gen";
        this.livePath = path + "/live";
        this.id = spec.participantId;
        this.myLive = livePath + "/" + id;
        this.myTombstone = livePath + "/~" + id;
        this.ringWatcher = event -> {
            if (event.getType() == Watcher.Event.EventType.NodeChildrenChanged) {
                notifications.incrementAndGet();
                submitRing(this::relist);
            }
        };
    }

    // ------------------------------------------------------------------ naming

    String slotName(long s) {
        if (spec.kind == BarrierSpec.Kind.SIMPLE) {
            return String.format("g-%010d", s);
        }
        return String.format("g-%010d-%s", s / 2, s % 2 == 0 ? "enter" : "leave");
    }

    /** The slot of a generation node name, or -1 if the name is not one. */
    long slotOf(String name) {
        try {
            if (spec.kind == BarrierSpec.Kind.SIMPLE) {
                return name.matches("g-\\d{10}") ? Long.parseLong(name.substring(2)) : -1;
            }
            if (name.matches("g-\\d{10}-(enter|leave)")) {
                return Long.parseLong(name.substring(2, 12)) * 2 + (name.endsWith("leave") ? 1 : 0);
            }
        } catch (NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    String slotNode(long s) {
        return path + "/" + slotName(s);
    }

    String outcomePath(long s) {
        return slotNode(s) + "/outcome";
    }

    String arrivalPath(long s, String member) {
        return slotNode(s) + "/a-" + member;
    }

    long generationOf(long s) {
        return spec.kind == BarrierSpec.Kind.SIMPLE ? s : s / 2;
    }

    // ------------------------------------------------------------------ accessors

    String path() {
        return path;
    }

    String participantId() {
        return id;
    }

    long generation() {
        long s = lastSlot >= 0 ? lastSlot : slot;
        return s < 0 ? 0 : generationOf(s);
    }

    boolean isBroken() {
        return broken;
    }

    boolean isClosed() {
        return closed.get();
    }

    BarrierStats stats() {
        return new BarrierStats(requests.get(), notifications.get(), wakeups.get(), bytesRead.get());
    }

    // ------------------------------------------------------------------ crossing

    /**
     * One crossing: arrive at the current slot (which must have the given phase parity for double
     * barriers: 0 = enter, 1 = leave), wait for its outcome and return the arrival index.
     */
    int cross(int phase, Deadline deadline, BarrierEvent.Kind before, BarrierEvent.Kind after)
            throws InterruptedException, KeeperException, ZkBrokenBarrierException, TimeoutException {
        if (closed.get()) {
            throw new IllegalStateException("barrier handle " + id + " on " + path + " is closed");
        }
        if (!busy.compareAndSet(false, true)) {
            throw new IllegalStateException("barrier handle " + id + " on " + path
                    + " is single-owner: another thread is already waiting on it; use one handle per thread");
        }
        try {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted before arriving at " + path);
            }
            join(deadline);
            return crossJoined(phase, deadline, before, after);
        } catch (KeeperException.SessionExpiredException e) {
            long s = lastSlot;
            broken = true;
            emit(BarrierEvent.Kind.BROKEN, s, -1, id + " session expired", 0);
            throw new ZkBrokenBarrierException(path, generationOf(Math.max(0, s)), id, "session expired").withCause(e);
        } finally {
            busy.set(false);
        }
    }

    private int crossJoined(int phase, Deadline deadline, BarrierEvent.Kind before, BarrierEvent.Kind after)
            throws InterruptedException, KeeperException, ZkBrokenBarrierException, TimeoutException {
        long wake0 = wakeups.get();
        long s = resolveSlot(phase, false);
        while (true) {
            lastSlot = s;
            emit(before, s, -1, "", 0);
            long count = arrive(s, deadline);
            if (count == STALE) {
                s = resolveSlot(phase, true);
                continue;
            }
            if (count > spec.parties && !spec.restricted()) {
                // Parties mode with more handles than parties: this arrival does not count for s. It
                // stays until s is decided (so a releaser's check of it cannot fail), then the
                // handle moves on to the next generation.
                Outcome o = awaitOutcome(s, deadline, wake0);
                if (!o.released) {
                    deleteOwnArrival(s);
                    throw brokenBy(s, o, wake0);
                }
                s = resolveSlot(phase, true);
                continue;
            }
            int index = (int) Math.max(0, spec.parties - count);
            Outcome o = null;
            if (count >= spec.parties && release(s)) {
                o = new Outcome(true, id, "", true);
            }
            if (o == null) {
                o = awaitOutcome(s, deadline, wake0);
            }
            if (!o.released) {
                throw brokenBy(s, o, wake0);
            }
            slot = s + 1;
            broken = false;
            emit(after, s, index, "", wakeups.get() - wake0);
            return index;
        }
    }

    private ZkBrokenBarrierException brokenBy(long s, Outcome o, long wake0) {
        broken = true;
        slot = s;
        emit(BarrierEvent.Kind.BROKEN, s, -1, (o.by.isEmpty() ? "" : o.by + " ") + o.reason, wakeups.get() - wake0);
        return new ZkBrokenBarrierException(path, generationOf(s), o.by, o.reason);
    }

    /** The slot to arrive at next; throws if the barrier is broken and not reset. */
    private long resolveSlot(int phase, boolean fresh)
            throws KeeperException, InterruptedException, ZkBrokenBarrierException {
        long s = slot;
        if (fresh || s < 0 || broken) {
            long p = readPointer();
            if (broken && p == s) {
                Outcome o = readOutcome(s);
                if (o != null && !o.released) {
                    emit(BarrierEvent.Kind.BROKEN, s, -1, (o.by.isEmpty() ? "" : o.by + " ") + o.reason, 0);
                    throw new ZkBrokenBarrierException(path, generationOf(s), o.by, o.reason);
                }
            }
            s = p;
            slot = p;
            broken = false;
        }
        if (spec.kind == BarrierSpec.Kind.DOUBLE && s % 2 != phase) {
            broken = true;
            lastSlot = s;
            String reason = phase == 1
                    ? "round " + generationOf(s - 1) + " was reset while " + id + " was inside"
                    : "round " + generationOf(s) + " is in its leave phase; " + id + " was not inside";
            emit(BarrierEvent.Kind.BROKEN, s, -1, reason, 0);
            throw new ZkBrokenBarrierException(path, generationOf(s), "", reason);
        }
        return s;
    }

    private static final long STALE = Long.MIN_VALUE;

    /**
     * Writes this handle's arrival at slot s: {@code multi(check(gen, s), create(a-<id>),
     * setData(g))}; returns the arrival count (the slot node's new data version), or STALE if s is
     * no longer the current slot. Idempotent across connection loss.
     */
    private long arrive(long s, Deadline deadline)
            throws KeeperException, InterruptedException, ZkBrokenBarrierException, TimeoutException {
        String a = arrivalPath(s, id);
        byte[] data = (id + " " + System.currentTimeMillis() + " " + generationOf(s)).getBytes(StandardCharsets.UTF_8);
        List<Op> ops = List.of(
                Op.check(genPath, (int) s),
                Op.create(a, data, spec.acl, CreateMode.EPHEMERAL),
                Op.setData(slotNode(s), id.getBytes(StandardCharsets.UTF_8), -1));
        boolean uncertain = false;
        while (true) {
            if (uncertain) {
                Stat st = exists(a, deadline, s);
                if (st != null) {
                    return ownArrivalCount(s, st, deadline);
                }
            }
            try {
                requests.incrementAndGet();
                List<OpResult> results = zk.multi(ops);
                return ((OpResult.SetDataResult) results.get(2)).getStat().getVersion();
            } catch (KeeperException.ConnectionLossException e) {
                LOG.info(
                        "{}: connection lost while writing its arrival at {}; checking before retrying",
                        id,
                        slotNode(s));
                uncertain = true;
                if (deadline.expired()) {
                    throw timeoutAfterArrival(s, "timed out writing the arrival at " + slotNode(s));
                }
            } catch (KeeperException.BadVersionException | KeeperException.NoNodeException e) {
                return STALE;
            } catch (KeeperException.NodeExistsException e) {
                Stat st = exists(a, deadline, s);
                if (st != null) {
                    return ownArrivalCount(s, st, deadline);
                }
            }
        }
    }

    private long ownArrivalCount(long s, Stat arrival, Deadline deadline)
            throws KeeperException, InterruptedException, ZkBrokenBarrierException, TimeoutException {
        if (arrival.getEphemeralOwner() != zk.getSessionId()) {
            String reason = "participant id " + id + " arrived twice (another session 0x"
                    + Long.toHexString(arrival.getEphemeralOwner()) + " holds its arrival)";
            createBroken(s, reason);
            Outcome o = readOutcome(s);
            throw brokenBy(s, o == null ? new Outcome(false, id, reason, true) : o, wakeups.get());
        }
        Stat g = exists(slotNode(s), deadline, s);
        return g == null ? STALE : g.getVersion();
    }

    private TimeoutException timeoutAfterArrival(long s, String message) {
        Outcome o = breakAndWithdraw(s, "timeout");
        if (o != null && o.mine) {
            emit(BarrierEvent.Kind.BREAK, s, -1, "timeout", 0);
        }
        broken = true;
        return new TimeoutException(message);
    }

    /**
     * The last arriver's release: one transaction that checks every arrival still exists, creates
     * the outcome "released", creates the next slot node and advances the pointer. Returns false
     * if someone else decided the slot (or an arrival vanished, in which case the liveness ring
     * breaks the slot).
     */
    private boolean release(long s) throws KeeperException, InterruptedException {
        for (int attempt = 0; attempt < 3; attempt++) {
            List<Op> ops = new ArrayList<>();
            if (spec.restricted()) {
                for (String m : spec.members) {
                    ops.add(Op.check(arrivalPath(s, m), -1));
                }
            } else {
                // parties mode: any `parties` arrival nodes present at the release prove that many
                // participants arrived; ours plus the first others by name
                List<String> kids = getChildren(slotNode(s));
                if (kids == null) {
                    return false;
                }
                List<String> arrivals = new ArrayList<>();
                for (String k : kids) {
                    if (k.startsWith("a-") && !k.equals("a-" + id)) {
                        arrivals.add(k);
                    }
                }
                if (arrivals.size() < spec.parties - 1) {
                    return false;
                }
                arrivals.sort(null);
                ops.add(Op.check(arrivalPath(s, id), -1));
                for (String k : arrivals.subList(0, spec.parties - 1)) {
                    ops.add(Op.check(slotNode(s) + "/" + k, -1));
                }
            }
            Boolean done = releaseTransaction(s, ops);
            if (done != null) {
                return done;
            }
            if (spec.restricted()) {
                return false;
            }
        }
        return false;
    }

    /** True: released by us; false: decided by someone else; null: an arrival vanished. */
    private Boolean releaseTransaction(long s, List<Op> ops) throws KeeperException, InterruptedException {
        ops.add(Op.create(
                outcomePath(s),
                (RELEASED + " " + id).getBytes(StandardCharsets.UTF_8),
                spec.acl,
                CreateMode.PERSISTENT));
        ops.add(Op.create(slotNode(s + 1), new byte[0], spec.acl, CreateMode.PERSISTENT));
        ops.add(Op.setData(genPath, Long.toString(s + 1).getBytes(StandardCharsets.UTF_8), (int) s));
        while (true) {
            try {
                requests.incrementAndGet();
                zk.multi(ops);
                collectGarbage(s);
                return true;
            } catch (KeeperException.ConnectionLossException e) {
                requests.incrementAndGet();
                try {
                    if (zk.exists(outcomePath(s), false) != null) {
                        return false; // decided (perhaps by our own lost-ack transaction): read it
                    }
                } catch (KeeperException.ConnectionLossException again) {
                    // retry the transaction
                }
            } catch (KeeperException.NoNodeException e) {
                LOG.debug("release of {} by {}: an arrival vanished", slotNode(s), id);
                return null;
            } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException e) {
                LOG.debug("release of {} not done by {}: {}", slotNode(s), id, e.code());
                return false;
            }
        }
    }

    /** Waits for slot s's outcome; on timeout or interrupt breaks the slot (or finds it released). */
    private Outcome awaitOutcome(long s, Deadline deadline, long wake0)
            throws InterruptedException, KeeperException, ZkBrokenBarrierException, TimeoutException {
        try {
            return waitForOutcome(s, deadline);
        } catch (TimeoutException | InterruptedException e) {
            boolean interrupted = e instanceof InterruptedException;
            Thread.interrupted(); // ZooKeeper's synchronous calls fail on an interrupted thread
            String reason = interrupted ? "interrupted" : "timeout";
            Outcome o = breakAndWithdraw(s, reason);
            if (o != null && o.released) {
                if (interrupted) {
                    Thread.currentThread().interrupt(); // like CyclicBarrier: tripped anyway, keep the status
                }
                return o;
            }
            if (o != null && !o.mine) {
                throw brokenBy(s, o, wake0);
            }
            broken = true;
            slot = s;
            emit(BarrierEvent.Kind.BREAK, s, -1, reason, wakeups.get() - wake0);
            throw e;
        }
    }

    private Outcome waitForOutcome(long s, Deadline deadline)
            throws InterruptedException, KeeperException, TimeoutException, ZkBrokenBarrierException {
        String op = outcomePath(s);
        Signal signal = new Signal(notifications);
        Stat st;
        while (true) {
            deadline.check("timed out waiting at " + slotNode(s));
            try {
                requests.incrementAndGet();
                st = zk.exists(op, signal);
                break;
            } catch (KeeperException.ConnectionLossException e) {
                // the client reconnects by itself; try again
            }
        }
        if (st != null) {
            // decided before we could wait: drop the data watch we just set on the existing node
            removeWatch(op, signal);
        } else {
            while (!signal.fired) {
                if (!deadline.acquire(signal.semaphore)) {
                    throw new TimeoutException(
                            "timed out waiting at " + slotNode(s) + " for " + spec.parties + " parties");
                }
                wakeups.incrementAndGet();
                if (!signal.fired && signal.terminal) {
                    throw new KeeperException.SessionExpiredException();
                }
            }
        }
        Outcome o = readOutcome(s);
        if (o == null) {
            return new Outcome(
                    false,
                    "",
                    "generation " + generationOf(s) + " was garbage-collected before " + id + " read its outcome",
                    false);
        }
        return o;
    }

    private void removeWatch(String p, Watcher w) {
        try {
            requests.incrementAndGet();
            zk.removeWatches(p, w, Watcher.WatcherType.Any, true);
        } catch (KeeperException.NoWatcherException e) {
            // already fired
        } catch (KeeperException e) {
            LOG.debug("removing watch on {} failed: {}", p, e.code());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads slot s's outcome; null if it does not exist. Retries connection loss. */
    private Outcome readOutcome(long s) throws KeeperException, InterruptedException {
        byte[] d = idempotent(() -> {
            try {
                return zk.getData(outcomePath(s), false, null);
            } catch (KeeperException.NoNodeException e) {
                return null;
            }
        });
        if (d == null) {
            return null;
        }
        bytesRead.addAndGet(d.length);
        return Outcome.parse(new String(d, StandardCharsets.UTF_8), id);
    }

    /**
     * After a timeout or interrupt: decide slot s as broken by us unless already decided, and
     * remove our arrival if the slot did not release. Returns the slot's outcome, or null if
     * ZooKeeper could not be reached within a session timeout (cleanup then continues in the
     * background).
     */
    private Outcome breakAndWithdraw(long s, String reason) {
        long limit = System.nanoTime() + zk.getSessionTimeout() * 1_000_000L;
        Outcome o = null;
        boolean done = false;
        try {
            while (!done && System.nanoTime() - limit < 0) {
                try {
                    if (createBroken(s, reason)) {
                        o = new Outcome(false, id, reason, true);
                    } else {
                        o = readOutcome(s);
                        if (o == null) {
                            o = new Outcome(false, "", "generation " + generationOf(s) + " is gone", false);
                        }
                    }
                    if (!o.released) {
                        deleteOwnArrival(s);
                    }
                    done = true;
                } catch (KeeperException.ConnectionLossException e) {
                    // retry within the limit
                } catch (KeeperException.SessionExpiredException e) {
                    return null; // our ephemerals are gone; the liveness ring of the others breaks the slot
                }
            }
        } catch (KeeperException e) {
            LOG.warn("{}: breaking {} failed: {}", id, slotNode(s), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!done) {
            submitRing(() -> breakAndWithdraw(s, reason));
        }
        return o;
    }

    /** Creates outcome=broken for slot s; true if this call decided it. */
    private boolean createBroken(long s, String reason) throws KeeperException, InterruptedException {
        try {
            requests.incrementAndGet();
            zk.create(
                    outcomePath(s),
                    (BROKEN + " " + id + " " + reason).getBytes(StandardCharsets.UTF_8),
                    spec.acl,
                    CreateMode.PERSISTENT);
            LOG.info("{} broke {}: {}", id, slotNode(s), reason);
            return true;
        } catch (KeeperException.NodeExistsException | KeeperException.NoNodeException e) {
            return false;
        }
    }

    private void deleteOwnArrival(long s) throws KeeperException, InterruptedException {
        idempotent(() -> {
            try {
                zk.delete(arrivalPath(s, id), -1);
            } catch (KeeperException.NoNodeException e) {
                // already gone (a retry after a lost reply, or garbage collection)
            }
            return null;
        });
    }

    // ------------------------------------------------------------------ reset / destroy

    void reset() throws KeeperException, InterruptedException {
        if (closed.get()) {
            throw new IllegalStateException("barrier handle " + id + " on " + path + " is closed");
        }
        try {
            join(Deadline.none());
        } catch (TimeoutException e) {
            throw new IllegalStateException("unreachable: untimed join timed out", e);
        }
        long x = readPointer();
        while (true) {
            try {
                createBroken(x, "reset");
                long y = spec.kind == BarrierSpec.Kind.DOUBLE ? (x % 2 == 0 ? x + 2 : x + 1) : x + 1;
                List<Op> ops = new ArrayList<>();
                ops.add(Op.create(slotNode(y), new byte[0], spec.acl, CreateMode.PERSISTENT));
                for (long v = x; v < y; v++) {
                    ops.add(Op.setData(genPath, Long.toString(y).getBytes(StandardCharsets.UTF_8), (int) v));
                }
                requests.incrementAndGet();
                zk.multi(ops);
                sweepOldSlots(y);
                break;
            } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException e) {
                break; // someone else advanced the barrier concurrently
            } catch (KeeperException.ConnectionLossException e) {
                long p = readPointer();
                if (p != x) {
                    break;
                }
            }
        }
        long p = readPointer();
        slot = p;
        lastSlot = p;
        broken = false;
        emit(BarrierEvent.Kind.RESET, p, -1, "", 0);
    }

    void destroy() throws KeeperException, InterruptedException {
        close();
        for (int attempt = 1; ; attempt++) {
            try {
                requests.incrementAndGet();
                ZKUtil.deleteRecursive(zk, path);
                return;
            } catch (KeeperException.NoNodeException e) {
                // a node vanished under the listing (e.g. an asynchronous garbage collection): done
                // only if the barrier node itself is gone
                requests.incrementAndGet();
                if (retryingExists(path) == null) {
                    return;
                }
                if (attempt >= 10) {
                    throw e;
                }
            } catch (KeeperException.NotEmptyException | KeeperException.ConnectionLossException e) {
                if (attempt >= 10) {
                    throw e; // members keep creating nodes: destroy only when nobody uses the barrier
                }
            }
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ExecutorService r = ring;
        if (r != null) {
            r.shutdownNow();
            try {
                zk.removeWatches(livePath, ringWatcher, Watcher.WatcherType.Children, true);
            } catch (KeeperException | InterruptedException | RuntimeException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                LOG.debug("{}: removing liveness watch: {}", id, e.toString());
            }
        }
        if (joined && zk.getState().isAlive()) {
            // A graceful leave: the tombstone appears in the same transaction that removes the
            // liveness node, so the ring can tell "left" from "died".
            requests.incrementAndGet();
            zk.multi(
                    List.of(
                            Op.create(myTombstone, new byte[0], spec.acl, CreateMode.PERSISTENT),
                            Op.delete(myLive, -1)),
                    (rc, p, ctx, results) -> {
                        if (rc == KeeperException.Code.NODEEXISTS.intValue()) {
                            zk.delete(myLive, -1, (rc2, p2, ctx2) -> {}, null);
                        }
                    },
                    null);
        }
    }

    // ------------------------------------------------------------------ joining, config, pointer

    private void join(Deadline deadline) throws KeeperException, InterruptedException, TimeoutException {
        if (joined) {
            return;
        }
        synchronized (joinLock) {
            if (joined) {
                return;
            }
            ensureParents();
            agreeConfig();
            createLive(deadline);
            slot = readPointer();
            lastSlot = slot;
            ExecutorService r = Executors.newSingleThreadExecutor(task -> {
                Thread t = new Thread(task, "barrier-liveness-" + id);
                t.setDaemon(true);
                return t;
            });
            ring = r;
            joined = true;
            submitRing(this::relist);
        }
    }

    private void ensureParents() throws KeeperException, InterruptedException {
        requests.incrementAndGet();
        if (retryingExists(path) != null) {
            return;
        }
        int i = 0;
        while ((i = path.indexOf('/', i + 1)) > 0) {
            String parent = path.substring(0, i);
            try {
                requests.incrementAndGet();
                zk.create(parent, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            } catch (KeeperException.NodeExistsException e) {
                // fine
            } catch (KeeperException.ConnectionLossException e) {
                i = 0; // start over; creates are idempotent here
            }
        }
    }

    private Stat retryingExists(String p) throws KeeperException, InterruptedException {
        return idempotent(() -> zk.exists(p, false));
    }

    /** A ZooKeeper call that may be repeated without changing its effect. */
    @FunctionalInterface
    private interface ZkCall<T> {
        T call() throws KeeperException, InterruptedException;
    }

    /**
     * Runs an idempotent request, counting every attempt, and repeats it after a connection loss.
     * Not a spin: each failed attempt has waited inside the client for a reconnection attempt,
     * and the session's expiry ends the loop with {@link KeeperException.SessionExpiredException}.
     */
    private <T> T idempotent(ZkCall<T> request) throws KeeperException, InterruptedException {
        while (true) {
            try {
                requests.incrementAndGet();
                return request.call();
            } catch (KeeperException.ConnectionLossException e) {
                LOG.debug("{}: connection lost at {}; retrying an idempotent request", id, path);
            }
        }
    }

    private void agreeConfig() throws KeeperException, InterruptedException {
        String mine = spec.configLine();
        byte[] cfg = mine.getBytes(StandardCharsets.UTF_8);
        while (true) {
            try {
                requests.incrementAndGet();
                zk.multi(List.of(
                        Op.create(path, cfg, spec.acl, CreateMode.PERSISTENT),
                        Op.create(genPath, "0".getBytes(StandardCharsets.UTF_8), spec.acl, CreateMode.PERSISTENT),
                        Op.create(slotNode(0), new byte[0], spec.acl, CreateMode.PERSISTENT),
                        Op.create(livePath, new byte[0], spec.acl, CreateMode.PERSISTENT)));
                return;
            } catch (KeeperException.NodeExistsException e) {
                Stat st = new Stat();
                byte[] d;
                try {
                    requests.incrementAndGet();
                    d = zk.getData(path, false, st);
                } catch (KeeperException.NoNodeException gone) {
                    continue;
                }
                bytesRead.addAndGet(d.length);
                String theirs = new String(d, StandardCharsets.UTF_8);
                if (d.length == 0 && st.getNumChildren() == 0 || d.length == 0 && !hasGen()) {
                    try {
                        requests.incrementAndGet();
                        zk.multi(List.of(
                                Op.setData(path, cfg, st.getVersion()),
                                Op.create(
                                        genPath, "0".getBytes(StandardCharsets.UTF_8), spec.acl, CreateMode.PERSISTENT),
                                Op.create(slotNode(0), new byte[0], spec.acl, CreateMode.PERSISTENT),
                                Op.create(livePath, new byte[0], spec.acl, CreateMode.PERSISTENT)));
                        return;
                    } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException race) {
                        continue;
                    }
                }
                if (!theirs.equals(mine)) {
                    throw new IllegalArgumentException("barrier " + path + " is configured as '" + theirs
                            + "' but this handle (" + id + ") was built with '" + mine + "'");
                }
                return;
            } catch (KeeperException.ConnectionLossException e) {
                // retry; the transaction is all-or-nothing and the NodeExists branch handles "already done"
            }
        }
    }

    private boolean hasGen() throws KeeperException, InterruptedException {
        requests.incrementAndGet();
        return retryingExists(genPath) != null;
    }

    /** Registers the liveness node; waits (within the deadline) for a stale one of a dead incarnation. */
    private void createLive(Deadline deadline) throws KeeperException, InterruptedException, TimeoutException {
        byte[] data = (id + " " + hostPid()).getBytes(StandardCharsets.UTF_8);
        while (true) {
            try {
                requests.incrementAndGet();
                zk.delete(myTombstone, -1);
            } catch (KeeperException.NoNodeException e) {
                break;
            } catch (KeeperException.ConnectionLossException e) {
                deadline.check("timed out joining " + path);
                continue;
            }
            break;
        }
        while (true) {
            try {
                requests.incrementAndGet();
                zk.create(myLive, data, spec.acl, CreateMode.EPHEMERAL);
                return;
            } catch (KeeperException.ConnectionLossException e) {
                deadline.check("timed out joining " + path);
            } catch (KeeperException.NodeExistsException e) {
                Signal signal = new Signal(notifications);
                Stat st;
                try {
                    requests.incrementAndGet();
                    st = zk.exists(myLive, signal);
                } catch (KeeperException.ConnectionLossException again) {
                    continue;
                }
                if (st == null) {
                    continue;
                }
                if (st.getEphemeralOwner() == zk.getSessionId()) {
                    removeWatch(myLive, signal);
                    return;
                }
                LOG.info(
                        "participant id {} is still live at {} from session 0x{}; waiting for it to end",
                        id,
                        path,
                        Long.toHexString(st.getEphemeralOwner()));
                if (!deadline.acquire(signal.semaphore)) {
                    removeWatch(myLive, signal);
                    throw new TimeoutException("participant id " + id + " is in use at " + path
                            + " by another live session 0x" + Long.toHexString(st.getEphemeralOwner()));
                }
            }
        }
    }

    private static String hostPid() {
        return ProcessHandle.current().pid() + " " + System.currentTimeMillis();
    }

    /** The current slot: the version of the pointer node (see the class comment). */
    private long readPointer() throws KeeperException, InterruptedException {
        while (true) {
            try {
                Stat st = new Stat();
                requests.incrementAndGet();
                byte[] d = zk.getData(genPath, false, st);
                bytesRead.addAndGet(d.length);
                return st.getVersion();
            } catch (KeeperException.ConnectionLossException e) {
                // retry
            }
        }
    }

    private Stat exists(String p, Deadline deadline, long s)
            throws KeeperException, InterruptedException, TimeoutException {
        while (true) {
            try {
                requests.incrementAndGet();
                return zk.exists(p, false);
            } catch (KeeperException.ConnectionLossException e) {
                if (deadline.expired()) {
                    throw timeoutAfterArrival(s, "timed out at " + slotNode(s) + " (connection loss)");
                }
            }
        }
    }

    private List<String> getChildren(String p) throws KeeperException, InterruptedException {
        List<String> kids = idempotent(() -> {
            try {
                return zk.getChildren(p, false);
            } catch (KeeperException.NoNodeException e) {
                return null;
            }
        });
        if (kids != null) {
            countNames(kids);
        }
        return kids;
    }

    private void countNames(List<String> names) {
        long n = 0;
        for (String k : names) {
            n += k.length();
        }
        bytesRead.addAndGet(n);
    }

    // ------------------------------------------------------------------ garbage collection

    /**
     * After releasing slot s, asynchronously deletes the slot nodes older than s-1 with their
     * children (normally exactly one: s-2). Adds no latency to the release; a failure is harmless
     * (a later release retries). A restricted barrier knows the names in s-2 and deletes them in
     * one transaction; otherwise (or if that fails, e.g. after a broken slot) the releaser lists
     * the barrier node and sweeps every old slot.
     */
    private void collectGarbage(long s) {
        if (s < 2) {
            return;
        }
        if (!spec.restricted()) {
            sweepOldSlots(s);
            return;
        }
        String node = slotNode(s - 2);
        List<Op> ops = new ArrayList<>();
        for (String m : spec.members) {
            ops.add(Op.delete(arrivalPath(s - 2, m), -1));
        }
        ops.add(Op.delete(outcomePath(s - 2), -1));
        ops.add(Op.delete(node, -1));
        requests.incrementAndGet();
        zk.multi(
                ops,
                (rc, p, ctx, results) -> {
                    if (rc != KeeperException.Code.OK.intValue()
                            && rc != KeeperException.Code.CONNECTIONLOSS.intValue()
                            && rc != KeeperException.Code.SESSIONEXPIRED.intValue()) {
                        sweepOldSlots(s);
                    }
                },
                null);
    }

    private void sweepOldSlots(long s) {
        requests.incrementAndGet();
        zk.getChildren(
                path,
                false,
                (rc, p, ctx, children) -> {
                    if (rc != KeeperException.Code.OK.intValue()) {
                        return;
                    }
                    countNames(children);
                    for (String name : children) {
                        long old = slotOf(name);
                        if (old >= 0 && old < s - 1) {
                            deleteSlotAsync(path + "/" + name);
                        }
                    }
                },
                null);
    }

    private void deleteSlotAsync(String node) {
        requests.incrementAndGet();
        zk.getChildren(
                node,
                false,
                (rc, p, ctx, children) -> {
                    if (rc != KeeperException.Code.OK.intValue()) {
                        return;
                    }
                    countNames(children);
                    List<Op> ops = new ArrayList<>();
                    for (String k : children) {
                        ops.add(Op.delete(node + "/" + k, -1));
                    }
                    ops.add(Op.delete(node, -1));
                    requests.incrementAndGet();
                    zk.multi(
                            ops,
                            (rc2, p2, ctx2, results) -> {
                                if (rc2 != KeeperException.Code.OK.intValue()) {
                                    LOG.debug(
                                            "garbage collection of {} deferred: {}",
                                            node,
                                            KeeperException.Code.get(rc2));
                                }
                            },
                            null);
                },
                null);
    }

    // ------------------------------------------------------------------ liveness ring

    private void submitRing(Runnable task) {
        ExecutorService r = ring;
        if (r == null || closed.get()) {
            return;
        }
        try {
            r.execute(task);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    /**
     * Re-lists the liveness directory (re-arming the child watch) and, for every member that
     * disappeared since the last listing, lets exactly one survivor break the current slot: the
     * nearest live predecessor of the departed member in sorted id order.
     */
    private void relist() {
        if (closed.get()) {
            return;
        }
        List<String> now;
        try {
            requests.incrementAndGet();
            now = new ArrayList<>(zk.getChildren(livePath, ringWatcher));
            countNames(now);
        } catch (KeeperException.ConnectionLossException e) {
            submitRing(this::relist);
            return;
        } catch (KeeperException e) {
            LOG.debug("{}: liveness listing stopped: {}", id, e.code());
            return;
        } catch (InterruptedException e) {
            return; // closing
        }
        Set<String> tombstones = new HashSet<>();
        now.removeIf(name -> name.startsWith("~") && tombstones.add(name.substring(1)));
        now.sort(null);
        List<String> before = lastLive;
        lastLive = List.copyOf(now);
        if (before.isEmpty() || !now.contains(id)) {
            return;
        }
        Set<String> alive = new HashSet<>(now);
        for (int i = 0; i < before.size(); i++) {
            String d = before.get(i);
            if (alive.contains(d)) {
                continue;
            }
            String breaker = null;
            for (int k = 1; k < before.size(); k++) {
                String cand = before.get(Math.floorMod(i - k, before.size()));
                if (alive.contains(cand)) {
                    breaker = cand;
                    break;
                }
            }
            if (id.equals(breaker)) {
                boolean left = tombstones.contains(d);
                if (left && !spec.restricted()) {
                    continue; // open membership: another handle may still complete the generation
                }
                breakCurrent(d + (left ? " left" : " died"), left);
            }
        }
    }

    /**
     * Breaks the current undecided slot: after a death always (the member will never arrive, so
     * every later arrival would wait in vain); after a graceful leave only if somebody is already
     * waiting at it.
     */
    private void breakCurrent(String reason, boolean onlyIfWaiting) {
        try {
            long x = readPointer();
            requests.incrementAndGet();
            Stat g = zk.exists(slotNode(x), false);
            if (g == null || (onlyIfWaiting && g.getVersion() == 0)) {
                LOG.info("{}: {} at {}, nobody waiting at generation {}", id, reason, path, generationOf(x));
                return;
            }
            if (createBroken(x, reason)) {
                emit(BarrierEvent.Kind.BREAK, x, -1, reason, 0);
            }
        } catch (KeeperException.ConnectionLossException e) {
            submitRing(() -> breakCurrent(reason, onlyIfWaiting));
        } catch (KeeperException e) {
            LOG.warn("{}: could not break {} after '{}': {}", id, path, reason, e.code());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("{}: listener failed on BREAK", id, e);
        }
    }

    // ------------------------------------------------------------------ helpers

    private void emit(BarrierEvent.Kind kind, long s, int index, String reason, long wk) {
        spec.listener.onEvent(new BarrierEvent(kind, path, generationOf(Math.max(0, s)), index, id, reason, wk));
    }

    /** A one-shot watch that only signals the waiting thread (never blocks, never calls ZooKeeper). */
    static final class Signal implements Watcher {
        final Semaphore semaphore = new Semaphore(0);
        private final AtomicLong notifications;
        volatile boolean fired;
        volatile boolean terminal;

        Signal(AtomicLong notifications) {
            this.notifications = notifications;
        }

        @Override
        public void process(WatchedEvent event) {
            if (event.getType() == Event.EventType.None) {
                Event.KeeperState st = event.getState();
                if (st == Event.KeeperState.Expired
                        || st == Event.KeeperState.Closed
                        || st == Event.KeeperState.AuthFailed) {
                    terminal = true;
                    semaphore.release();
                }
                return; // disconnect/reconnect: the client re-registers the watch; not an event
            }
            if (event.getType() == Event.EventType.DataWatchRemoved
                    || event.getType() == Event.EventType.ChildWatchRemoved
                    || event.getType() == Event.EventType.PersistentWatchRemoved) {
                return; // our own removeWatches after the wait: not a notification
            }
            notifications.incrementAndGet();
            fired = true;
            semaphore.release();
        }
    }

    /** A decided slot: "released <by>" or "broken <by> <reason>". */
    record Outcome(boolean released, String by, String reason, boolean mine) {
        static Outcome parse(String data, String me) {
            String[] parts = data.split(" ", 3);
            if (parts[0].equals(RELEASED)) {
                return new Outcome(true, parts.length > 1 ? parts[1] : "", "", false);
            }
            String by = parts.length > 1 ? parts[1] : "";
            String reason = parts.length > 2 ? parts[2] : "";
            return new Outcome(false, by, reason, false);
        }
    }
}
