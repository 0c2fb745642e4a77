package org.barrierlab.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failure class 8: a member that dies before it ever joins a barrier. Without a shared presence
 * directory nobody can tell it from a slow member and untimed waiters wait for ever; with {@code
 * presence(dir)} every survivor gets {@link ZkBrokenBarrierException} "p3 died" within about a
 * session timeout, and the history shows nobody passed. That must not depend on whether the
 * survivors first looked at the directory before or after the death; and a member that has not
 * created its presence node yet (a slow starter) must not be judged at all.
 */
class EarlyDeathTest {

    private static final String DIR = "/t/run/participants";
    private static final String PATH = "/t/run/barriers/b";
    private static final List<String> IDS = List.of("p1", "p2", "p3");

    private final ExecutorService pool = Executors.newFixedThreadPool(3);
    private final List<BarrierEvent> events = new CopyOnWriteArrayList<>();
    private TestingServer server;
    private ZkSessions sessions;
    private ZooKeeper admin;
    private final ZooKeeper[] zk = new ZooKeeper[3];

    @BeforeEach
    void start() throws Exception {
        server = ZkTestServers.single();
        sessions = new ZkSessions(server.getConnectString(), 2000);
        admin = sessions.open();
        for (String p : List.of("/t", "/t/run", DIR)) {
            admin.create(p, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        for (int i = 0; i < 3; i++) {
            zk[i] = sessions.open();
        }
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        sessions.close();
        server.close();
    }

    @Test
    void aMemberThatDiesBeforeJoiningBreaksTheBarrierForEverySurvivor() throws Exception {
        announceAll();
        ZkBarrier p1 = handle(0, PATH);
        ZkBarrier p2 = handle(1, PATH);
        Future<Integer> w1 = pool.submit(() -> p1.await());
        Future<Integer> w2 = pool.submit(() -> p2.await());
        ServerWatches.awaitArrivals(admin, PATH + "/g-0000000000", 2);
        zk[2].close(); // p3 dies without ever having built its barrier handle
        assertBrokenByP3(List.of(w1, w2));
        p1.close();
        p2.close();
    }

    /**
     * The race behind the flaky run: p3 was present, joined another barrier of the run and died,
     * all before the survivors' handles first listed the directory. They never saw p3 present.
     */
    @Test
    void aMemberThatDiedBeforeTheSurvivorsFirstLookedIsStillJudged() throws Exception {
        announceAll();
        try (ZkBarrier alone = ZkBarrier.builder(zk[2], "/t/run/barriers/warmup")
                .members(List.of("p3"))
                .participantId("p3")
                .presence(DIR)
                .build()) {
            assertEquals(0, alone.await(20, TimeUnit.SECONDS));
        }
        zk[2].close(); // p3 dies before p1 and p2 ever look
        assertNull(admin.exists(DIR + "/p3", false), "p3's presence node is gone");
        ZkBarrier p1 = handle(0, PATH);
        ZkBarrier p2 = handle(1, PATH);
        assertBrokenByP3(List.of(pool.submit(() -> p1.await()), pool.submit(() -> p2.await())));
        p1.close();
        p2.close();
    }

    /**
     * The same without p3 ever joining a barrier: p1 saw p3 present through a handle it has since
     * closed (its session's watch on the directory ended with it), then p3 died, then p1 and p2
     * built the barrier. Whoever saw p3 present must leave that fact for the others.
     */
    @Test
    void aDeathSeenOnlyByAClosedHandleIsNotForgotten() throws Exception {
        announceAll();
        try (ZkBarrier solo = ZkBarrier.builder(zk[0], "/t/run/barriers/solo")
                .members(List.of("p1"))
                .participantId("p1")
                .presence(DIR)
                .build()) {
            assertEquals(0, solo.await(20, TimeUnit.SECONDS));
        }
        zk[2].close();
        ZkBarrier p1 = handle(0, PATH);
        ZkBarrier p2 = handle(1, PATH);
        assertBrokenByP3(List.of(pool.submit(() -> p1.await()), pool.submit(() -> p2.await())));
        p1.close();
        p2.close();
    }

    /**
     * A slow starter is not dead: p1 and p2 arrive while p3 has no presence node yet; when p3
     * starts, announces itself and arrives, all three pass.
     */
    @Test
    void aMemberThatHasNotStartedYetIsNotJudged() throws Exception {
        announce(0);
        announce(1);
        ZkBarrier p1 = handle(0, PATH);
        ZkBarrier p2 = handle(1, PATH);
        Future<Integer> w1 = pool.submit(() -> p1.await());
        Future<Integer> w2 = pool.submit(() -> p2.await());
        ServerWatches.awaitArrivals(admin, PATH + "/g-0000000000", 2);
        announce(2);
        ZkBarrier p3 = handle(2, PATH);
        int i3 = p3.await(20, TimeUnit.SECONDS);
        int i1 = w1.get(20, TimeUnit.SECONDS);
        int i2 = w2.get(20, TimeUnit.SECONDS);
        assertEquals(0, i3, "p3 arrived last");
        assertEquals(3, i1 + i2 + i3, "indexes 2, 1, 0");
        assertTrue(events.stream().noneMatch(e -> e.kind() == BarrierEvent.Kind.BROKEN), "nobody broken: " + events);
        for (ZkBarrier b : List.of(p1, p2, p3)) {
            b.close();
        }
    }

    private void announceAll() throws Exception {
        for (int i = 0; i < 3; i++) {
            announce(i);
        }
    }

    private void announce(int i) throws Exception {
        zk[i].create(DIR + "/" + IDS.get(i), new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
    }

    private ZkBarrier handle(int i, String path) {
        return ZkBarrier.builder(zk[i], path)
                .members(IDS)
                .participantId(IDS.get(i))
                .presence(DIR)
                .listener(events::add)
                .build();
    }

    private void assertBrokenByP3(List<Future<Integer>> survivors) throws InterruptedException {
        for (Future<Integer> w : survivors) {
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
    }
}
