package org.barrierlab.grade.participant;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;
import org.barrierlab.grade.impl.SessionSource;

/**
 * The real ZooKeeper client a graded implementation is given, observed: it counts requests (one
 * per synchronous request method called, a {@code multi} is one) and watch notifications of node
 * events delivered to any watcher of the session, and it injects the grader's faults:
 *
 * <ul>
 *   <li><b>lost reply</b> ({@link #loseNextCreateReply()}): the next {@code create} that the server
 *       applies answers the caller with {@code CONNECTIONLOSS} instead of its result, exactly what
 *       a client sees when the connection drops after the write and before the reply;
 *   <li><b>slow reader</b> ({@link #delayReads}): every read ({@code exists}, {@code getData},
 *       {@code getChildren}) starts that much later, so this participant sees every change late.
 * </ul>
 *
 * <p>Sessions opened with {@link #openSession} (Curator's own client) share the counters and the
 * faults. Asynchronous calls are passed through uncounted (the recipes graded here use the
 * synchronous API). Thread-safe.
 */
final class ObservedZooKeeper extends ZooKeeper implements SessionSource {

    /** Counters and faults shared by all sessions of one participant. */
    static final class Observer {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong notifications = new AtomicLong();
        final AtomicBoolean loseCreateReply = new AtomicBoolean();
        final AtomicLong readDelayMillis = new AtomicLong();
        final AtomicLong lostReplies = new AtomicLong();
        final AtomicInteger inFlight = new AtomicInteger();
        final Map<Watcher, Watcher> wrappers = new ConcurrentHashMap<>();

        Watcher wrap(Watcher w) {
            if (w == null) {
                return null;
            }
            // One wrapper per watcher: ZooKeeper de-duplicates and removes watches by equality.
            return wrappers.computeIfAbsent(w, original -> (WatchedEvent e) -> {
                if (e.getType() != Watcher.Event.EventType.None) {
                    notifications.incrementAndGet();
                }
                original.process(e);
            });
        }
    }

    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final Observer observer;
    private final String connect;

    private ObservedZooKeeper(String connect, int sessionTimeout, Watcher watcher, boolean readOnly, Observer o)
            throws IOException {
        super(connect, sessionTimeout, o.wrap(watcher == null ? e -> {} : watcher), readOnly);
        this.observer = o;
        this.connect = connect;
    }

    /** Opens an observed session with fresh counters. */
    static ObservedZooKeeper open(String connect, int sessionTimeout, Watcher watcher) throws IOException {
        return new ObservedZooKeeper(connect, sessionTimeout, watcher, false, new Observer());
    }

    @Override
    public ZooKeeper openSession(int sessionTimeoutMillis, Watcher watcher, boolean canBeReadOnly) throws IOException {
        return new ObservedZooKeeper(connect, sessionTimeoutMillis, watcher, canBeReadOnly, observer);
    }

    long requests() {
        return observer.requests.get();
    }

    long notifications() {
        return observer.notifications.get();
    }

    /** Synchronous requests awaiting their reply now: 0 while the implementation blocks on a watch. */
    int inFlight() {
        return observer.inFlight.get();
    }

    long lostReplies() {
        return observer.lostReplies.get();
    }

    /** Arms the lost-reply fault for the next applied {@code create}. */
    void loseNextCreateReply() {
        observer.loseCreateReply.set(true);
    }

    void delayReads(long millis) {
        observer.readDelayMillis.set(millis);
    }

    private interface Call<T> {
        T run() throws KeeperException, InterruptedException;
    }

    private <T> T counted(Call<T> call) throws KeeperException, InterruptedException {
        int[] depth = DEPTH.get();
        boolean outer = depth[0]++ == 0;
        if (outer) {
            observer.requests.incrementAndGet();
            observer.inFlight.incrementAndGet();
        }
        try {
            return call.run();
        } finally {
            depth[0]--;
            if (outer) {
                observer.inFlight.decrementAndGet();
            }
        }
    }

