package org.barrierlab.barrier;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one layer through which a barrier handle talks to ZooKeeper (Curator's {@code RetryLoop} in
 * small): every request is counted here and only here, and every {@link
 * KeeperException.ConnectionLossException} is retried here and only here, with a short backoff and
 * the caller's deadline checked on every turn. Protocol code therefore has no catch-and-retry
 * blocks, and {@link BarrierStats} is right by construction.
 *
 * <p>Retrying is safe because every write of the protocol is written so that repeating it after a
 * lost reply is detected by the protocol, never applied twice: creates of fixed names fail with
 * NodeExists, deletes with NoNode, and the protocol interprets those.
 *
 * <p>A session expiry ends every retry loop ({@link KeeperException.SessionExpiredException});
 * an untimed call retries until the connection is back or the session has expired.
 */
final class ZkCalls {

    private static final Logger LOG = LoggerFactory.getLogger(ZkCalls.class);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final ZkClientProvider provider;
    /** The session this handle joined with; null until the first call after (re-)joining. */
    private volatile ZooKeeper bound;
    /** The last handle the provider gave, for calls that cannot fail (async, watch removal). */
    private volatile ZooKeeper last;

    private final String owner;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong notifications = new AtomicLong();
    private final AtomicLong wakeups = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong callerRequests = new AtomicLong();
    private final AtomicLong callerBytesRead = new AtomicLong();
    /**
     * The thread inside a blocking call of the handle ({@link #enterCall}), whose synchronous
     * requests are the critical path ({@link BarrierStats#callerRequests}); null between calls.
     */
    private volatile Thread caller;

    ZkCalls(ZkClientProvider provider, String owner) {
        this.provider = provider;
        this.owner = owner;
    }

    /**
     * The session of this handle: the provider's current one, bound on the first call after
     * {@link #unbind()}. If the provider has since switched to another session (Curator after an
     * expiry), the bound one is over: the call fails as a session expiry, and the protocol ends the
     * wait and re-joins ({@link #unbind()}), like a restarted member.
     */
    ZooKeeper zk() throws KeeperException {
        ZooKeeper now = provider.zooKeeper();
        if (now == null) {
            throw new KeeperException.ConnectionLossException();
        }
        last = now;
        ZooKeeper b = bound;
        if (b == null) {
            bound = now;
        } else if (b != now) {
            throw new KeeperException.SessionExpiredException();
        }
        return now;
    }

    /** Forgets the bound session (it expired): the next call binds to the provider's current one. */
    void unbind() {
        bound = null;
    }

    /** The bound session (or the provider's current one), for calls that report errors by callback. */
    ZooKeeper session() {
        ZooKeeper b = bound;
        if (b != null) {
            return b;
        }
        try {
            return zk();
        } catch (KeeperException e) {
            return last;
        }
    }

    /** Whether the provider now hands out another session than the one this handle joined with. */
    boolean sessionSwitched() {
        ZooKeeper b = bound;
        if (b == null) {
            return false;
        }
        try {
            ZooKeeper now = provider.zooKeeper();
            return now != null && now != b;
        } catch (KeeperException e) {
            return false;
        }
    }

    /** The current thread is now inside a blocking call of the handle: its requests are the caller's. */
    void enterCall() {
        caller = Thread.currentThread();
    }

    /** The blocking call is over. */
    void exitCall() {
        caller = null;
    }

    private void countRequest() {
        requests.incrementAndGet();
        if (Thread.currentThread() == caller) {
            callerRequests.incrementAndGet();
        }
    }

    private void countBytes(long n) {
        bytesRead.addAndGet(n);
        if (Thread.currentThread() == caller) {
            callerBytesRead.addAndGet(n);
        }
    }

    /** One request; a call may be repeated after a connection loss. */
    @FunctionalInterface
    interface Call<T> {
        T call() throws KeeperException, InterruptedException;
    }

    /**
     * Runs the request, counting each attempt; after a connection loss waits a little (5 ms,
     * doubling, at most 200 ms) and repeats it, unless the deadline has passed.
     *
     * @throws TimeoutException if the deadline passed while ZooKeeper could not be reached
     */
    <T> T run(Deadline d, String what, Call<T> call) throws KeeperException, InterruptedException, TimeoutException {
        long backoff = TimeUnit.MILLISECONDS.toNanos(5);
        while (true) {
            countRequest();
            try {
                return call.call();
            } catch (KeeperException.ConnectionLossException e) {
                if (d.expired()) {
                    throw new TimeoutException("timed out " + what + ": no connection to ZooKeeper");
                }
                LOG.debug("{}: connection lost {}; retrying", owner, what);
                TimeUnit.NANOSECONDS.sleep(Math.min(backoff, d.remainingNanos()));
                backoff = Math.min(2 * backoff, MAX_BACKOFF_NANOS);
            }
        }
    }

