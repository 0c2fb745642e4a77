package org.barrierlab.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;

/**
 * A real ZooKeeper client that counts its own traffic, so competitors that do not count
 * (Curator's barriers, the tutorial barrier) are measured rather than estimated. Plug it into
 * Curator with {@link #factory(java.util.function.Consumer)}.
 *
 * <p>What is counted:
 *
 * <ul>
 *   <li><b>requests</b>: every call of a request method (synchronous or asynchronous; a
 *       {@code multi} is one request). Calls one public method makes to another are counted
 *       once (outermost call only, per thread).
 *   <li><b>notifications</b>: watch events of a node type ({@code NodeCreated},
 *       {@code NodeDeleted}, {@code NodeDataChanged}, {@code NodeChildrenChanged}...) delivered to
 *       any watcher of this session; connection-state events ({@code None}) are not counted.
 *   <li><b>bytes read</b>: payload returned by the server: node data of {@code getData} and
 *       {@code getConfig}, and the UTF-8 names returned by {@code getChildren} (fixed-size
 *       {@code Stat}s are not counted).
 * </ul>
 *
 * <p>It also tracks synchronous calls in flight, so the benchmark can tell a participant blocked
 * on a watch from one waiting for a reply. Wake-ups are not a ZooKeeper notion: {@link
 * #counts()} reports 0 and the benchmark attributes them per competitor. Thread-safe.
 *
 * <pre>{@code
 * CountingZooKeeper zk = CountingZooKeeper.open(connectString, 10_000, null);
 * zk.exists("/a", true);
 * zk.counts();   // requests=1
 * }</pre>
 */
public class CountingZooKeeper extends ZooKeeper {

    /** The counters; created before the superclass so the session watcher can count too. */
    private static final class Tally {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong notifications = new AtomicLong();
        final AtomicLong bytesRead = new AtomicLong();
        final AtomicLong syncRequests = new AtomicLong();
        final AtomicLong syncBytesRead = new AtomicLong();
        final AtomicInteger inFlight = new AtomicInteger();
        final Map<Watcher, Watcher> wrappers = new ConcurrentHashMap<>();

        Watcher wrap(Watcher w) {
            if (w == null || w instanceof CountingWatcher) {
                return w;
            }
            // One wrapper per watcher: ZooKeeper de-duplicates and removes watches by equality.
            return wrappers.computeIfAbsent(w, original -> new CountingWatcher(original, notifications));
        }
    }

    private static final class CountingWatcher implements Watcher {
        private final Watcher delegate;
        private final AtomicLong notifications;

        CountingWatcher(Watcher delegate, AtomicLong notifications) {
            this.delegate = delegate;
            this.notifications = notifications;
        }

        @Override
        public void process(WatchedEvent event) {
            if (event.getType() != Event.EventType.None) {
                notifications.incrementAndGet();
            }
            delegate.process(event);
        }
    }

    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final Tally tally;

    private CountingZooKeeper(
            String connectString, int sessionTimeout, Watcher watcher, boolean canBeReadOnly, Tally tally)
            throws IOException {
        super(connectString, sessionTimeout, tally.wrap(watcher), canBeReadOnly);
        this.tally = tally;
    }

    private CountingZooKeeper(
            String connectString,
            int sessionTimeout,
            Watcher watcher,
            boolean canBeReadOnly,
            ZKClientConfig config,
            Tally tally)
            throws IOException {
        super(connectString, sessionTimeout, tally.wrap(watcher), canBeReadOnly, config);
        this.tally = tally;
    }

    /** Opens a counting session (asynchronously connecting, like {@link ZooKeeper}'s constructor). */
    public static CountingZooKeeper open(String connectString, int sessionTimeout, Watcher watcher) throws IOException {
        return new CountingZooKeeper(
                connectString, sessionTimeout, watcher == null ? e -> {} : watcher, false, new Tally());
    }

    /**
     * A Curator {@code ZookeeperFactory} that builds counting clients and hands each to {@code
     * onCreate} (Curator creates a new client on session expiry; the benchmark registers them all).
     */
    public static org.apache.curator.utils.ZookeeperFactory factory(
            java.util.function.Consumer<CountingZooKeeper> onCreate) {
        return new org.apache.curator.utils.ZookeeperFactory() {
            @Override
            public ZooKeeper newZooKeeper(
                    String connectString, int sessionTimeout, Watcher watcher, boolean canBeReadOnly)
                    throws IOException {
                CountingZooKeeper zk =
                        new CountingZooKeeper(connectString, sessionTimeout, watcher, canBeReadOnly, new Tally());
                onCreate.accept(zk);
                return zk;
            }

            @Override
            public ZooKeeper newZooKeeper(
                    String connectString,
                    int sessionTimeout,
                    Watcher watcher,
                    boolean canBeReadOnly,
                    ZKClientConfig config)
                    throws IOException {
                CountingZooKeeper zk = new CountingZooKeeper(
                        connectString, sessionTimeout, watcher, canBeReadOnly, config, new Tally());
                onCreate.accept(zk);
                return zk;
            }
        };
    }