    private <T> T read(Call<T> call) throws KeeperException, InterruptedException {
        long delay = observer.readDelayMillis.get();
        if (delay > 0 && DEPTH.get()[0] == 0) {
            TimeUnit.MILLISECONDS.sleep(delay); // the injected slowness itself
        }
        return counted(call);
    }

    private String created(Call<String> call) throws KeeperException, InterruptedException {
        boolean outer = DEPTH.get()[0] == 0;
        String path = counted(call);
        if (outer && observer.loseCreateReply.compareAndSet(true, false)) {
            observer.lostReplies.incrementAndGet();
            throw new KeeperException.ConnectionLossException();
        }
        return path;
    }

    @Override
    public String create(String path, byte[] data, List<ACL> acl, CreateMode mode)
            throws KeeperException, InterruptedException {
        return created(() -> super.create(path, data, acl, mode));
    }

    @Override
    public String create(String path, byte[] data, List<ACL> acl, CreateMode mode, Stat stat)
            throws KeeperException, InterruptedException {
        return created(() -> super.create(path, data, acl, mode, stat));
    }

    @Override
    public String create(String path, byte[] data, List<ACL> acl, CreateMode mode, Stat stat, long ttl)
            throws KeeperException, InterruptedException {
        return created(() -> super.create(path, data, acl, mode, stat, ttl));
    }

    @Override
    public void delete(String path, int version) throws InterruptedException, KeeperException {
        counted(() -> {
            super.delete(path, version);
            return null;
        });
    }

    @Override
    public List<OpResult> multi(Iterable<Op> ops) throws InterruptedException, KeeperException {
        return counted(() -> super.multi(ops));
    }

    @Override
    public Stat setData(String path, byte[] data, int version) throws KeeperException, InterruptedException {
        return counted(() -> super.setData(path, data, version));
    }

    @Override
    public Stat exists(String path, Watcher watcher) throws KeeperException, InterruptedException {
        return read(() -> super.exists(path, observer.wrap(watcher)));
    }

    @Override
    public Stat exists(String path, boolean watch) throws KeeperException, InterruptedException {
        return read(() -> super.exists(path, watch));
    }

    @Override
    public byte[] getData(String path, Watcher watcher, Stat stat) throws KeeperException, InterruptedException {
        return read(() -> super.getData(path, observer.wrap(watcher), stat));
    }

    @Override
    public byte[] getData(String path, boolean watch, Stat stat) throws KeeperException, InterruptedException {
        return read(() -> super.getData(path, watch, stat));
    }

    @Override
    public List<String> getChildren(String path, Watcher watcher) throws KeeperException, InterruptedException {
        return read(() -> super.getChildren(path, observer.wrap(watcher)));
    }

    @Override
    public List<String> getChildren(String path, boolean watch) throws KeeperException, InterruptedException {
        return read(() -> super.getChildren(path, watch));
    }

    @Override
    public List<String> getChildren(String path, Watcher watcher, Stat stat)
            throws KeeperException, InterruptedException {
        return read(() -> super.getChildren(path, observer.wrap(watcher), stat));
    }

    @Override
    public List<String> getChildren(String path, boolean watch, Stat stat)
            throws KeeperException, InterruptedException {
        return read(() -> super.getChildren(path, watch, stat));
    }

    @Override
    public void sync(String path) throws KeeperException, InterruptedException {
        counted(() -> {
            super.sync(path);
            return null;
        });
    }

    @Override
    public void addWatch(String basePath, Watcher watcher, AddWatchMode mode)
            throws KeeperException, InterruptedException {
        counted(() -> {
            super.addWatch(basePath, observer.wrap(watcher), mode);
            return null;
        });
    }

    @Override
    public void addWatch(String basePath, AddWatchMode mode) throws KeeperException, InterruptedException {
        counted(() -> {
            super.addWatch(basePath, mode);
            return null;
        });
    }

    @Override
    public void removeWatches(String path, Watcher watcher, Watcher.WatcherType watcherType, boolean local)
            throws InterruptedException, KeeperException {
        counted(() -> {
            super.removeWatches(path, observer.wrap(watcher), watcherType, local);
            return null;
        });
    }
}