    Stat exists(Deadline d, String path) throws KeeperException, InterruptedException, TimeoutException {
        return run(d, "reading " + path, () -> zk().exists(path, false));
    }

    /** exists with a watch; a watch set by a failed attempt is harmless (it is the same watcher). */
    Stat existsWatch(Deadline d, String path, Watcher w)
            throws KeeperException, InterruptedException, TimeoutException {
        return run(d, "watching " + path, () -> zk().exists(path, w));
    }

    /** The node's data (counted as bytes read), or null if it does not exist. */
    byte[] data(Deadline d, String path, Stat stat) throws KeeperException, InterruptedException, TimeoutException {
        byte[] b = run(d, "reading " + path, () -> {
            try {
                return zk().getData(path, false, stat);
            } catch (KeeperException.NoNodeException e) {
                return null;
            }
        });
        if (b != null) {
            countBytes(b.length);
        }
        return b;
    }

    /** The child names (counted as bytes read), or null if the node does not exist. */
    List<String> children(Deadline d, String path) throws KeeperException, InterruptedException, TimeoutException {
        return childrenWatch(d, path, null);
    }

    List<String> childrenWatch(Deadline d, String path, Watcher w)
            throws KeeperException, InterruptedException, TimeoutException {
        List<String> kids = run(d, "listing " + path, () -> {
            try {
                return w == null ? zk().getChildren(path, false) : zk().getChildren(path, w);
            } catch (KeeperException.NoNodeException e) {
                return null;
            }
        });
        if (kids != null) {
            countNames(kids);
        }
        return kids;
    }

    /** A transaction; on failure the KeeperException carries the per-op results (see {@link #failedOp}). */
    List<OpResult> multi(Deadline d, List<Op> ops) throws KeeperException, InterruptedException, TimeoutException {
        return run(d, "writing a transaction", () -> zk().multi(ops));
    }

    String create(Deadline d, String path, byte[] data, List<ACL> acl, CreateMode mode)
            throws KeeperException, InterruptedException, TimeoutException {
        return run(d, "creating " + path, () -> zk().create(path, data, acl, mode));
    }

    void delete(Deadline d, String path) throws KeeperException, InterruptedException, TimeoutException {
        run(d, "deleting " + path, () -> {
            zk().delete(path, -1);
            return null;
        });
    }

    /** Sessions x paths x watch types with waiters in this JVM, so the last one can clear the server's watch. */
    private static final ConcurrentHashMap<WatchKey, Integer> WATCH_USERS = new ConcurrentHashMap<>();

    private record WatchKey(ZooKeeper zk, String path) {
        @Override
        public boolean equals(Object o) {
            return o instanceof WatchKey k && k.zk == zk && k.path.equals(path);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(zk) * 31 + path.hashCode();
        }
    }

    /**
     * Declares that a waiter of this session is about to watch {@code path} (see {@link #unwatch});
     * returns the session, which the waiter hands back when it ends its use of the watch.
     */
    ZooKeeper watching(String path) {
        ZooKeeper zk = session();
        WATCH_USERS.merge(new WatchKey(zk, path), 1, Integer::sum);
        return zk;
    }

