package org.barrierlab.barrier;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZKUtil;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.testing.ZkSessions;
import org.barrierlab.testing.ZkTestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failure class 5: tampering with the barrier's nodes (open ACL) while members wait, untimed, for
 * a member that has not come yet: garbage in the configuration, the slot deleted, the whole
 * barrier deleted. Every waiter ends with a clear {@link ZkBrokenBarrierException} within a
 * session timeout or two, none hangs.
 */
class TamperingTest {

    private static final List<String> IDS = List.of("p1", "p2", "p3");
    private static final int SESSION_MS = 2000;
    private TestingServer server;
    private ZkSessions sessions;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void start() throws Exception {
        server = ZkTestServers.single();
        sessions = new ZkSessions(server.getConnectString(), SESSION_MS);
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        sessions.close();
        server.close();
    }

    interface Tamper {
        void apply(ZooKeeper zk, String path) throws Exception;
    }

    @Test
    void garbageInTheConfigurationEndsEveryWaiter() throws Exception {
        waitersEndAfter("/t/tamper/config", (zk, p) -> zk.setData(p, "garbage".getBytes(), -1));
    }

    @Test
    void deletingTheSlotEndsEveryWaiter() throws Exception {
        waitersEndAfter("/t/tamper/slot", (zk, p) -> {
            for (String k : zk.getChildren(p, false)) {
                if (k.startsWith("g-")) {
                    ZKUtil.deleteRecursive(zk, p + "/" + k);
                }
            }
        });
    }

    @Test
    void deletingTheWholeBarrierEndsEveryWaiter() throws Exception {
        waitersEndAfter("/t/tamper/all", TamperingTest::deleteAll);
    }

    /** Deletes a subtree while its owners may still write into it (retries until it is gone). */
    static void deleteAll(ZooKeeper zk, String path) throws Exception {
        for (int attempt = 0; zk.exists(path, false) != null; attempt++) {
            try {
                ZKUtil.deleteRecursive(zk, path);
            } catch (KeeperException.NotEmptyException | KeeperException.NoNodeException e) {
                if (attempt > 20) {
                    throw e;
                }
            }
        }
    }

    private void waitersEndAfter(String path, Tamper tamper) throws Exception {
        List<ZkBarrier> waiting = new ArrayList<>();
        List<Future<Integer>> calls = new ArrayList<>();
        for (String id : List.of("p1", "p2")) {
            ZkBarrier b = ZkBarrier.builder(sessions.open(), path)
                    .members(IDS)
                    .participantId(id)
                    .build();
            waiting.add(b);
            calls.add(pool.submit(() -> b.await()));
        }
        ZooKeeper zk = sessions.open();
        ServerWatches.awaitArrivals(zk, path + "/g-0000000000", 2);
        tamper.apply(zk, path);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3L * SESSION_MS + 5000);
        for (Future<Integer> f : calls) {
            try {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                throw new AssertionError("a waiter passed although p3 never arrived");
            } catch (TimeoutException e) {
                throw new AssertionError("a waiter's untimed await() still hangs after tampering at " + path);
            } catch (ExecutionException e) {
                assertTrue(
                        e.getCause() instanceof ZkBrokenBarrierException,
                        "a clear ZkBrokenBarrierException, not " + e.getCause());
                assertTrue(!((ZkBrokenBarrierException) e.getCause()).reason().isEmpty());
            }
        }
        waiting.forEach(ZkBarrier::close);
    }
}
