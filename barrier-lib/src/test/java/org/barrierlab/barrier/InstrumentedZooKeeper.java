package org.barrierlab.barrier;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;

/**
 * A real ZooKeeper client (real server, real session) with test hooks on its own side of the
 * wire: it counts every request it sends (outermost call only, independently of the library's
 * {@link BarrierStats}), can hold back one watched {@code exists} (a slow link), and can lose the
 * reply of one committed {@code multi} (the request reached the server, the answer did not).
 *
 * <pre>{@code
 * InstrumentedZooKeeper zk = InstrumentedZooKeeper.open(server.getConnectString(), 4000);
 * zk.holdNextWatchedExists(p -> p.contains("/g-"));
 * }</pre>
 */
final class InstrumentedZooKeeper extends ZooKeeper {

    private final AtomicLong requests = new AtomicLong();
    private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

    private final AtomicReference<Predicate<String>> holdExists = new AtomicReference<>();
    final CountDownLatch existsHeld = new CountDownLatch(1);
    final CountDownLatch releaseExists = new CountDownLatch(1);

    private final AtomicReference<Predicate<List<Op>>> loseMultiReply = new AtomicReference<>();
    final CountDownLatch multiCommitted = new CountDownLatch(1);
    final CountDownLatch releaseMultiReply = new CountDownLatch(1);
    private final AtomicInteger lostReplies = new AtomicInteger();

    private volatile Predicate<List<Op>> dropAsyncMulti;
    private final AtomicReference<Predicate<String>> listing = new AtomicReference<>();
    private final AtomicReference<CountDownLatch> listed = new AtomicReference<>();

    private InstrumentedZooKeeper(String connect, int sessionTimeoutMs, Watcher w) throws IOException {
        super(connect, sessionTimeoutMs, w);
    }

