package org.barrierlab.bench;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;

/**
 * The floor: what any barrier on ZooKeeper must pay after the last arrival. Waiters set an
 * exists-watch on a node that is fresh for every round; the last participant creates it; one
 * create round trip plus one notification per waiter. Not a barrier (nobody counts arrivals):
 * only meaningful in the harness's controlled rounds, so it has no throughput.
 */
final class FloorContender extends Contender {

    private final CountingZooKeeper[] sessions;
    private final AtomicLong[] wakeups;
    private String base;

    FloorContender(int n) {
        super(n);
        sessions = new CountingZooKeeper[n];
        wakeups = new AtomicLong[n];
        for (int i = 0; i < n; i++) {
            wakeups[i] = new AtomicLong();
        }
    }

    @Override
    String impl() {
        return "floor";
    }

    @Override
    boolean isDouble() {
        return false;
    }

    @Override
    boolean measuresThroughput() {
        return false;
    }

    @Override
    void open(String connectString, String basePath, List<Integer> participants)
            throws IOException, KeeperException, InterruptedException, BenchException {
        this.base = basePath;
        for (int p : participants) {
            sessions[p] = connect(connectString);
        }
        ZkPaths.ensure(sessions[participants.get(0)], basePath);
    }

    @Override
    boolean step(int p, Step step, long round, int last, long timeoutMillis)
            throws KeeperException, InterruptedException {
        String path = base + "/f" + round;
        if (p == last) {
            sessions[p].create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            return true;
        }
        CountDownLatch created = new CountDownLatch(1);
        Watcher watcher = e -> {
            if (e.getType() == Watcher.Event.EventType.NodeCreated) {
                created.countDown();
            }
        };
        if (sessions[p].exists(path, watcher) != null) {
            return true;
        }
        boolean ok = created.await(timeoutMillis, TimeUnit.MILLISECONDS);
        if (ok) {
            wakeups[p].incrementAndGet();
        }
        return ok;
    }

    @Override
    Counts counts(int p) {
        return sessions[p].counts().withWakeups(wakeups[p].get());
    }

    @Override
    CountingZooKeeper session(int p) {
        return sessions[p];
    }

    @Override
    public void close() {
        for (CountingZooKeeper zk : sessions) {
            closeQuietly(zk);
        }
    }
}