    /**
     * Ends one waiter's use of its watch on {@code path}. ZooKeeper keeps one server-side watch per
     * session and path, shared by every watcher of the session; removing a single watcher only
     * checks the server and unregisters it locally, leaving the server's watch until it fires.
     * So the last waiter of this session on the path removes all its watches on the server
     * (one request); an earlier one only unregisters its own watcher (one request). A waiter that
     * loses its watch to a concurrent removal gets a {@code *WatchRemoved} event and re-arms.
     */
    void unwatch(ZooKeeper zk, String path, Watcher w) {
        Integer left = WATCH_USERS.compute(new WatchKey(zk, path), (k, v) -> v == null || v <= 1 ? null : v - 1);
        countRequest();
        try {
            if (left == null) {
                zk.removeAllWatches(path, Watcher.WatcherType.Any, true);
            } else {
                zk.removeWatches(path, w, Watcher.WatcherType.Any, true);
            }
        } catch (KeeperException.NoWatcherException e) {
            // already fired or never set
        } catch (KeeperException e) {
            LOG.debug("{}: removing the watch on {}: {}", owner, path, e.code());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** As {@link #unwatch}, without waiting for the server's answer. */
    void unwatchAsync(ZooKeeper zk, String path, Watcher w) {
        Integer left = WATCH_USERS.compute(new WatchKey(zk, path), (k, v) -> v == null || v <= 1 ? null : v - 1);
        requests.incrementAndGet();
        if (left == null) {
            zk.removeAllWatches(path, Watcher.WatcherType.Any, true, (rc, p, ctx) -> {}, null);
        } else {
            zk.removeWatches(path, w, Watcher.WatcherType.Any, true, (rc, p, ctx) -> {}, null);
        }
    }

    /** Ends one waiter's use of a watch that fired (the server has dropped it already): no request. */
    void unwatchFired(ZooKeeper zk, String path) {
        WATCH_USERS.computeIfPresent(new WatchKey(zk, path), (k, v) -> v <= 1 ? null : v - 1);
    }

    void multiAsync(List<Op> ops, AsyncCallback.MultiCallback cb) {
        requests.incrementAndGet();
        session().multi(ops, cb, null);
    }

    void childrenAsync(String path, AsyncCallback.ChildrenCallback cb) {
        requests.incrementAndGet();
        session()
                .getChildren(
                        path,
                        false,
                        (rc, p, ctx, kids) -> {
                            if (kids != null) {
                                countNames(kids);
                            }
                            cb.processResult(rc, p, ctx, kids);
                        },
                        null);
    }

    void childrenWatchAsync(String path, Watcher w, AsyncCallback.ChildrenCallback cb) {
        requests.incrementAndGet();
        session()
                .getChildren(
                        path,
                        w,
                        (rc, p, ctx, kids) -> {
                            if (kids != null) {
                                countNames(kids);
                            }
                            cb.processResult(rc, p, ctx, kids);
                        },
                        null);
    }

    void existsAsync(String path, AsyncCallback.StatCallback cb) {
        requests.incrementAndGet();
        session().exists(path, false, cb, null);
    }

    void existsWatchAsync(String path, Watcher w, AsyncCallback.StatCallback cb) {
        requests.incrementAndGet();
        session().exists(path, w, cb, null);
    }

    /** Creates an empty node without waiting; any failure (e.g. it exists) is ignored. */
    void createAsync(String path, List<ACL> acl, CreateMode mode) {
        requests.incrementAndGet();
        session().create(path, new byte[0], acl, mode, (rc, p, ctx, name) -> {}, null);
    }

    void deleteAsync(String path) {
        requests.incrementAndGet();
        session().delete(path, -1, (rc, p, ctx) -> {}, null);
    }

    /** The index of the op that failed in a failed transaction, or -1. */
    static int failedOp(KeeperException e) {
        List<OpResult> results = e.getResults();
        if (results == null) {
            return -1;
        }
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) instanceof OpResult.ErrorResult r
                    && r.getErr() != KeeperException.Code.OK.intValue()
                    && r.getErr() != KeeperException.Code.RUNTIMEINCONSISTENCY.intValue()) {
                return i;
            }
        }
        return -1;
    }

    void countNotification() {
        notifications.incrementAndGet();
    }

    void countWakeup() {
        wakeups.incrementAndGet();
    }

    long wakeups() {
        return wakeups.get();
    }

    /** A grace period for cleanup after the caller's own deadline has passed: one session timeout. */
    Deadline grace() {
        return Deadline.in(sessionTimeoutMs(), TimeUnit.MILLISECONDS);
    }

    long sessionTimeoutMs() {
        return Math.max(1000, session().getSessionTimeout());
    }

    BarrierStats stats() {
        return new BarrierStats(
                requests.get(),
                notifications.get(),
                wakeups.get(),
                bytesRead.get(),
                callerRequests.get(),
                callerBytesRead.get());
    }

    private void countNames(List<String> names) {
        long n = 0;
        for (String k : names) {
            n += k.length();
        }
        countBytes(n); // on a callback thread (asynchronous listings) this is never the caller
    }
}
