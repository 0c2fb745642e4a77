package org.barrierlab.barrier.curator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.KillSession;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.barrierlab.barrier.BarrierEvent;
import org.barrierlab.barrier.ZkBarrier;
import org.barrierlab.barrier.ZkBrokenBarrierException;
import org.junit.jupiter.api.Test;

/**
 * A session expiry mid-wait (Curator's LOST): the waiter's generation breaks for everybody with
 * reason "session expired", and the same handle then completes the next generation on the new
 * session Curator created, like a restarted member.
 */
class CuratorSessionExpiryTest {

    private static final List<String> IDS = List.of("p1", "p2", "p3");
    private static final String PATH = "/app/expiry";

    @Test
    void serverSideExpiryMidWaitBreaksTheGenerationAndTheSameHandleCompletesTheNext() throws Exception {
        expireMidWait((zk, connect) -> KillSession.kill(zk, connect));
    }

    @Test
    void curatorInjectedExpiryMidWaitBreaksTheGenerationAndTheSameHandleCompletesTheNext() throws Exception {
        expireMidWait((zk, connect) -> KillSession.kill(zk));
    }

    interface Kill {
        void kill(ZooKeeper zk, String connect) throws Exception;
    }

    private static void expireMidWait(Kill kill) throws Exception {
        try (TestingServer server = CuratorFixtures.server();
                CuratorFramework c1 = CuratorFixtures.client(server.getConnectString(), 2000);
                CuratorFramework c2 = CuratorFixtures.client(server.getConnectString(), 2000);
                CuratorFramework c3 = CuratorFixtures.client(server.getConnectString(), 2000)) {
            List<BarrierEvent> p1Events = java.util.Collections.synchronizedList(new ArrayList<>());
            ZkBarrier h1 = CuratorBarriers.barrier(c1, PATH)
                    .members(IDS)
                    .participantId("p1")
                    .listener(p1Events::add)
                    .build();
            ZkBarrier h2 = CuratorBarriers.barrier(c2, PATH)
                    .members(IDS)
                    .participantId("p2")
                    .build();
            ZkBarrier h3 = CuratorBarriers.barrier(c3, PATH)
                    .members(IDS)
                    .participantId("p3")
                    .build();
            List<ZkBarrier> all = List.of(h1, h2, h3);
            roundOfAll(all); // generation 0: everybody joined on its first session
            long oldSession = c1.getZookeeperClient().getZooKeeper().getSessionId();

            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<Integer> w1 = pool.submit(() -> h1.await(30, TimeUnit.SECONDS));
                Future<Integer> w2 = pool.submit(() -> h2.await(30, TimeUnit.SECONDS));
                CuratorFixtures.awaitCondition(
                        "p1 and p2 arrived at generation 1",
                        20,
                        () -> CuratorFixtures.arrived(c3, PATH + "/g-0000000001", 2));

                kill.kill(c1.getZookeeperClient().getZooKeeper(), server.getConnectString());

                ZkBrokenBarrierException e1 = brokenFrom(w1);
                assertEquals("session expired", e1.reason(), "the expired waiter's reason: " + e1.getMessage());
                assertEquals(1, e1.generation());
                ZkBrokenBarrierException e2 = brokenFrom(w2); // all-or-none: the other waiter breaks too
                assertEquals(1, e2.generation(), e2.getMessage());
                assertThrows(ZkBrokenBarrierException.class, () -> h3.await(30, TimeUnit.SECONDS));
            } finally {
                pool.shutdownNow();
            }

            // the old session is gone on the server, and the survivors have broken every open slot
            CuratorFixtures.awaitCondition("the old session's liveness node is gone", 20, () -> {
                Stat st = stat(c2, PATH + "/live/p1");
                return st == null || st.getEphemeralOwner() != oldSession;
            });
            CuratorFixtures.awaitCondition(() -> "no open slot left: " + openSlots(c2), 20, () -> openSlots(c2)
                    .isEmpty());

            h2.reset();
            List<Integer> indexes = roundOfAll(all); // the same handles, p1 on its new session
            assertEquals(List.of(0, 1, 2), indexes.stream().sorted().toList());
            long newSession = c1.getZookeeperClient().getZooKeeper().getSessionId();
            assertNotEquals(oldSession, newSession, "Curator created a new session");
            Stat live = stat(c2, PATH + "/live/p1");
            assertTrue(live != null && live.getEphemeralOwner() == newSession, "p1 re-joined on the new session");
            assertEquals(h2.generation(), h1.generation());
            assertTrue(
                    p1Events.stream()
                            .anyMatch(e -> e.kind() == BarrierEvent.Kind.PASS && e.generation() == h1.generation()),
                    "p1 passed the generation after the expiry: " + p1Events);
            all.forEach(ZkBarrier::close);
        }
    }

    private static List<Integer> roundOfAll(List<ZkBarrier> handles) throws Exception {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (ZkBarrier h : handles) {
            tasks.add(() -> h.await(30, TimeUnit.SECONDS));
        }
        return CuratorFixtures.together(40, tasks);
    }

    private static ZkBrokenBarrierException brokenFrom(Future<Integer> f) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
        return assertInstanceOf(ZkBrokenBarrierException.class, e.getCause());
    }

    private static Stat stat(CuratorFramework c, String path) {
        try {
            return c.checkExists().forPath(path);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The undecided slots with their children: {@code open} still there (not broken) and no
     * release child {@code r-<2N>} (not released).
     */
    private static List<String> openSlots(CuratorFramework c) {
        List<String> open = new ArrayList<>();
        String release = String.format("r-%010d", 2 * IDS.size());
        try {
            for (String k : c.getChildren().forPath(PATH)) {
                List<String> kids = k.startsWith("g-") ? c.getChildren().forPath(PATH + "/" + k) : List.of();
                if (kids.contains("open") && !kids.contains(release)) {
                    open.add(k + kids);
                }
            }
        } catch (Exception e) {
            open.add(e.toString());
        }
        return open;
    }
}