    /** A connected session; fails after 20 s without a connection. */
    static InstrumentedZooKeeper open(String connect, int sessionTimeoutMs) throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        InstrumentedZooKeeper zk = new InstrumentedZooKeeper(connect, sessionTimeoutMs, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(20, TimeUnit.SECONDS)) {
            zk.close();
            throw new IllegalStateException("no ZooKeeper connection to " + connect + " within 20 s");
        }
        return zk;
    }

    /** Requests sent so far (a multi counts once; nested calls inside the client count once). */
    long requests() {
        return requests.get();
    }

    /** The next exists call with a watcher on a path matching {@code p} waits for {@link #releaseExists}. */
    void holdNextWatchedExists(Predicate<String> p) {
        holdExists.set(p);
    }

    /**
     * The next multi matching {@code p} is sent and committed, then waits for {@link
     * #releaseMultiReply} and throws ConnectionLoss instead of returning its result.
     */
    void loseNextMultiReply(Predicate<List<Op>> p) {
        loseMultiReply.set(p);
    }

    /**
     * From now on, every asynchronous multi matching {@code p} is lost before it reaches the server
     * (its callback gets ConnectionLoss), as a background request is when the connection drops.
     */
    void dropAsyncMultis(Predicate<List<Op>> p) {
        dropAsyncMulti = p;
    }

    /** A latch counted down by the next synchronous, unwatched listing of a path matching {@code p}. */
    CountDownLatch nextListing(Predicate<String> p) {
        CountDownLatch l = new CountDownLatch(1);
        listed.set(l);
        listing.set(p);
        return l;
    }

    int lostReplies() {
        return lostReplies.get();
    }

    private boolean enter() {
        int[] d = depth.get();
        d[0]++;
        if (d[0] == 1) {
            requests.incrementAndGet();
            return true;
        }
        return false;
    }

    private void exit() {
        depth.get()[0]--;
    }

    private static void await(CountDownLatch l) {
        try {
            if (!l.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("test hook not released within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Stat exists(String path, Watcher watcher) throws KeeperException, InterruptedException {
        Predicate<String> p = holdExists.get();
        if (watcher != null && p != null && p.test(path) && holdExists.compareAndSet(p, null)) {
            existsHeld.countDown();
            await(releaseExists);
        }
        enter();
        try {
            return super.exists(path, watcher);
        } finally {
            exit();
        }
    }

    @Override
    public Stat exists(String path, boolean watch) throws KeeperException, InterruptedException {
        enter();
        try {
            return super.exists(path, watch);
        } finally {
            exit();
        }
    }

    @Override
    public void exists(String path, Watcher watcher, AsyncCallback.StatCallback cb, Object ctx) {
        enter();
        try {
            super.exists(path, watcher, cb, ctx);
        } finally {
            exit();
        }
    }

    @Override
    public void exists(String path, boolean watch, AsyncCallback.StatCallback cb, Object ctx) {
        enter();
        try {
            super.exists(path, watch, cb, ctx);
        } finally {
            exit();
        }
    }

    @Override
    public byte[] getData(String path, Watcher watcher, Stat stat) throws KeeperException, InterruptedException {
        enter();
        try {
            return super.getData(path, watcher, stat);
        } finally {
            exit();
        }
    }

    @Override
    public byte[] getData(String path, boolean watch, Stat stat) throws KeeperException, InterruptedException {
        enter();
        try {
            return super.getData(path, watch, stat);
        } finally {
            exit();
        }
    }

    @Override
    public void getData(String path, boolean watch, AsyncCallback.DataCallback cb, Object ctx) {
        enter();
        try {
            super.getData(path, watch, cb, ctx);
        } finally {
            exit();
        }
    }

    @Override
    public void getData(String path, Watcher watcher, AsyncCallback.DataCallback cb, Object ctx) {
        enter();
        try {
            super.getData(path, watcher, cb, ctx);
        } finally {
            exit();
        }
    }

    @Override
    public List<String> getChildren(String path, Watcher watcher) throws KeeperException, InterruptedException {
        enter();
        try {
            return super.getChildren(path, watcher);
        } finally {
            exit();
        }
    }

    @Override
    public List<String> getChildren(String path, boolean watch) throws KeeperException, InterruptedException {
        enter();
        try {
            return super.getChildren(path, watch);
        } finally {
            exit();
            Predicate<String> p = listing.get();
            if (p != null && p.test(path) && listing.compareAndSet(p, null)) {
                listed.get().countDown();
            }
        }
    }

    @Override
    public List<String> getChildren(String path, Watcher watcher, Stat stat)
            throws KeeperException, InterruptedException {
        enter();
        try {
            return super.getChildren(path, watcher, stat);
        } finally {
            exit();
        }
    }

    @Override
    public List<String> getChildren(String path, boolean watch, Stat stat)
            throws KeeperException, InterruptedException {
        enter();
        try {
            return super.getChildren(path, watch, stat);
        } finally {
            exit();
        }
    }

    @Override
    public void getChildren(String path, boolean watch, AsyncCallback.ChildrenCallback cb, Object ctx) {
        enter();
        try {
            super.getChildren(path, watch, cb, ctx);
        } finally {
            exit();
        }
    }

    @Override
    public void getChildren(String path, Watcher watcher, AsyncCallback.ChildrenCallback cb, Object ctx) {
        enter();
        try {
            super.getChildren(path, watcher, cb, ctx);
        } finally {
            exit();
        }
    }

    @Override
    public void getChildren(String path, boolean watch, AsyncCallback.Children2Callback cb, Object ctx) {
        enter();
        try {
            super.getChildren(path, watch, cb, ctx);
        } finally {
            exit();
        }
    }

    @Override
    public void getChildren(String path, Watcher watcher, AsyncCallback.Children2Callback cb, Object ctx) {
        enter();
        try {
            super.getChildren(path, watcher, cb, ctx);
        } finally {
            exit();
        }
    }

    @Override
    public String create(String path, byte[] data, List<ACL> acl, CreateMode mode)
            throws KeeperException, InterruptedException {
        enter();
        try {
            return super.create(path, data, acl, mode);
        } finally {
            exit();
        }
    }

    @Override
    public String create(String path, byte[] data, List<ACL> acl, CreateMode mode, Stat stat)
            throws KeeperException, InterruptedException {
        enter();
        try {
            return super.create(path, data, acl, mode, stat);
        } finally {
            exit();
        }
    }

    @Override
    public void create(
            String path, byte[] data, List<ACL> acl, CreateMode mode, AsyncCallback.StringCallback cb, Object ctx) {
        enter();
        try {
            super.create(path, data, acl, mode, cb, ctx);
        } finally {
            exit();
        }
    }

    @Override
    public void delete(String path, int version) throws InterruptedException, KeeperException {
        enter();
        try {
            super.delete(path, version);
        } finally {
            exit();
        }
    }

    @Override
    public void delete(String path, int version, AsyncCallback.VoidCallback cb, Object ctx) {
        enter();
        try {
            super.delete(path, version, cb, ctx);
        } finally {
            exit();
        }
    }

    @Override
    public Stat setData(String path, byte[] data, int version) throws KeeperException, InterruptedException {
        enter();
        try {
            return super.setData(path, data, version);
        } finally {
            exit();
        }
    }

    @Override
    public void setData(String path, byte[] data, int version, AsyncCallback.StatCallback cb, Object ctx) {
        enter();
        try {
            super.setData(path, data, version, cb, ctx);
        } finally {
            exit();
        }
    }

    @Override
    public List<OpResult> multi(Iterable<Op> ops) throws InterruptedException, KeeperException {
        List<Op> list = new java.util.ArrayList<>();
        ops.forEach(list::add);
        enter();
        List<OpResult> r;
        try {
            r = super.multi(list);
        } finally {
            exit();
        }
        Predicate<List<Op>> p = loseMultiReply.get();
        if (p != null && p.test(list) && loseMultiReply.compareAndSet(p, null)) {
            lostReplies.incrementAndGet();
            multiCommitted.countDown();
            await(releaseMultiReply);
            throw new KeeperException.ConnectionLossException();
        }
        return r;
    }

    @Override
    public void multi(Iterable<Op> ops, AsyncCallback.MultiCallback cb, Object ctx) {
        List<Op> list = new java.util.ArrayList<>();
        ops.forEach(list::add);
        Predicate<List<Op>> drop = dropAsyncMulti;
        if (drop != null && drop.test(list)) {
            cb.processResult(KeeperException.Code.CONNECTIONLOSS.intValue(), null, ctx, null);
            return;
        }
        enter();
        try {
            super.multi(list, cb, ctx);
        } finally {
            exit();
        }
    }

    @Override
    public void removeWatches(String path, Watcher watcher, Watcher.WatcherType type, boolean local)
            throws InterruptedException, KeeperException {
        enter();
        try {
            super.removeWatches(path, watcher, type, local);
        } finally {
            exit();
        }
    }

    @Override
    public void removeWatches(
            String path,
            Watcher watcher,
            Watcher.WatcherType type,
            boolean local,
            AsyncCallback.VoidCallback cb,
            Object ctx) {
        enter();
        try {
            super.removeWatches(path, watcher, type, local, cb, ctx);
        } finally {
            exit();
        }
    }
}
