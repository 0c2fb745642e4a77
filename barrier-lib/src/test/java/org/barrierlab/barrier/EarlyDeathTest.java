package org.barrierlab.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.testing.ZkSessions;
import org.barrierlab.testing.ZkTestServers;
import org.junit.jupiter.api.Test;

/**
 * Failure class 8: a member that dies before it ever joins a barrier. Without a shared presence
 * directory nobody can tell it from a slow member and untimed waiters wait for ever; with {@code
 * presence(dir)} every survivor gets {@link ZkBrokenBarrierException} "p3 died" within about a
 * session timeout, and the history shows nobody passed.
 */
class EarlyDeathTest {

    @Test
    void aMemberThatDiesBeforeJoiningBreaksTheBarrierForEverySurvivor() throws Exception {
        String dir = "/t/run/participants";
        String path = "/t/run/barriers/b";
        List<String> ids = List.of("p1", "p2", "p3");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (TestingServer server = ZkTestServers.single();
                ZkSessions sessions = new ZkSessions(server.getConnectString(), 2000)) {
            ZooKeeper admin = sessions.open();
            admin.create("/t", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            admin.create("/t/run", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            admin.create(dir, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            ZooKeeper[] zk = new ZooKeeper[3];
            for (int i = 0; i < 3; i++) {
                zk[i] = sessions.open();
                zk[i].create(dir + "/" + ids.get(i), new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            }
            List<BarrierEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            ZkBarrier p1 = ZkBarrier.builder(zk[0], path)
                    .members(ids)
                    .participantId("p1")
                    .presence(dir)
                    .listener(events::add)
                    .build();
            ZkBarrier p2 = ZkBarrier.builder(zk[1], path)
                    .members(ids)
                    .participantId("p2")
                    .presence(dir)
                    .listener(events::add)
                    .build();
            Future<Integer> w1 = pool.submit(() -> p1.await());
            Future<Integer> w2 = pool.submit(() -> p2.await());
            ServerWatches.awaitArrivals(admin, path + "/g-0000000000", 2);
            zk[2].close(); // p3 dies without ever having built its barrier handle
            for (Future<Integer> w : List.of(w1, w2)) {
                try {
                    w.get(20, TimeUnit.SECONDS);
                    throw new AssertionError("a survivor passed although p3 never arrived");
                } catch (TimeoutException e) {
                    throw new AssertionError("a survivor still waits for p3, which died before joining");
                } catch (ExecutionException e) {
                    assertTrue(e.getCause() instanceof ZkBrokenBarrierException, "not " + e.getCause());
                    assertEquals("p3 died", ((ZkBrokenBarrierException) e.getCause()).reason());
                }
            }
            assertTrue(events.stream().noneMatch(e -> e.kind() == BarrierEvent.Kind.PASS), "nobody passed: " + events);
            p1.close();
            p2.close();
        } finally {
            pool.shutdownNow();
        }
    }
}