    /**
     * Requests, notifications and bytes read so far (wake-ups 0: see the class comment); the
     * synchronous requests, which their thread waited for, count as the caller's.
     */
    public Counts counts() {
        return new Counts(
                tally.requests.get(),
                tally.notifications.get(),
                0,
                tally.bytesRead.get(),
                tally.syncRequests.get(),
                tally.syncBytesRead.get());
    }

    /** Synchronous requests currently awaiting their reply. */
    public int inFlight() {
        return tally.inFlight.get();
    }

    // ---- counting helpers -------------------------------------------------------------------

    /** A synchronous request method of the superclass. */
    @FunctionalInterface
    private interface Request<T> {
        T call() throws KeeperException, InterruptedException;
    }

    /** An asynchronous request method of the superclass; {@code outer} says whether it is counted. */
    @FunctionalInterface
    private interface AsyncRequest {
        void call(boolean outer);
    }

    /**
     * Runs a synchronous request: counted once and in flight until its reply if it is the
     * outermost counted call on this thread; {@code payload} gives the bytes its result carries.
     */
    private <T> T request(Request<T> request, ToLongFunction<T> payload) throws KeeperException, InterruptedException {
        int[] depth = DEPTH.get();
        boolean outer = depth[0]++ == 0;
        if (outer) {
            tally.requests.incrementAndGet();
            tally.syncRequests.incrementAndGet();
            tally.inFlight.incrementAndGet();
        }
        try {
            T result = request.call();
            if (outer) {
                long bytes = payload.applyAsLong(result);
                tally.bytesRead.addAndGet(bytes);
                tally.syncBytesRead.addAndGet(bytes);
            }
            return result;
        } finally {
            depth[0]--;
            if (outer) {
                tally.inFlight.decrementAndGet();
            }
        }
    }

    private <T> T request(Request<T> request) throws KeeperException, InterruptedException {
        return request(request, result -> 0);
    }

    /** Issues an asynchronous request, counted once if outermost; its bytes are counted by its callback. */
    private void async(AsyncRequest request) {
        int[] depth = DEPTH.get();
        boolean outer = depth[0]++ == 0;
        if (outer) {
            tally.requests.incrementAndGet();
        }
        try {
            request.call(outer);
        } finally {
            depth[0]--;
        }
    }

    private static long bytes(byte[] data) {
        return data == null ? 0 : data.length;
    }

