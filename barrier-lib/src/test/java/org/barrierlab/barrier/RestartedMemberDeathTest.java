package org.barrierlab.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.barrierlab.testing.ZkSessions;
import org.barrierlab.testing.ZkTestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A member that dies, is restarted with the same id (a new session announces it again in the
 * presence directory, and it re-joins the run like a restarted participant) and dies a second
 * time must be judged again. Its second death happens while it is in another barrier of the run,
 * so only the presence directory can tell the survivor, who waits at the barrier after a reset.
 * Before the fix a session judged each id once, and the survivor waited for the dead member.
 */
class RestartedMemberDeathTest {

    private static final String DIR = "/t/run/participants";
    private static final String PATH = "/t/run/barriers/b";
    private static final List<String> IDS = List.of("p1", "p2");

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final List<BarrierEvent> events = new CopyOnWriteArrayList<>();
    private TestingServer server;
    private ZkSessions sessions;
    private ZooKeeper admin;

    @BeforeEach
    void start() throws Exception {
        server = ZkTestServers.single();
        sessions = new ZkSessions(server.getConnectString(), 2000);
        admin = sessions.open();
        for (String p : List.of("/t", "/t/run", DIR)) {
            admin.create(p, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        sessions.close();
        server.close();
    }

    @Test
    void aRestartedMemberThatDiesAgainIsJudgedAgain() throws Exception {
        ZooKeeper zk1 = sessions.open();
        announce(zk1, "p1");
        ZkBarrier p1 = ZkBarrier.builder(zk1, PATH)
                .members(IDS)
                .participantId("p1")
                .presence(DIR)
                .listener(events::add)
                .build();

        // first incarnation of p2: announced, dies before it reaches the barrier
        ZooKeeper first = sessions.open();
        announce(first, "p2");
        Future<Integer> w = pool.submit(() -> p1.await());
        ServerWatches.awaitArrivals(admin, PATH + "/g-0000000000", 1);
        first.close();
        assertBrokenByP2(w, "the first death");

        // p2 restarts with the same id, announces itself again and passes another barrier of the run
        ZooKeeper second = sessions.open();
        announce(second, "p2");
        try (ZkBarrier warmup = ZkBarrier.builder(second, "/t/run/barriers/warmup")
                .members(List.of("p2"))
                .participantId("p2")
                .presence(DIR)
                .build()) {
            assertEquals(0, warmup.await(20, TimeUnit.SECONDS));
        }
        ServerWatches.drainSession(zk1, 3); // p1's session has listed the directory with p2 back
        p1.reset();
        long fresh = p1.generation();
        Future<Integer> again = pool.submit(() -> p1.await());
        ServerWatches.awaitArrivals(admin, PATH + String.format("/g-%010d", fresh), 1);
        second.close(); // the restarted p2 dies too, outside this barrier
        assertBrokenByP2(again, "the second death (after a restart)");
        p1.close();
    }

    /**
     * The restarted p2 dies before any survivor's listing saw it back: its new incarnation's
     * presence node is created and deleted in one transaction, so no listing can ever show it
     * (the deterministic form of "dies within a round trip of its restart"). The survivor has
     * judged p2 dead once already and sees it absent before and after; only the incarnation the
     * restart recorded tells it that this is a second death. Before incarnations were recorded,
     * p1 waited for p2 at the barrier after its reset.
     */
    @Test
    void aRestartedMemberThatDiesBeforeAnyListingSawItIsJudgedAgain() throws Exception {
        ZkBarrier p1 = p1JudgesP2DeadOnce();

        p1.reset();
        long fresh = p1.generation();
        Future<Integer> again = pool.submit(() -> p1.await());
        ServerWatches.awaitArrivals(admin, PATH + String.format("/g-%010d", fresh), 1);
        // p2 restarts (its record exists: the restart's transaction) and dies in the same breath
        ZooKeeper second = sessions.open();
        List<Op> restartAndDie = new ArrayList<>(
                ZkBarrier.presenceAnnouncement(DIR, "p2", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, true));
        restartAndDie.add(Op.delete(DIR + "/p2", -1));
        second.multi(restartAndDie);
        second.close();
        assertBrokenByP2(again, "the second death (a restart no listing saw)");
        p1.close();
    }

    /**
     * The other side of judging by incarnation records: a restarted p2 that lives is not taken
     * for dead although its newest record is newer than the one p1 judged, and a survivor that
     * starts later and finds two incarnation records of a live p2 judges nobody. Both then pass.
     */
    @Test
    void aRestartedMemberThatLivesIsNotJudged() throws Exception {
        ZkBarrier p1 = p1JudgesP2DeadOnce();

        p1.reset();
        ZooKeeper second = sessions.open();
        second.multi(ZkBarrier.presenceAnnouncement(DIR, "p2", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, true));
        ZooKeeper third = sessions.open(); // a survivor that first looks now: +p2 and +p2+N, p2 present
        try (ZkBarrier p2 = ZkBarrier.builder(second, PATH)
                        .members(IDS)
                        .participantId("p2")
                        .presence(DIR)
                        .build();
                ZkBarrier late = ZkBarrier.builder(third, "/t/run/barriers/late")
                        .members(List.of("p2", "p3"))
                        .participantId("p3")
                        .presence(DIR)
                        .build()) {
            Future<Integer> a1 = pool.submit(() -> p1.await(20, TimeUnit.SECONDS));
            Future<Integer> lateWait = pool.submit(() -> late.await(20, TimeUnit.SECONDS));
            assertEquals(0, p2.await(20, TimeUnit.SECONDS), "the restarted p2 arrives last and passes");
            a1.get(20, TimeUnit.SECONDS);
            try (ZkBarrier p2late = ZkBarrier.builder(second, "/t/run/barriers/late")
                    .members(List.of("p2", "p3"))
                    .participantId("p2")
                    .presence(DIR)
                    .build()) {
                assertEquals(0, p2late.await(20, TimeUnit.SECONDS), "p3's barrier did not judge the live p2");
            }
            assertEquals(1, lateWait.get(20, TimeUnit.SECONDS));
        }
        p1.close();
    }

    private static void announce(ZooKeeper zk, String id) throws Exception {
        zk.create(DIR + "/" + id, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
    }

    private void assertBrokenByP2(Future<Integer> w, String which) throws InterruptedException {
        try {
            w.get(20, TimeUnit.SECONDS);
            throw new AssertionError("p1 passed although p2 never arrived (" + which + ")");
        } catch (TimeoutException e) {
            throw new AssertionError("p1 still waits for p2 20 s after " + which + " of p2; events " + events);
        } catch (ExecutionException e) {
            assertTrue(e.getCause() instanceof ZkBrokenBarrierException, "not " + e.getCause());
            assertEquals("p2 died", ((ZkBrokenBarrierException) e.getCause()).reason(), which);
        }
    }

    /**
     * p1 joins with the presence directory and waits; p2's first incarnation announces itself
     * and dies; p1 is broken with "p2 died". Returns p1, broken, for the restart that follows.
     */
    private ZkBarrier p1JudgesP2DeadOnce() throws Exception {
        ZooKeeper zk1 = sessions.open();
        announce(zk1, "p1");
        ZkBarrier p1 = ZkBarrier.builder(zk1, PATH)
                .members(IDS)
                .participantId("p1")
                .presence(DIR)
                .listener(events::add)
                .build();
        ZooKeeper first = sessions.open();
        first.multi(ZkBarrier.presenceAnnouncement(DIR, "p2", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, false));
        Future<Integer> w = pool.submit(() -> p1.await());
        ServerWatches.awaitArrivals(admin, PATH + "/g-0000000000", 1);
        first.close();
        assertBrokenByP2(w, "the first death");
        return p1;
    }
}
