package org.barrierlab.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * Opens real ZooKeeper sessions for tests, each waiting (bounded) until connected, and closes
 * them all at the end. Shared with the other modules through barrier-lib's test-jar.
 *
 * <pre>{@code
 * try (ZkSessions sessions = new ZkSessions(server.getConnectString(), 4000)) {
 *     ZooKeeper zk = sessions.open();
 * }
 * }</pre>
 */
public final class ZkSessions implements AutoCloseable {

    private final String connectString;
    private final int sessionTimeoutMs;
    private final List<ZooKeeper> open = new ArrayList<>();

    public ZkSessions(String connectString, int sessionTimeoutMs) {
        this.connectString = connectString;
        this.sessionTimeoutMs = sessionTimeoutMs;
    }

    /** A new connected session (an {@link InspectableZooKeeper}); fails after 20 s without a connection. */
    public synchronized ZooKeeper open() throws IOException, InterruptedException {
        return open(connectString);
    }

    /** A new connected session to the given servers. */
    public synchronized ZooKeeper open(String servers) throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new InspectableZooKeeper(servers, sessionTimeoutMs, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        open.add(zk);
        if (!connected.await(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no ZooKeeper connection to " + servers + " within 20 s");
        }
        return zk;
    }

    /**
     * Expires a session from the server side: a second client joins the same session (id and
     * password) and closes it, which ends the session exactly as an expiry does for its
     * ephemerals, and the original client gets Expired when it next talks to the server.
     */
    public void expire(ZooKeeper victim) throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper twin = new ZooKeeper(
                connectString,
                sessionTimeoutMs,
                e -> {
                    if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                        connected.countDown();
                    }
                },
                victim.getSessionId(),
                victim.getSessionPasswd());
        try {
            if (!connected.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException(
                        "could not attach to session 0x" + Long.toHexString(victim.getSessionId()));
            }
        } finally {
            twin.close();
        }
    }

    public int sessionTimeoutMs() {
        return sessionTimeoutMs;
    }

    @Override
    public synchronized void close() throws InterruptedException {
        for (ZooKeeper zk : open) {
            zk.close(2000);
        }
        open.clear();
    }
}