    private static long bytesOfNames(List<String> names) {
        long n = 0;
        if (names != null) {
            for (String name : names) {
                n += name.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return n;
    }

    private static long bytesOfResults(List<OpResult> results) {
        long n = 0;
        for (OpResult r : results) {
            if (r instanceof OpResult.GetDataResult d) {
                n += bytes(d.getData());
            } else if (r instanceof OpResult.GetChildrenResult c) {
                n += bytesOfNames(c.getChildren());
            }
        }
        return n;
    }

    private Watcher w(Watcher watcher) {
        return tally.wrap(watcher);
    }

    // ---- synchronous requests ------------------------------------------------------------------

    @Override
    public String create(String path, byte[] data, List<ACL> acl, CreateMode createMode)
            throws KeeperException, InterruptedException {
        return request(() -> super.create(path, data, acl, createMode));
    }

    @Override
    public String create(String path, byte[] data, List<ACL> acl, CreateMode createMode, Stat stat)
            throws KeeperException, InterruptedException {
        return request(() -> super.create(path, data, acl, createMode, stat));
    }

    @Override
    public String create(String path, byte[] data, List<ACL> acl, CreateMode createMode, Stat stat, long ttl)
            throws KeeperException, InterruptedException {
        return request(() -> super.create(path, data, acl, createMode, stat, ttl));
    }

    @Override
    public void delete(String path, int version) throws InterruptedException, KeeperException {
        request(() -> {
            super.delete(path, version);
            return null;
        });
    }

    @Override
    public List<OpResult> multi(Iterable<Op> ops) throws InterruptedException, KeeperException {
        return request(() -> super.multi(ops), CountingZooKeeper::bytesOfResults);
    }

    @Override
    public Stat exists(String path, Watcher watcher) throws KeeperException, InterruptedException {
        return request(() -> super.exists(path, w(watcher)));
    }

    @Override
    public Stat exists(String path, boolean watch) throws KeeperException, InterruptedException {
        return request(() -> super.exists(path, watch));
    }

    @Override
    public byte[] getData(String path, Watcher watcher, Stat stat) throws KeeperException, InterruptedException {
        return request(() -> super.getData(path, w(watcher), stat), CountingZooKeeper::bytes);
    }

    @Override
    public byte[] getData(String path, boolean watch, Stat stat) throws KeeperException, InterruptedException {
        return request(() -> super.getData(path, watch, stat), CountingZooKeeper::bytes);
    }

    @Override
    public byte[] getConfig(Watcher watcher, Stat stat) throws KeeperException, InterruptedException {
        return request(() -> super.getConfig(w(watcher), stat), CountingZooKeeper::bytes);
    }

    @Override
    public byte[] getConfig(boolean watch, Stat stat) throws KeeperException, InterruptedException {
        return request(() -> super.getConfig(watch, stat), CountingZooKeeper::bytes);
    }

    @Override
    public Stat setData(String path, byte[] data, int version) throws KeeperException, InterruptedException {
        return request(() -> super.setData(path, data, version));
    }

    @Override
    public List<ACL> getACL(String path, Stat stat) throws KeeperException, InterruptedException {
        return request(() -> super.getACL(path, stat));
    }

    @Override
    public Stat setACL(String path, List<ACL> acl, int aclVersion) throws KeeperException, InterruptedException {
        return request(() -> super.setACL(path, acl, aclVersion));
    }

    @Override
    public List<String> getChildren(String path, Watcher watcher) throws KeeperException, InterruptedException {
        return request(() -> super.getChildren(path, w(watcher)), CountingZooKeeper::bytesOfNames);
    }

    @Override
    public List<String> getChildren(String path, boolean watch) throws KeeperException, InterruptedException {
        return request(() -> super.getChildren(path, watch), CountingZooKeeper::bytesOfNames);
    }

    @Override
    public List<String> getChildren(String path, Watcher watcher, Stat stat)
            throws KeeperException, InterruptedException {
        return request(() -> super.getChildren(path, w(watcher), stat), CountingZooKeeper::bytesOfNames);
    }

    @Override
    public List<String> getChildren(String path, boolean watch, Stat stat)
            throws KeeperException, InterruptedException {
        return request(() -> super.getChildren(path, watch, stat), CountingZooKeeper::bytesOfNames);
    }

    @Override
    public int getAllChildrenNumber(String path) throws KeeperException, InterruptedException {
        return request(() -> super.getAllChildrenNumber(path));
    }

    @Override
    public List<String> getEphemerals(String prefixPath) throws KeeperException, InterruptedException {
        return request(() -> super.getEphemerals(prefixPath), CountingZooKeeper::bytesOfNames);
    }

    @Override
    public void sync(String path) throws KeeperException, InterruptedException {
        request(() -> {
            super.sync(path);
            return null;
        });
    }

    @Override
    public void removeWatches(String path, Watcher watcher, Watcher.WatcherType watcherType, boolean local)
            throws InterruptedException, KeeperException {
        request(() -> {
            super.removeWatches(path, w(watcher), watcherType, local);
            return null;
        });
    }

    @Override
    public void removeAllWatches(String path, Watcher.WatcherType watcherType, boolean local)
            throws InterruptedException, KeeperException {
        request(() -> {
            super.removeAllWatches(path, watcherType, local);
            return null;
        });
    }

    @Override
    public void addWatch(String basePath, Watcher watcher, AddWatchMode mode)
            throws KeeperException, InterruptedException {
        request(() -> {
            super.addWatch(basePath, w(watcher), mode);
            return null;
        });
    }

    @Override
    public void addWatch(String basePath, AddWatchMode mode) throws KeeperException, InterruptedException {
        request(() -> {
            super.addWatch(basePath, mode);
            return null;
        });
    }

    // ---- asynchronous requests -----------------------------------------------------------------

    @Override
    public void create(
            String path,
            byte[] data,
            List<ACL> acl,
            CreateMode createMode,
            AsyncCallback.StringCallback cb,
            Object ctx) {
        async(outer -> super.create(path, data, acl, createMode, cb, ctx));
    }

    @Override
    public void create(
            String path,
            byte[] data,
            List<ACL> acl,
            CreateMode createMode,
            AsyncCallback.Create2Callback cb,
            Object ctx) {
        async(outer -> super.create(path, data, acl, createMode, cb, ctx));
    }

    @Override
    public void create(
            String path,
            byte[] data,
            List<ACL> acl,
            CreateMode createMode,
            AsyncCallback.Create2Callback cb,
            Object ctx,
            long ttl) {
        async(outer -> super.create(path, data, acl, createMode, cb, ctx, ttl));
    }

    @Override
    public void delete(String path, int version, AsyncCallback.VoidCallback cb, Object ctx) {
        async(outer -> super.delete(path, version, cb, ctx));
    }

    @Override
    public void multi(Iterable<Op> ops, AsyncCallback.MultiCallback cb, Object ctx) {
        async(outer -> super.multi(ops, cb, ctx));
    }

    @Override
    public void exists(String path, Watcher watcher, AsyncCallback.StatCallback cb, Object ctx) {
        async(outer -> super.exists(path, w(watcher), cb, ctx));
    }

    @Override
    public void exists(String path, boolean watch, AsyncCallback.StatCallback cb, Object ctx) {
        async(outer -> super.exists(path, watch, cb, ctx));
    }

    @Override
    public void getData(String path, Watcher watcher, AsyncCallback.DataCallback cb, Object ctx) {
        async(outer -> super.getData(path, w(watcher), outer ? countingData(cb) : cb, ctx));
    }

    @Override
    public void getData(String path, boolean watch, AsyncCallback.DataCallback cb, Object ctx) {
        async(outer -> super.getData(path, watch, outer ? countingData(cb) : cb, ctx));
    }

    @Override
    public void setData(String path, byte[] data, int version, AsyncCallback.StatCallback cb, Object ctx) {
        async(outer -> super.setData(path, data, version, cb, ctx));
    }

    @Override
    public void getChildren(String path, Watcher watcher, AsyncCallback.ChildrenCallback cb, Object ctx) {
        async(outer -> super.getChildren(path, w(watcher), outer ? countingChildren(cb) : cb, ctx));
    }

    @Override
    public void getChildren(String path, boolean watch, AsyncCallback.ChildrenCallback cb, Object ctx) {
        async(outer -> super.getChildren(path, watch, outer ? countingChildren(cb) : cb, ctx));
    }

    @Override
    public void getChildren(String path, Watcher watcher, AsyncCallback.Children2Callback cb, Object ctx) {
        async(outer -> super.getChildren(path, w(watcher), outer ? countingChildren2(cb) : cb, ctx));
    }

    @Override
    public void getChildren(String path, boolean watch, AsyncCallback.Children2Callback cb, Object ctx) {
        async(outer -> super.getChildren(path, watch, outer ? countingChildren2(cb) : cb, ctx));
    }

    @Override
    public void sync(String path, AsyncCallback.VoidCallback cb, Object ctx) {
        async(outer -> super.sync(path, cb, ctx));
    }

    @Override
    public void removeWatches(
            String path,
            Watcher watcher,
            Watcher.WatcherType watcherType,
            boolean local,
            AsyncCallback.VoidCallback cb,
            Object ctx) {
        async(outer -> super.removeWatches(path, w(watcher), watcherType, local, cb, ctx));
    }

    @Override
    public void removeAllWatches(
            String path, Watcher.WatcherType watcherType, boolean local, AsyncCallback.VoidCallback cb, Object ctx) {
        async(outer -> super.removeAllWatches(path, watcherType, local, cb, ctx));
    }

    @Override
    public void addWatch(
            String basePath, Watcher watcher, AddWatchMode mode, AsyncCallback.VoidCallback cb, Object ctx) {
        async(outer -> super.addWatch(basePath, w(watcher), mode, cb, ctx));
    }

    @Override
    public void addWatch(String basePath, AddWatchMode mode, AsyncCallback.VoidCallback cb, Object ctx) {
        async(outer -> super.addWatch(basePath, mode, cb, ctx));
    }

    private AsyncCallback.DataCallback countingData(AsyncCallback.DataCallback cb) {
        if (cb == null) {
            return null;
        }
        return (rc, path, ctx, data, stat) -> {
            tally.bytesRead.addAndGet(bytes(data));
            cb.processResult(rc, path, ctx, data, stat);
        };
    }

    private AsyncCallback.ChildrenCallback countingChildren(AsyncCallback.ChildrenCallback cb) {
        if (cb == null) {
            return null;
        }
        return (rc, path, ctx, children) -> {
            tally.bytesRead.addAndGet(bytesOfNames(children));
            cb.processResult(rc, path, ctx, children);
        };
    }

    private AsyncCallback.Children2Callback countingChildren2(AsyncCallback.Children2Callback cb) {
        if (cb == null) {
            return null;
        }
        return (rc, path, ctx, children, stat) -> {
            tally.bytesRead.addAndGet(bytesOfNames(children));
            cb.processResult(rc, path, ctx, children, stat);
        };
    }
}
